"""Tests for timeline.extract.text: furniture, paragraphs, sentences, offsets, kinds."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.extract.records import Sentence
from timeline.extract.text import CUES_PATH, furniture, load_cues, segment, split

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def texts(text: str) -> list[str]:
    return [s.text for s in split(text)]


def kinds(text: str) -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in split(text)]


def assert_offsets(text: str, sentences: list[Sentence]) -> None:
    last = 0
    for s in sentences:
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip() and s.text
        assert last <= s.start < s.end
        last = s.end


# -- sentences -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The talks are set for Dec. 15 in Phnom Penh. Officials confirmed it.",
            ["The talks are set for Dec. 15 in Phnom Penh.", "Officials confirmed it."],
        ),
        (
            "The U.S. Navy sent a ship. It docked at Ream.",
            ["The U.S. Navy sent a ship.", "It docked at Ream."],
        ),
        (
            "Lt. Col. John Smith met Gen. Ith Sarath on Monday. They discussed drills.",
            ["Lt. Col. John Smith met Gen. Ith Sarath on Monday.", "They discussed drills."],
        ),
        (
            "Mr. Hun Sen met Sen. Jane Doe and Rep. John Roe at 10 a.m. on Jan. 5.",
            ["Mr. Hun Sen met Sen. Jane Doe and Rep. John Roe at 10 a.m. on Jan. 5."],
        ),
        (
            "Lloyd J. Austin III arrived. He met No. 2 officials at St. Regis.",
            ["Lloyd J. Austin III arrived.", "He met No. 2 officials at St. Regis."],
        ),
        (
            "Acme Corp. and Widget Inc. signed a deal. The deal is worth $5 mln.",
            ["Acme Corp. and Widget Inc. signed a deal.", "The deal is worth $5 mln."],
        ),
        (
            "The meeting ended at 5 p.m. The leaders then left.",
            ["The meeting ended at 5 p.m.", "The leaders then left."],
        ),
        (
            "Talks were held in the U.S. The two sides agreed.",
            ["Talks were held in the U.S.", "The two sides agreed."],
        ),
        (
            "Growth was 5.93 pct. Prices rose 2.5 pct in Jan.",
            ["Growth was 5.93 pct.", "Prices rose 2.5 pct in Jan."],
        ),
    ],
)
def test_text_split_abbreviations(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "He said: “China will always be number one.” Analysts disagreed.",
            ["He said: “China will always be number one.”", "Analysts disagreed."],
        ),
        (
            "“Is this right?” she asked. “Yes!” he said.",
            ["“Is this right?” she asked.", "“Yes!” he said."],
        ),
        (
            'The pact "is historic." Both sides (including Japan.) agreed.',
            ['The pact "is historic."', "Both sides (including Japan.) agreed."],
        ),
        (
            "Cambodian products… as well as imports. Trade grew.",
            ["Cambodian products… as well as imports.", "Trade grew."],
        ),
    ],
)
def test_text_split_quotes_and_brackets(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("SALVADOR, Feb 26 - Showers continued all week. Arrivals were late.", "SALVADOR"),
        ("PHNOM PENH (Reuters) — Cambodia will host drills. China agreed.", "PHNOM PENH"),
        ("JAKARTA, Aug 1 — The exercise began on Monday. It runs two weeks.", "JAKARTA"),
    ],
)
def test_text_dateline_stays_in_first_sentence(text: str, first: str) -> None:
    sentences = split(text)
    assert len(sentences) == 2
    assert sentences[0].text.startswith(first) and sentences[0].kind == "body"


WRAPPED = """TOKYO, March 3 - Japan and Cambodia agreed on Tuesday to
hold annual defence talks, the foreign ministry said in a
statement issued after a meeting in Tokyo.
    The talks will start in June. Officials from the U.S.
embassy attended as observers.
    No date was given for the next round.
 Reuter
