"""timeline.export and the HTML page on the sample database (see conftest.py)."""

from __future__ import annotations

import copy
import io
import json
import re

import pytest

import timeline.export
from timeline.export import CSV_COLUMNS, EXPORT_FORMATS, export, human_date
from timeline.html_template import render_page
from timeline.query import EventFilter

DATE_ORDER = (3, 2, 1, 4, 5)

CSV_TEXT = (
    "id,type,subtype,date,date_end,precision,status,countries,actors,location,summary,cameo,"
    "source_count,documents,first_sentence\r\n"
    '3,meeting,summit,2023,,year,occurred,JP;KH;US,"Hun Sen (Prime Minister, KH)",,'
    "Trilateral talks on demining,040,1,trilateral.txt,"
    '"In 2023 Cambodia, Japan and the United States held talks on demining."\r\n'
    "2,drill,joint_exercise,2024-05-16,2024-05-28,day,occurred,CN;KH,"
    '"Tea Seiha (Minister of National Defence, KH)",Kampong Chhnang,'
    "Golden Dragon joint exercise,062,1,golden-dragon.txt,"
    "The Golden Dragon exercise opened on Wednesday and runs until May 28.\r\n"
    "1,visit,official_visit,2024-06-04,,day,occurred,KH;US,"
    '"Lloyd J. Austin III (Secretary of Defense, US);Hun Manet (Prime Minister, KH)",'
    "Phnom Penh,US Defense Secretary Austin visits Cambodia,042,2,"
    "seed2.txt;khmertimes-0605.txt,"
    "Defense Secretary Lloyd Austin travels to Cambodia Tuesday to meet Hun Manet.\r\n"
    "4,agreement,mou,2024-12,,month,planned,JP;KH,,,"
    "Japan and Cambodia to sign a maritime security MoU,057,1,mou.txt,"
    '"Officials said the MoU <script>alert(""x"")</script> will be signed in December."\r\n'
    "5,drill,naval_exercise,,,,cancelled,KH;US,,,Angkor Sentinel exercise cancelled,062,1,"
    "angkor.txt,Cambodia has cancelled the Angkor Sentinel exercise with the United States.\r\n"
)

MARKDOWN_TEXT = """\
| date | type | status | countries | summary | people | documents |
|---|---|---|---|---|---|---|
| 2023 | meeting/summit | occurred | JP, KH, US | Trilateral talks on demining | Hun Sen | trilateral.txt |
| 16-28 May 2024 | drill/joint_exercise | occurred | CN, KH | Golden Dragon joint exercise | Tea Seiha | golden-dragon.txt |
| 4 June 2024 | visit/official_visit | occurred | KH, US | US Defense Secretary Austin visits Cambodia | Lloyd J. Austin III, Hun Manet | seed2.txt, khmertimes-0605.txt |
| December 2024 | agreement/mou | PLANNED | JP, KH | Japan and Cambodia to sign a maritime security MoU |  | mou.txt |
| undated | drill/naval_exercise | cancelled | KH, US | Angkor Sentinel exercise cancelled |  | angkor.txt |
"""  # noqa: E501


def run_export(db, fmt: str, flt: EventFilter | None = None, **kwargs) -> str:
    out = io.StringIO()
    with db.session() as session:
        export(session, flt or EventFilter(), fmt, out, **kwargs)
    return out.getvalue()


def test_export_csv_has_the_documented_columns_in_order(sample_db):
    assert run_export(sample_db, "csv") == CSV_TEXT


def test_export_csv_columns_are_all_documented():
    doc = timeline.export.__doc__ or ""
    documented = re.findall(r"^    (\w+)\s{2,}", doc, flags=re.MULTILINE)
    assert tuple(documented) == CSV_COLUMNS


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_export_json_and_jsonl_are_the_contract(sample_db, sample_events, fmt):
    output = run_export(sample_db, fmt)
    if fmt == "json":
        events = json.loads(output)
    else:
        events = [json.loads(line) for line in output.splitlines()]
    assert events == [sample_events[i] for i in DATE_ORDER]


def test_export_markdown_reads_dates_in_words(sample_db):
    assert run_export(sample_db, "markdown") == MARKDOWN_TEXT


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_export_returns_how_many_events_it_wrote(sample_db, fmt):
    with sample_db.session() as session:
        count = export(session, EventFilter(countries=("KH", "US")), fmt, io.StringIO())
    assert count == (2 if fmt == "timelinejs" else 3)  # TimelineJS cannot place undated events


@pytest.mark.parametrize(
    ("date", "date_end", "expected"),
    [
        ("2024-06-04", None, "4 June 2024"),
        ("2024-06", None, "June 2024"),
        ("2024", None, "2024"),
        ("2024-05-16", "2024-05-28", "16-28 May 2024"),
        ("2024-05", "2024-06", "May 2024 to June 2024"),
        (None, None, "undated"),
    ],
)
def test_export_human_date_keeps_the_precision(date, date_end, expected):
    assert human_date({"date": date, "date_end": date_end}) == expected


def test_export_html_escapes_titles_and_sentences(sample_db):
    page = run_export(sample_db, "html")
    assert page.count("<script") == 2  # the embedded data and the page's own script
    assert '<script>alert("x")</script>' not in page
    assert "<b>and</b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "Japan &lt;b&gt;and&lt;/b&gt; Cambodia to sign MoU" in page
    assert 'href="https://example.com/mou?a=1&amp;b=2"' in page


def test_export_html_embeds_the_events_as_json(sample_db, sample_events):
    page = run_export(sample_db, "html")
    data = re.search(
        r'<script type="application/json" id="timeline-data">(.*?)</script>', page, re.S
    )
    assert data is not None
    assert "<" not in data.group(1)
    assert json.loads(data.group(1)) == [sample_events[i] for i in DATE_ORDER]


def test_export_html_groups_by_year_with_precision_and_status(sample_db):
    page = run_export(sample_db, "html")
    assert re.findall(r'<section class="year" data-year="([^"]+)"', page) == [
        "2023",
        "2024",
        "Undated",
    ]
    events = re.findall(
        r'<li class="event" id="event-(\d+)" data-id="\d+" data-type="(\w+)"'
        r' data-status="(\w+)" data-precision="(\w*)"',
        page,
    )
    assert events == [
        ("3", "meeting", "occurred", "year"),
        ("2", "drill", "occurred", "day"),
        ("1", "visit", "occurred", "day"),
        ("4", "agreement", "planned", "month"),
        ("5", "drill", "cancelled", ""),
    ]
    for label in ("2023", "16-28 May 2024", "4 June 2024", "December 2024", "undated"):
        assert f'">{label}<span class="prec">' in page
    assert '<span class="badge status planned">planned</span>' in page
    assert page.count("<details>") == 5
    assert "<title>Timeline</title>" in page


def test_export_html_has_a_filter_button_per_type(sample_db):
    page = run_export(sample_db, "html")
    assert re.findall(r'data-filter="([^"]+)"', page) == [
        "*",
        "agreement",
        "drill",
        "meeting",
        "visit",
    ]
    assert ">drill (2)</button>" in page


def test_export_html_title_names_the_pair(sample_db):
    page = run_export(sample_db, "html", EventFilter(countries=("KH", "US")))
    assert "<title>Cambodia – United States</title>" in page
    assert page.count('<li class="event"') == 3


def test_export_html_links_only_http_urls(sample_events):
    event = copy.deepcopy(sample_events[1])
    event["sources"][0]["url"] = "javascript:alert(1)"
    out = io.StringIO()
    render_page([event], "t", {}, out)
    assert "javascript:alert(1)" not in out.getvalue().split('id="timeline-data"')[0]
    assert "<a href" not in out.getvalue()


def test_export_html_without_events_says_so():
    out = io.StringIO()
    render_page([], "Nothing", {}, out)
    assert '<p class="empty">No events match.</p>' in out.getvalue()


def test_export_timelinejs_structure(sample_db):
    doc = json.loads(
        run_export(sample_db, "timelinejs", EventFilter(countries=("JP", "KH")), title="<JP>")
    )
    assert doc == {
        "title": {"text": {"headline": "&lt;JP&gt;", "text": ""}},
        "events": [
            {
                "unique_id": "event-3",
                "start_date": {"year": 2023},
                "display_date": "2023",
                "text": {
                    "headline": "Trilateral talks on demining",
                    "text": "<p>People: Hun Sen (Prime Minister, KH)</p><ul><li>trilateral.txt"
                    " (2023): “In 2023 Cambodia, Japan and the United States held talks on"
                    " demining.”</li></ul>",
                },
                "group": "meeting",
            },
            {
                "unique_id": "event-4",
                "start_date": {"year": 2024, "month": 12},
                "display_date": "December 2024",
                "text": {
                    "headline": "Japan and Cambodia to sign a maritime security MoU (planned)",
                    "text": '<ul><li><a href="https://example.com/mou?a=1&amp;b=2">Japan'
                    " &lt;b&gt;and&lt;/b&gt; Cambodia to sign MoU</a> (NHK, 2024-11-20):"
                    " “Officials said the MoU &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
                    " will be signed in December.”</li></ul>",
                },
                "group": "agreement",
                "media": {"url": "https://example.com/mou?a=1&b=2", "credit": "NHK"},
            },
        ],
    }


def test_export_timelinejs_ranges_and_undated(sample_db):
    doc = json.loads(run_export(sample_db, "timelinejs"))
    slides = {s["unique_id"]: s for s in doc["events"]}
    assert sorted(slides) == ["event-1", "event-2", "event-3", "event-4"]  # 5 is undated
    assert slides["event-2"]["start_date"] == {"year": 2024, "month": 5, "day": 16}
    assert slides["event-2"]["end_date"] == {"year": 2024, "month": 5, "day": 28}
    assert slides["event-2"]["display_date"] == "16-28 May 2024"
    assert "end_date" not in slides["event-1"]
    assert slides["event-1"]["media"] == {
        "url": "https://example.com/austin",
        "credit": "Bloomberg",
    }