"""


def test_text_split_joins_wrapped_lines_into_paragraphs() -> None:
    sentences = split(WRAPPED)
    assert [(s.paragraph, s.text.replace("\n", " ")) for s in sentences] == [
        (0, "TOKYO, March 3 - Japan and Cambodia agreed on Tuesday to hold annual defence "
            "talks, the foreign ministry said in a statement issued after a meeting in Tokyo."),
        (1, "The talks will start in June."),
        (1, "Officials from the U.S. embassy attended as observers."),
        (2, "No date was given for the next round."),
    ]  # fmt: skip
    assert_offsets(WRAPPED, sentences)
    assert [(WRAPPED[a:b], r) for a, b, r in furniture(WRAPPED)] == [("Reuter", "byline")]


def test_text_one_sentence_per_line_pages_are_paragraphs() -> None:
    text = (
        "Cambodia and Japan signed a defence pact on Sunday in Tokyo after long talks.\n"
        "The pact covers training, port calls and the exchange of officers.\n"
        "Military Presence\n"
        "Both sides said they would meet again next year in Phnom Penh."
    )
    assert [s.paragraph for s in split(text)] == [0, 1, 2, 3]


# -- furniture -----------------------------------------------------------------------------------

ARTICLE = "Cambodia and Japan held talks in Tokyo on Sunday, the ministry said."


@pytest.mark.parametrize(
    ("text", "dropped"),
    [
        (
            "Rice Prices Climb Again | Minister Opens New Bridge In Kampot | Floods Hit The North |"
            f"\n\n{ARTICLE}",
            [
                (
                    "Rice Prices Climb Again | Minister Opens New Bridge In Kampot | "
                    "Floods Hit The North |",
                    "ticker",
                )
            ],
        ),
        (
            f"Minister opens new bridge in Kampot 2 hours ago\nFloods hit the North 5 hours ago"
            f"\n\n{ARTICLE}",
            [
                (
                    "Minister opens new bridge in Kampot 2 hours ago\n"
                    "Floods hit the North 5 hours ago",
                    "ticker",
                )
            ],
        ),
        (
            f"{ARTICLE}\n\nRelated News\n\nRice prices climb again\n\nFloods hit the North",
            [("Related News\n\nRice prices climb again\n\nFloods hit the North", "related")],
        ),
        (
            f"{ARTICLE}\n\nYou may also like:\nRice prices climb again\n\n©2024 Example Media Ltd.",
            [
                ("You may also like:\nRice prices climb again", "related"),
                ("©2024 Example Media Ltd.", "copyright"),
            ],
        ),
        (
            f"{ARTICLE}\n\nCopyright 2023 The Daily. All rights reserved.",
            [("Copyright 2023 The Daily. All rights reserved.", "copyright")],
        ),
        (
            f"By John Smith\n\n{ARTICLE}\n\nShare this article\nSubscribe to our newsletter",
            [
                ("By John Smith", "byline"),
                ("Share this article\nSubscribe to our newsletter", "navigation"),
            ],
        ),
        (
            f"Home > World > Asia\n[Share icons: Facebook | Twitter | Email]\n\n{ARTICLE}",
            [("Home > World > Asia\n[Share icons: Facebook | Twitter | Email]", "navigation")],
        ),
        (
            f"{ARTICLE}\n\nRead more: Rice prices climb again\n\n{ARTICLE}",
            [("Read more: Rice prices climb again", "related")],
        ),
    ],
)
def test_text_furniture_dropped(text: str, dropped: list[tuple[str, str]]) -> None:
    spans = furniture(text)
    assert [(text[a:b], reason) for a, b, reason in spans] == dropped
    sentences = split(text)
    assert_offsets(text, sentences)
    assert all(not (a <= s.start < b) for s in sentences for a, b, _ in spans)
    assert ARTICLE in [s.text for s in sentences]


def test_text_related_section_ends_at_a_clear_return_to_body() -> None:
    body = (
        "Cambodia and Japan held talks in Tokyo on Sunday, the ministry said in a statement. "
        "The two sides agreed to upgrade their relations to a comprehensive strategic "
        "partnership, and to hold annual defence talks from next year, officials said."
    )
    text = f"{ARTICLE}\n\nRelated Stories\nRice prices climb\nFloods hit the North\n{body}\n{body}"
    assert [text[a:b] for a, b, _ in furniture(text)] == [
        "Related Stories\nRice prices climb\nFloods hit the North"
    ]
    assert [s.paragraph for s in split(text)] == [0, 1, 1, 2, 2]


def test_text_trailing_bulleted_teasers_are_related() -> None:
    teaser = (
        "The preliminary results of a feasibility study indicate that the project would cost "
        "more than $4 billion and take around four years to complete. The study was done by"
    )
    text = (
        f"{ARTICLE}\n\n  • Rail project making headway\n\n    {teaser}\n\n"
        f"  • Thai boxers to join SEA Games event\n\n    {teaser}"
    )
    assert [(text[a : a + 9], r) for a, b, r in furniture(text)] == [("• Rail pr", "related")]
    assert texts(text) == [ARTICLE]


def test_text_bulleted_list_without_teasers_is_kept() -> None:
    text = f"{ARTICLE}\n\nAgreements signed:\n- Water supply MoU\n- Road loan"
    assert furniture(text) == []
    assert len(split(text)) == 4


def test_text_wrapped_continuation_lines_are_never_furniture() -> None:
    text = (
        "The company said it would pay a dividend of 10 cts per\n"
        "share.\n"
        "It also said the decision to withdraw was made about 11 days ago\n"
        "after talks with its bankers.\n"
    )
    assert furniture(text) == []
    assert len(split(text)) == 2


# -- kinds ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "caption",
    [
        "Prime Minister Hun Sen (left) and his Japanese counterpart bump elbows in Kumamoto, "
        "Japan on Saturday. SPM",
        "Photo: Defence ministers meet in Singapore on Friday.",
        "[Photo caption (PTI): Defence ministers at a meeting in Singapore.]",
        "The two leaders shake hands at the Peace Palace on Tuesday. (Photo: PTI)",
        "Foreign Minister Cho (R) and Japan's Iwaya (L) shake hands in Lima.",
        "Soldiers line up at a ceremony in Phnom Penh. KT/Chor Sokunthea",
        "Soldiers at a ceremony in Kampot on Monday (Xinhua/Li Tao)",
    ],
)
def test_text_caption_kind(caption: str) -> None:
    text = f"{ARTICLE}\n\n{caption}\n\n{ARTICLE}"
    found = kinds(text)
    assert [k for k, _ in found] == ["body", "caption", "body"]
    assert found[1][1] == caption


@pytest.mark.parametrize(
    "body",
    [
        "Sen. John Smith (R) said on Monday that the visit would go ahead as planned in June.",
        "The deal was reported by Reuters.",
        "He said the talks would be held in Phnom Penh on Sunday, according to AFP.",
    ],
)
def test_text_body_is_not_caption(body: str) -> None:
    assert [k for k, _ in kinds(f"{ARTICLE}\n\n{body}")] == ["body", "body"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            f"US Defense Secretary's Trip a Chance for Better Relations\n\n{ARTICLE}",
            ["title", "body"],
        ),
        (f"CAMBODIA, JAPAN UPGRADE TIES\n\n{ARTICLE}", ["title", "body"]),
        (f"Cambodia, Japan upgrade bilateral ties\n\n{ARTICLE}", ["title", "body"]),
        (
            f"Indo-Pacific\n\nUK carrier to arrive in Japan on Saturday\n\n{ARTICLE}",
            ["body", "title", "body"],
        ),
        (
            f"Talks Held In Tokyo\n\n{ARTICLE}\n\nTalks Held In Tokyo\n\n{ARTICLE}",
            ["title", "body", "title", "body"],
        ),
        (f"{ARTICLE}\n\nMilitary Presence In The Region\n\n{ARTICLE}", ["body"] * 3),
        ("MONTREAL, Oct 19 - Shr 17 cts vs 13 cts\n\nNet 1.2 mln vs 1.0 mln", ["body"] * 2),
        ("Cambodia, Japan upgrade bilateral ties", ["body"]),
    ],
)
def test_text_title_kind(text: str, expected: list[str]) -> None:
    assert [k for k, _ in kinds(text)] == expected


@pytest.mark.parametrize(
    "line",
    [
        "Thursday, 10 April 2008",
        "Published Jan 28, 2018, 2:18 am IST",
        "Updated: 2005-07-08 09:42",
        "Iain Tan | June 18, 2024, 06:09 PM",
        "November 21, 2005, Tokyo",
    ],
)
def test_text_dateline_kind(line: str) -> None:
    assert kinds(f"{line}\n\n{ARTICLE}") == [("dateline", line), ("body", ARTICLE)]


# -- properties and data -------------------------------------------------------------------------

ALPHABET = st.sampled_from(
    list("abc XYZ.!?\n\n\t  “”\"'()[]|•©-—…:,0123456789") + ["U.S.", "Dec.", " Mr. ", "\r\n"]
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.lists(ALPHABET, max_size=80).map("".join)))
def test_text_split_never_raises_and_offsets_hold(text: str) -> None:
    sentences = split(text)
    assert_offsets(text, sentences)
    spans = furniture(text)
    assert segment(text) == (sentences, spans)
    assert all(0 <= a < b <= len(text) for a, b, _ in spans)
    assert {r for _, _, r in spans} <= {"ticker", "related", "copyright", "byline", "navigation"}


def test_text_cues_are_lowercase_unique_string_lists() -> None:
    raw = json.loads(CUES_PATH.read_text(encoding="utf-8"))
    for key, values in raw.items():
        assert isinstance(values, list) and values, key
        for v in values:
            assert isinstance(v, str) and v == v.lower() and v.strip(), (key, v)
        assert len(values) == len(set(values)), key
    assert load_cues() is load_cues()


# -- the shared corpus (skipped when absent) -----------------------------------------------------


def shared_text(name: str) -> str:
    path = SHARED / "seeds" / "articles" / name
    if not path.is_file():
        pytest.skip("shared corpus not present")
    return path.read_text(encoding="utf-8")


def test_text_shared_seed0() -> None:
    text = shared_text("seed0.txt")
    assert [r for _, _, r in furniture(text)] == ["ticker", "related"]
    sentences = split(text)
    assert_offsets(text, sentences)
    assert len(sentences) == 21
    assert sentences[0].kind == "title"
    assert sentences[0].text == "US Defense Secretary’s Trip a Chance for Better Relations"


def test_text_shared_seed4() -> None:
    text = shared_text("seed4.txt")
    assert [r for _, _, r in furniture(text)] == ["navigation"] * 3 + ["related"]
    sentences = split(text)
    assert_offsets(text, sentences)
    captions = [s for s in sentences if s.kind == "caption"]
    assert len(captions) == 2 and all(s.text.endswith("SPM") for s in captions)
    assert [s.kind for s in sentences].count("title") == 2
    assert "Hungary" not in " ".join(s.text for s in sentences)


def test_text_shared_reuters_splits_fast() -> None:
    path = SHARED / "reuters21578" / "sample200.jsonl"
    if not path.is_file():
        pytest.skip("shared corpus not present")
    stories = [json.loads(line)["text"] for line in path.read_text().splitlines()]
    started = time.perf_counter()
    for text in stories:
        assert_offsets(text, split(text))
    assert time.perf_counter() - started < 5  # ~0.2 ms a story; 19k stories take seconds
