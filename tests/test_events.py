"""Extraction rules on sentences written for these tests: the event, its sides, its own date
and its status, or no event at all."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.extract.pipeline import extract_document
from timeline.extract.records import Document
from timeline.partialdate import PartialDate


def events(text: str, published: str | None = "2020-02-03") -> list[tuple[object, ...]]:
    doc = Document(
        name="t.txt", text=text, published=PartialDate.parse(published) if published else None
    )
    return [
        (
            e.type,
            "-".join(e.countries),
            e.date.iso() if e.date else None,
            e.date_end.iso() if e.date_end else None,
            e.status,
        )
        for e in extract_document(doc).events
        if e.date is not None
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a planned range, announced on a Monday (2020-02-03)
            "Indonesian President Joko Widodo will pay a state visit to Australia from "
            "February 8 to 10, the foreign ministry said on Monday.",
            [("visit", "AU-ID", "2020-02-08", "2020-02-10", "planned")],
        ),
        (  # a weekday in the past, a signing
            "Vietnam and the Philippines signed a memorandum of understanding on maritime "
            "cooperation in Hanoi on Tuesday.",
            [("agreement", "PH-VN", "2020-01-28", None, "occurred")],
        ),
        (  # a phone call between two people the seeds know
            "Chinese Foreign Minister Wang Yi held a phone call with his Russian counterpart "
            "Sergei Lavrov on Wednesday.",
            [("meeting", "CN-RU", "2020-01-29", None, "occurred")],
        ),
        (  # a call told with the verb apart from "phone" (needs "phone" in its clause)
            "India's foreign minister spoke to his Saudi counterpart over the phone on Tuesday.",
            [("meeting", "IN-SA", "2020-01-28", None, "occurred")],
        ),
        (  # a brief conversation on the sidelines of a summit is a bilateral meeting
            "Indian Prime Minister Narendra Modi and Chinese President Xi Jinping held a brief "
            "conversation on the sidelines of the BRICS summit on Thursday.",
            [("meeting", "CN-IN", "2020-01-30", None, "occurred")],
        ),
        (  # a cancelled trip
            "Japan's defence minister cancelled a planned trip to South Korea next week, "
            "officials said.",
            [("visit", "JP-KR", "2020-02-10", "2020-02-16", "cancelled")],
        ),
        (  # the date of the reporting verb does not date the event
            "The ministry announced on Monday that the two navies of Thailand and Malaysia "
            "will hold a joint exercise in March.",
            [("drill", "MY-TH", "2020-03", None, "planned")],
        ),
    ],
)
def test_events_sentence_yields_the_event(text, expected):
    assert events(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The two countries should hold more joint drills, an analyst said.",  # suggestion
        "Thailand did not send its foreign minister to Laos on Friday.",  # negation
        "About 30 Japanese commercial banks have outstanding loans to Brazil, the bank said.",
        "Officials from Cambodia say visits should be encouraged.",
        # speaking to someone is a call only by phone
        "India's foreign minister spoke to reporters in Riyadh on Tuesday.",
        # a possibility to be explored is not an event (seeds cue list "hypothetical")
        "On Monday Indonesia and the Philippines agreed to explore the possibility of joint "
        "patrols in the Sulawesi Sea.",
    ],
)
def test_events_sentence_yields_no_event(text):
    assert events(text) == []


def test_events_no_publication_date_means_no_guessed_day():
    assert events("Vietnam and Laos signed an agreement on Tuesday.", published=None) == []


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=400), st.sampled_from([None, "2024", "2024-05", "2024-05-07"]))
def test_events_never_raise_on_arbitrary_text(text, published):
    events(text, published)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # rule sequence: "Later on" happens on the day the sentence before states
            "Kenya's President William Ruto arrives in New Delhi tomorrow for a three-day state "
            "visit to India.\n\n"
            "On February 5 he will lay a wreath at Rajghat in the morning.\n\n"
            "Later on, the two countries will exchange memoranda of understanding on trade.",
            {
                ("visit", "IN-KE", "2020-02-04", "2020-02-06", "planned"),
                ("agreement", "IN-KE", "2020-02-05", None, "planned"),
            },
        ),
        (  # rule within_visit: a planned signing with no day falls within the visit's days
            "Malaysia's Prime Minister Anwar Ibrahim is visiting Vietnam at the invitation of "
            "his counterpart.\n\nHis stay in Vietnam runs from February 3 to February 5.\n\n"
            "He will hold talks with Vietnam's leaders.\n\n"
            "Following this, they will sign several cooperation documents.",
            {
                ("visit", "MY-VN", "2020-02-03", "2020-02-05", "occurred"),
                ("meeting", "MY-VN", "2020-02-03", "2020-02-05", "planned"),
                ("agreement", "MY-VN", "2020-02-03", "2020-02-05", "planned"),
            },
        ),
        (  # rule range_of_a_day: the arrival day is where the stated port call begins
            "A French frigate will arrive in Manila on Saturday.\n\n"
            "The ship will make a port call in Manila, the Philippines, from Saturday to "
            "Tuesday, France's embassy said.",
            {("visit", "FR-PH", "2020-02-08", "2020-02-11", "planned")},
        ),
    ],
)
def test_neighbouring_sentences_date_a_statement(text: str, expected: set) -> None:
    assert set(events(text)) == expected


def test_agreements_signed_at_the_talks_are_between_the_talks_parties() -> None:
    text = (
        "Thai Prime Minister Prayut Chan-o-cha held talks with Japanese Prime Minister "
        "Shinzo Abe in Tokyo on Friday.\n\n"
        "At the close of the talks a package of 12 agreements was signed, covering trade "
        "and investment."
    )
    found = events(text)
    assert ("agreement", "JP-TH", "2020-01-31", None, "occurred") in found


def test_a_ships_port_call_does_not_take_in_its_commanders_meeting() -> None:
    """seeds: port calls hold no talks; the commander's call on a minister is its own event."""
    text = (
        "Two Indian navy ships docked in Cambodia's Ream naval base on Monday and will stay "
        "until Friday, the navy said.\n\n"
        "The flotilla's commander, Rear Admiral Sunil Kumar, who commands India's Eastern "
        "Fleet, is due to meet Cambodian Defence Minister Tea Banh on Wednesday, and will "
        "visit Siem Reap before he leaves Cambodia."
    )
    assert set(events(text)) == {
        ("visit", "IN-KH", "2020-02-03", "2020-02-07", "occurred"),
        ("meeting", "IN-KH", "2020-02-05", None, "planned"),
    }


def test_an_exercise_under_way_has_taken_place_though_its_end_is_ahead() -> None:
    """seeds/cues.json "ongoing": "currently" before the trigger."""
    text = (
        "The British carrier group is currently taking part in a joint exercise with Japan's "
        "navy that runs until Friday."
    )
    assert events(text) == [("drill", "GB-JP", "2020-02-03", "2020-02-07", "occurred")]


@pytest.mark.parametrize(
    "text",
    [
        "Indonesia kept in contact with Japan and the United States ahead of an OPEC "
        "ministerial meeting on Friday.",
        "Saudi Arabia pushed hard at the meeting of deputy oil ministers of the Gulf "
        "Cooperation Council with Kuwait last weekend.",
        # a domestic body's meeting, though the country's neighbour is named
        "Greek Prime Minister Andreas Papandreou told an emergency cabinet meeting on Friday "
        "that Turkey would be taught a lesson.",
    ],
)
def test_a_meeting_of_an_international_body_is_not_a_bilateral_event(text: str) -> None:
    """seeds/cues.json "organizations" (rule ``gathering``)."""
    assert events(text) == []


def test_a_bilateral_meeting_at_a_gathering_is_an_event_dated_by_its_far_main_verb() -> None:
    text = (
        "Japan's finance minister held a bilateral meeting with his U.S. counterpart on the "
        "sidelines of the Group of Seven meeting in Washington on Tuesday."
    )
    assert events(text) == [("meeting", "JP-US", "2020-01-28", None, "occurred")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # rule possessive_reference: the election's month does not date the trip
            "Officials dismissed talk of an election to coincide with local polls in May, timed "
            "to profit from the British prime minister's successful trip to the Soviet Union.",
            [],
        ),
        (  # an opening date still governs its main clause
            "On Monday, the British prime minister's trip to the Soviet Union began.",
            [("visit", "GB-RU", "1987-04-06", None, "occurred")],
        ),
    ],
)
def test_a_possessive_reference_takes_no_date_from_an_earlier_clause(text, expected) -> None:
    assert events(text, "1987-04-07") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # seeds/cues.json "commercial_after": the other party is a firm
            "India signed a loan agreement in Singapore on Tuesday with a syndicate of eight "
            "Japanese and British banks.",
            [],
        ),
        (  # a firm named in a purpose clause does not make a state agreement commercial
            "Britain and Japan reached agreement at civil aviation talks on Tuesday, enabling "
            "British airline companies to fly the route.",
            [
                ("agreement", "GB-JP", "2020-01-28", None, "occurred"),
                ("meeting", "GB-JP", "2020-01-28", None, "occurred"),
            ],
        ),
    ],
)
def test_an_agreement_with_a_firm_is_not_between_states(text: str, expected: list) -> None:
    assert events(text) == expected


def test_a_postponed_visit_is_cancelled_and_the_leaders_last_meeting_is_dated() -> None:
    """A plan a source says is off is cancelled, whatever else says it was expected; "in
    Hanoi" tells where the two leaders met, not who they are (the document's pair)."""
    text = (
        "BANGKOK - Thailand's prime minister has postponed a visit to Cambodia planned for "
        "later this month because of the border dispute, a spokesman said on Monday.\n\n"
        "The prime minister had been expected to travel to Phnom Penh on February 20 for "
        "talks with his Cambodian counterpart.\n\n"
        "The two leaders last met on the sidelines of a regional summit in Hanoi on Friday."
    )
    found = set(events(text))
    assert ("visit", "KH-TH", "2020-02-20", None, "cancelled") in found
    assert ("meeting", "KH-TH", "2020-01-31", None, "occurred") in found


def test_an_earlier_edition_of_a_series_is_an_event_of_the_documents_pair() -> None:
    """Rule ``series``: "The exercise was last held in April 2019"."""
    text = (
        "The navies of India and Australia will hold their bilateral maritime exercise off "
        "Darwin from February 6 to 10, the navy said on Monday.\n\n"
        "The exercise was last held in April 2019 in the Bay of Bengal."
    )
    assert set(events(text)) == {
        ("drill", "AU-IN", "2020-02-06", "2020-02-10", "planned"),
        ("drill", "AU-IN", "2019-04", None, "occurred"),
    }


def test_mentions_of_one_stay_on_different_days_are_one_visit() -> None:
    """Rule ``visit_days``: the arrival day and the day of the talks are one visit, which
    runs from the first to the last day stated, and takes in its talks."""
    text = (
        "BEIJING - Chinese President Xi Jinping held talks with Cambodian Prime Minister Hun "
        "Manet, who is on an official visit to China, in Beijing on Friday.\n\n"
        "Hun Manet arrived in Beijing on Thursday for his first official visit to China since "
        "taking office."
    )
    assert events(text, "2023-09-15") == [
        ("visit", "CN-KH", "2023-09-14", "2023-09-15", "occurred")
    ]


def test_a_meeting_today_and_a_dialogue_planned_for_later_this_year_are_two_events() -> None:
    text = (
        "The U.S. secretary of state met with the Philippine foreign secretary today in "
        "Washington.\n\n"
        "They also reviewed preparations for the 2+2 ministerial dialogue planned for later "
        "this year in Manila."
    )
    assert set(events(text, "2024-04-10")) == {
        ("meeting", "PH-US", "2024-04-10", None, "occurred"),
        ("meeting", "PH-US", "2024", None, "planned"),
    }


def test_the_drills_will_run_until_closes_the_documents_exercise() -> None:
    """Rule ``series`` (a definite event noun "will run until"), and an end date that leads
    its cluster still closes the event it follows."""
    text = (
        "BANGKOK - The Cobra Gold military exercise, co-hosted by Thailand and the United "
        "States, opened in Rayong province on Tuesday.\n\n"
        "The drills will run until March 8."
    )
    assert events(text, "2024-02-27") == [
        ("drill", "TH-US", "2024-02-27", "2024-03-08", "occurred")
    ]


def test_leaving_for_the_next_country_ends_the_stay_before() -> None:
    """Rule ``next_leg`` (seeds cue list "departure")."""
    text = (
        "Japan's Prime Minister Shinzo Abe landed in Beijing on Sunday afternoon for an "
        "official visit to China.\n\n"
        "Abe leaves for Seoul early Monday for talks with South Korea's president."
    )
    found = set(events(text, "2006-10-08"))
    assert ("visit", "CN-JP", "2006-10-08", "2006-10-09", "occurred") in found
    assert ("visit", "JP-KR", "2006-10-09", None, "planned") in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # the verb alone says it is under way: it began on some unstated day
            "The Thai and Malaysian navies are holding joint exercises in the Strait of "
            "Malacca, which will conclude on Friday.",
            [("drill", "MY-TH", "2020-02", "2020-02-07", "occurred")],
        ),
        (  # "currently" puts it on the publication day
            "The Thai and Malaysian navies are currently holding joint exercises in the "
            "Strait of Malacca, which will conclude on Friday.",
            [("drill", "MY-TH", "2020-02-03", "2020-02-07", "occurred")],
        ),
        (  # a relative clause of its own between the exercise and its closing one
            "The visit coincides with joint exercises that the armies of Laos and Vietnam "
            "are holding near the border, which end on Thursday.",
            [("drill", "LA-VN", "2020-02", "2020-02-06", "occurred")],
        ),
    ],
)
def test_an_exercise_under_way_is_closed_by_its_relative_clause(text, expected) -> None:
    """Rules ``closing_relative`` and ``under_way`` (seeds cue lists "ongoing", "present")."""
    assert events(text) == expected


def test_a_closing_relative_clause_belongs_to_the_noun_just_before_it() -> None:
    text = (
        "Belgium's minister, who is chairing the meeting with Germany, told colleagues he "
        "would not seek a deal at the current session which is due to end Tuesday."
    )
    assert events(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # the day's programme, told in the progressive: still ahead at publication
            "The navies of Russia and Cambodia are holding a military drill today off Koh "
            "Rong island.",
            ("drill", "KH-RU", "2020-02-03", None, "planned"),
        ),
        (
            "Defence Minister Tea Banh is leading a delegation to Vietnam from Monday to Friday.",
            ("visit", "KH-VN", "2020-02-03", "2020-02-07", "planned"),
        ),
        (  # told in the past tense: done
            "The navies of Russia and Cambodia held a military drill today off Koh Rong island.",
            ("drill", "KH-RU", "2020-02-03", None, "occurred"),
        ),
    ],
)
def test_the_days_programme_in_the_progressive_is_planned(text, expected) -> None:
    """Rule ``same_day_programme``."""
    assert events(text) == [expected]


def test_a_three_way_meeting_is_not_a_bilateral_meeting_per_pair() -> None:
    """Seeds cue list "multilateral" (rule ``gathering``)."""
    text = (
        "On Monday the Cambodian delegation joined a three-way meeting of Cambodia, Vietnam "
        "and Laos in Hanoi."
    )
    assert events(text) == []


def test_what_other_people_did_on_the_trip_takes_the_stories_month_not_its_day() -> None:
    """Rule ``other_people``: the news peg's day is its principals'."""
    text = (
        "Cambodian Prime Minister Hun Sen held talks with Japanese Prime Minister Shinzo Abe "
        "in Tokyo on Sunday.\n\n"
        "Cambodian Defence Minister Tea Banh was also in Tokyo to sign a defence agreement "
        "with his Japanese counterpart.\n\n"
        "Hun Sen also accepted new loans from Japan for three projects."
    )
    found = set(events(text, "2013-12-17"))
    assert ("agreement", "JP-KH", "2013-12", None, "occurred") in found
    assert ("agreement", "JP-KH", "2013-12-15", None, "occurred") in found


def test_a_visit_concluded_on_a_day_ends_that_day_and_holds_its_signings() -> None:
    """Rules ``concluded_stay`` and ``during_which``."""
    text = (
        "President Joko Widodo of Indonesia concluded a three-day state visit to Vietnam on "
        "Saturday, during which the two countries inked five memoranda of understanding."
    )
    assert set(events(text)) == {
        ("visit", "ID-VN", "2020-01-30", "2020-02-01", "occurred"),
        ("agreement", "ID-VN", "2020-01-30", "2020-02-01", "occurred"),
    }


def test_a_signing_after_an_opening_phrase_is_its_own_event() -> None:
    """An earlier trigger in an opening phrase ("After the talks, ...") is not the verb that a
    later trigger completes (rule ``complement``)."""
    text = (
        "Chinese President Xi Jinping held talks with Venezuelan President Nicolas Maduro in "
        "Beijing on Wednesday.\n\n"
        "After the talks, the two heads of state witnessed the signing of cooperation "
        "documents."
    )
    assert ("agreement", "CN-VE", "2020-01-29", None, "occurred") in events(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # "U.S." does not end a clause, a city named by a demonym is a place, a topic is
            # not a party
            "Prime Minister Narendra Modi and U.S. President Donald Trump held a bilateral "
            "meeting in this Japanese city on Friday, covering trade and the situation around "
            "Iran.",
            [("meeting", "IN-US", "2020-01-31", None, "occurred")],
        ),
        (  # the owner of a base is not the host of a port call there
            "The British carrier HMS Queen Elizabeth will make a port call at a U.S. naval base "
            "in Yokosuka, Japan, from Saturday to Thursday.",
            [("visit", "GB-JP", "2020-02-08", "2020-02-13", "planned")],
        ),
        (  # "to scrap" is what the treaty does, not what happens to the signing
            "Soviet leader Mikhail Gorbachev and U.S. President Ronald Reagan will sign a treaty "
            "to scrap medium-range missiles on Tuesday of next week.",
            [("agreement", "RU-US", "2020-02-11", None, "planned")],
        ),
        (  # "full" between the words of a trigger; a joint statement names the two sides
            "Britain and Argentina agreed on Monday to restore full diplomatic relations.",
            [("agreement", "AR-GB", "2020-02-03", None, "occurred")],
        ),
        (  # a passive after "to be" lies ahead
            "France and West Germany will take up the ideas at their regular consultations, to "
            "be held in Karlsruhe in November.",
            [("meeting", "DE-FR", "2020-11", None, "planned")],
        ),
    ],
)
def test_wire_copy_sides_dates_and_status(text, expected) -> None:
    assert events(text) == expected


def test_a_readouts_title_subject_departure_and_signing_after_the_meeting() -> None:
    """Rules ``protagonist`` (a bare title stands for the story's person), departure origins
    are not sides, "the two leaders signed" is not a reference, the visit's talks date it."""
    text = (
        "Secretary of Defense Lloyd J. Austin III met with Vietnamese Minister of National "
        "Defense Phan Van Giang today in Hanoi, on the second day of the Secretary's first "
        "visit to Vietnam.\n\n"
        "Following the meeting, the two leaders signed a memorandum of understanding.\n\n"
        "The Secretary leaves Hanoi this evening for a visit to Manila."
    )
    found = set(events(text))
    assert ("visit", "US-VN", "2020-02-03", None, "occurred") in found
    assert ("agreement", "US-VN", "2020-02-03", None, "occurred") in found
    assert ("visit", "PH-US", "2020-02-03", None, "planned") in found
    assert not any(e[1] == "PH-VN" for e in found)


def test_a_pronoun_opening_the_sentence_stands_for_the_storys_person() -> None:
    text = (
        "Indian Prime Minister Narendra Modi held talks with Indonesian President Joko Widodo "
        "on Friday.\n\nHe also met Brazilian President Jair Bolsonaro on Friday."
    )
    assert ("meeting", "BR-IN", "2020-01-31", None, "occurred") in events(text)


@pytest.mark.parametrize(
    "text",
    [
        # a trilateral meeting is a gathering even in a clause that says "bilateral"
        "Before the bilateral, Mr. Modi took part in a trilateral meeting with U.S. President "
        "Donald Trump and Japanese Prime Minister Shinzo Abe on Friday.",
        # a three-country compound names a gathering
        "On Friday Modi also joined Russian President Vladimir Putin and Chinese President Xi "
        "Jinping for an informal Russia-India-China meeting.",
        # "Samudra Shakti" is not the India-France exercise "Shakti"
        "Their navies held the Samudra Shakti exercise off Surabaya on Monday.",
    ],
)
def test_not_a_bilateral_event_of_these_countries(text) -> None:
    assert events(text) == []


def test_a_relative_clauses_subject_and_a_summits_venue() -> None:
    """ "Duterte, who met Putin ... in Lima": the antecedent is a side, the summit's venue
    is not."""
    text = (
        "The visit is the latest sign of warmer ties under Philippine President Rodrigo "
        "Duterte, who met Russian President Vladimir Putin on the sidelines of the APEC "
        "summit in Lima in November."
    )
    assert ("meeting", "PH-RU", "2019-11", None, "occurred") in events(text)
    assert not any("PE" in e[1] for e in events(text))


def test_the_day_after_a_stated_day() -> None:
    """Rule ``day_after``."""
    text = (
        "Argentine President Alberto Fernandez flew to Brazil the day after the October 30 "
        "run-off for a visit to Brazilian President Luiz Inacio Lula da Silva."
    )
    assert [e[2] for e in events(text, "2023-01-23") if e[0] == "visit"] == ["2022-10-31"]


@pytest.mark.parametrize(
    "text",
    [
        "King Fahd may ask Britain to restore diplomatic relations with Syria on Monday.",
        "Rosenne said both countries had an interest in restoring ties severed in 1967.",
    ],
)
def test_a_request_or_an_interest_is_not_an_event(text) -> None:
    assert events(text) == []


def test_the_visitors_leaving_ends_the_stay() -> None:
    """Rule ``leaving``."""
    text = (
        "Three United States Navy ships arrived in the Chinese port of Qingdao this morning "
        "for a friendly visit.\n\nThe ships will leave next Tuesday."
    )
    assert events(text, "1986-11-05") == [
        ("visit", "CN-US", "1986-11-05", "1986-11-11", "occurred")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # rule ``leave_for``: the place left is not a side
            "On Tuesday, Japanese Prime Minister Yoshihide Suga will leave Hanoi for Jakarta.",
            [("visit", "ID-JP", "2020-10-20", None, "planned")],
        ),
        (  # "wraps up a two-day visit that starts next Tuesday": the day is the start
            "Moon will leave as soon as U.S. President Donald Trump wraps up a two-day state "
            "visit to South Korea that starts next Tuesday.",
            [("visit", "KR-US", "2020-10-20", "2020-10-21", "planned")],
        ),
        (  # the date of a "since" clause does not date the visit
            "It will be President Moon Jae-in's first state visit to Indonesia since he was "
            "sworn in last May.",
            [],
        ),
    ],
)
def test_press_phrasings(text, expected) -> None:
    assert events(text, "2020-10-19") == expected


def test_an_exchange_of_cooperation_documents_is_an_agreement() -> None:
    text = (
        "After the talks, the prime ministers of Japan and Vietnam witnessed the exchange of 12 "
        "cooperation documents on Monday."
    )
    assert ("agreement", "JP-VN", "2020-10-19", None, "occurred") in events(text, "2020-10-19")


def test_a_summit_visit_with_its_leaders_talks_and_a_past_encounter() -> None:
    """The two leaders' talks fall in the visit; "next week" in the title does not stretch
    the visit to the week; "Their second encounter" is the document's pair's."""
    text = (
        "Gorbachev to fly to Washington next week\n\n"
        "MOSCOW, Dec 1 (Reuter) - Soviet leader Mikhail Gorbachev will arrive in Washington "
        "next Monday for a summit with the United States.\n\n"
        "A spokesman said the two leaders would hold talks from Tuesday to Thursday of next "
        "week.\n\n"
        "Their second encounter, in Reykjavik in October last year, broke up without agreement "
        "after a row over the U.S. missile defence plan."
    )
    assert set(events(text, "1987-12-01")) == {
        ("visit", "RU-US", "1987-12-07", "1987-12-10", "planned"),
        ("meeting", "RU-US", "1986-10", None, "occurred"),
    }


def test_their_and_the_two_sides_point_back_to_the_last_pair() -> None:
    """In a story of several pairs, "their navies" and "the two sides" are the pair the text
    was just about, not the document's main pair."""
    text = (
        "Prime Minister Narendra Modi and Japanese Prime Minister Shinzo Abe met in Osaka on "
        "Thursday.\n\n"
        "Mr. Modi met Japanese Prime Minister Shinzo Abe again on Friday.\n\n"
        "Separately on Friday, Mr. Modi held bilateral talks with Indonesian President Joko "
        "Widodo.\n\n"
        "The two leaders reviewed defence ties; their navies held their first bilateral "
        "exercise off Surabaya in November last year."
    )
    assert ("drill", "ID-IN", "2018-11", None, "occurred") in events(text, "2019-06-28")


@pytest.mark.parametrize(
    "text",
    [
        # the date belongs to the clause after "after"
        "The visit of Germany's foreign minister to India comes shortly after India assumed "
        "the presidency of the G20 on 1 December.",
        # a possible meeting is not an event (seeds cue list "speculative")
        "The possible talks between China and South Korea follow Tuesday's announcement.",
    ],
)
def test_no_event_from_a_date_of_another_clause_or_a_possible_meeting(text) -> None:
    assert events(text, "2022-12-04") == []


def test_clauses_break_at_as_before_a_new_subject_and_not_at_abbreviations() -> None:
    from timeline.extract.clauses import clause_span

    text = "PNG and U.S. officials signed a defence pact as Modi met Pacific leaders"
    assert text[slice(*clause_span(text, text.find("signed")))].startswith("PNG and U.S.")
    assert text[slice(*clause_span(text, text.find("met")))] == "Modi met Pacific leaders"


def test_a_rank_or_honorific_before_a_name_is_not_the_name() -> None:
    text = (
        "Secretary of Defense Lloyd J. Austin III met with Vietnamese Minister of National "
        "Defense Gen. Phan Van Giang today in Hanoi."
    )
    doc = Document(name="t.txt", text=text, published=PartialDate.parse("2021-07-29"))
    (event,) = extract_document(doc).events
    assert {a.name for a in event.actors} == {"Lloyd Austin", "Phan Van Giang"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "South Korean President Moon Jae-in and Chinese President Xi Jinping held their "
            "first summit in Germany in July.",
            [("meeting", "CN-KR", "2017-07", None, "occurred")],
        ),
        (
            "Pakistani Prime Minister Imran Khan chose Saudi Arabia for his first trip abroad "
            "in September.",
            [("visit", "PK-SA", "2017-09", None, "occurred")],
        ),
    ],
)
def test_their_summit_and_a_first_trip_abroad(text, expected) -> None:
    assert events(text, "2017-11-01") == expected


def test_a_signing_after_the_talks_takes_the_talks_day_not_the_visits_days() -> None:
    """Rule ``after_the_talks``."""
    text = (
        "German Foreign Minister Annalena Baerbock will travel to India from 5 to 6 December "
        "2022.\n\n"
        "In New Delhi, she will meet her Indian counterpart S. Jaishankar on Monday.\n\n"
        "Following their talks, the two ministers intend to sign a migration agreement."
    )
    assert ("agreement", "DE-IN", "2022-12-05", None, "planned") in events(text, "2022-12-04")


def test_a_short_name_shared_by_several_people_is_the_one_the_text_named() -> None:
    """ "Nakasone" is Yasuhiro Nakasone in a 1987 story that named him, not Hirofumi."""
    text = (
        "Japanese Prime Minister Yasuhiro Nakasone will visit the United States next week."
        "\n\nNakasone met U.S. President Ronald Reagan in Washington on Thursday."
    )
    doc = Document(name="t.txt", text=text, published=PartialDate.parse("1987-04-24"))
    names = {a.name for e in extract_document(doc).events for a in e.actors}
    assert "Yasuhiro Nakasone" in names
    assert "Hirofumi Nakasone" not in names


def test_the_crown_prince_is_the_crown_prince_named_before() -> None:
    """Rule ``the_title``, and a pronoun is not someone its own clause names."""
    text = (
        "Saudi Crown Prince Mohammed bin Salman arrived in Pakistan on Sunday for a two-day "
        "visit.\n\n"
        "Prime Minister Imran Khan met the crown prince at the air base on Sunday."
    )
    from timeline.extract.entities import find_entities
    from timeline.extract.rules import compile_rules
    from timeline.extract.text import segment

    sentences, _furniture = segment(text)
    actors = find_entities(text, compile_rules(None), sentences).actors
    at = text.index("the crown prince")
    assert [(a.name, a.country) for a in actors if a.start == at + 4] == [
        ("Mohammed bin Salman", "SA")
    ]


def test_a_since_clause_dates_its_own_trigger_only() -> None:
    text = (
        "Jiang Zemin is the first Chinese head of state to hold a summit with an American "
        "president since George Bush travelled to Beijing in February 1989."
    )
    assert ("visit", "CN-US", "1989-02", None, "occurred") in events(text, "1997-10-29")


def test_the_dateline_city_and_the_venue_are_not_the_documents_pair() -> None:
    text = (
        "MADRID, Feb 15 (Reuter) - Britain and Argentina have agreed to restore full diplomatic "
        "relations, the two delegations said after talks in the Spanish capital.\n\n"
        "The decision was set out in a joint statement signed at the end of the two-day talks, "
        "which opened at the Spanish Foreign Ministry on Wednesday."
    )
    found = set(events(text, "1990-02-15"))
    assert ("meeting", "AR-GB", "1990-02-14", "1990-02-15", "occurred") in found
    assert not any("ES" in e[1] for e in found)


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (  # "Four days later" counts from the last stated day (rule ``anaphora``)
            "Egypt and Sudan signed a military cooperation agreement in Khartoum on March 2."
            "\n\nFour days later, Egyptian President Abdel-Fattah El-Sisi travelled to Sudan "
            "for talks.",
            "2021-05-26",
            {
                ("agreement", "EG-SD", "2021-03-02", None, "occurred"),
                ("visit", "EG-SD", "2021-03-06", None, "occurred"),
            },
        ),
        (  # a passive main verb after a relative clause cancels
            "King Charles's first state visit to France as monarch, which was due to begin on "
            "Sunday, has been postponed because of protests.",
            "2023-03-24",
            {("visit", "FR-GB", "2023-03-26", None, "cancelled")},
        ),
        (  # a pair compound makes a summit bilateral
            "Rishi Sunak and Emmanuel Macron held the first UK-France summit in five years in "
            "Paris on 10 March.",
            "2023-03-24",
            {("meeting", "FR-GB", "2023-03-10", None, "occurred")},
        ),
        (  # "also signed": another agreement than the joint statement of the same day
            "In a joint statement issued after their talks on Tuesday, US President George W. "
            "Bush and Vietnamese Prime Minister Phan Van Khai said Vietnam would join a US "
            "programme.\n\n"
            "Officials from the two governments also signed an agreement on Tuesday to reopen "
            "adoptions.",
            "2005-06-22",
            {
                ("agreement", "US-VN", "2005-06-21", None, "occurred"),
                ("meeting", "US-VN", "2005-06-21", None, "occurred"),
            },
        ),
        (  # rule ``nearer_trigger``: the date is the dialogue's, not the exercise's
            "The India-China exercise was agreed upon at the first annual defence dialogue, held "
            "in Beijing last month.",
            "2007-12-21",
            {("meeting", "CN-IN", "2007-11", None, "occurred")},
        ),
    ],
)
def test_more_press_and_wire_phrasings(text, published, expected) -> None:
    found = set(events(text, published))
    assert expected <= found
    if "exercise" in text:
        assert not any(e[0] == "drill" for e in found)


def test_a_postponed_state_visit_a_when_clause_and_the_king() -> None:
    """A cancellation outweighs an undated later mention; "the king" is the king named
    before, not the president; a "when" clause happens on the date it follows."""
    text = (
        "King Charles III's first state visit as monarch, which was due to begin in France on "
        "Sunday, has been postponed at the request of the French government.\n\n"
        "Buckingham Palace said on Friday that the visit would be rearranged.\n\n"
        "British Prime Minister Rishi Sunak and French President Emmanuel Macron held the "
        "first UK-France summit in Paris on 10 March, when they agreed a deal on migration."
        "\n\nThe king will arrive in Berlin on Wednesday for a three-day state visit."
    )
    found = set(events(text, "2023-03-24"))
    assert ("visit", "FR-GB", "2023-03-26", None, "cancelled") in found
    assert ("agreement", "FR-GB", "2023-03-10", None, "occurred") in found
    assert ("visit", "DE-GB", "2023-03-29", "2023-03-31", "planned") in found


def test_a_presidents_first_visit_arriving_from_another_country_and_flying_on() -> None:
    """ ", on the first visit by ..." is no complement of the talks; "from Brazil" is the
    last stop, not a side; "flies on to Cuba later on Thursday" is a planned visit; "South
    American" is not the United States."""
    text = (
        "Russian President Dmitry Medvedev has held talks with Venezuela's Hugo Chavez in "
        "Caracas, on the first visit by a Kremlin leader to the South American country.\n\n"
        "Mr Medvedev arrived on Wednesday from Brazil for a two-day visit.\n\n"
        "He flies on to Cuba later on Thursday for talks with President Raul Castro."
    )
    found = set(events(text, "2008-11-27"))
    assert ("visit", "RU-VE", "2008-11-26", "2008-11-27", "occurred") in found
    assert ("visit", "CU-RU", "2008-11-27", None, "planned") in found
    assert not any("BR" in e[1] or "US" in e[1] for e in found)


def test_a_relative_clauses_day_and_a_call_off_day_date_nothing_else() -> None:
    text = (
        "Indian Prime Minister Narendra Modi, who landed on Sunday night, and Papua New Guinea "
        "Prime Minister James Marape held bilateral talks yesterday.\n\n"
        "U.S. President Joe Biden called off his planned visit to Papua New Guinea last week."
        "\n\nBiden had been due to visit Papua New Guinea on Monday."
    )
    found = set(events(text, "2023-05-23"))
    assert ("meeting", "IN-PG", "2023-05-22", None, "occurred") in found
    assert ("visit", "PG-US", "2023-05-22", None, "cancelled") in found


def test_talks_here_under_a_wire_dateline_are_a_visit() -> None:
    """Rule ``talks_here``: the foreign leader is on a visit to the dateline's country."""
    text = (
        "ALEXANDRIA, Egypt, Sept 12 (Reuter) - Israeli Prime Minister Shimon Peres and "
        "Egyptian President Hosni Mubarak ended two days of talks here on Friday."
    )
    found = set(events(text, "1986-09-12"))
    assert ("visit", "EG-IL", "1986-09-11", "1986-09-12", "occurred") in found


def test_delegates_meeting_here_are_no_visit() -> None:
    text = (
        "BRIDGETOWN, Barbados, April 27 - Central bank governors from Spain and Barbados will "
        "meet here this week."
    )
    assert not any(e[0] == "visit" for e in events(text, "1987-04-27"))


def test_a_past_visits_when_clause_talks_and_an_opening_reference_to_talks() -> None:
    text = (
        "Indonesian President Joko Widodo last went to South Korea on a state visit in May "
        "2016, when he held talks in Seoul with the president.\n\n"
        "South Korean President Moon Jae-in and Widodo met in Bogor on Thursday.\n\n"
        "After the talks, ministers from both countries signed several memoranda."
    )
    found = set(events(text, "2017-11-10"))
    assert ("visit", "ID-KR", "2016-05", None, "occurred") in found
    assert not any(e[0] == "meeting" and e[2] == "2016-05" for e in found)


def test_an_arrival_with_its_welcome_and_sideline_talks() -> None:
    """An arrival with no place counts when the text says who received the visitor (seeds
    subtype ``arrival``); talks on the sidelines stay a meeting of their own."""
    text = (
        "Indian Prime Minister Narendra Modi arrived on Sunday night and was received by "
        "Papua New Guinea Prime Minister James Marape at the airport.\n\n"
        "Philippine President Gloria Arroyo flew in on Friday for the two-day gathering of "
        "Asian and European leaders in Japan."
    )
    found = set(events(text, "2023-05-23"))
    assert ("visit", "IN-PG", "2023-05-21", None, "occurred") in found
    assert not any(e[1] == "JP-PH" for e in found)
    text = (
        "Indian Prime Minister Narendra Modi and Papua New Guinea Prime Minister James Marape "
        "held bilateral talks on the sidelines of the summit on Monday."
    )
    doc = Document(name="t.txt", text=text, published=PartialDate.parse("2023-05-23"))
    assert [e.subtype for e in extract_document(doc).events] == ["sideline_meeting"]


def test_the_sentences_subject_goes_on_into_a_clause_of_its_own() -> None:
    text = (
        "Brazilian President Luiz Inacio Lula da Silva met Argentine President Alberto "
        "Fernandez in Buenos Aires on Monday.\n\n"
        "He will stay in the capital for Tuesday's summit of Latin American leaders, which "
        "Argentina is hosting, and leave for Montevideo on Wednesday morning."
    )
    found = set(events(text, "2023-01-24"))
    assert ("visit", "BR-UY", "2023-01-25", None, "planned") in found
    assert not any("UY" in e[1] and "AR" in e[1] for e in found)


def test_the_ministers_of_the_last_pair_and_a_possessive_date() -> None:
    text = (
        "Iranian Foreign Minister Hossein Amir-Abdollahian and Saudi Foreign Minister Prince "
        "Faisal bin Farhan held talks in Beijing on Thursday.\n\n"
        "The ministers had spoken by telephone last month to prepare Thursday's talks."
    )
    found = set(events(text, "2023-04-07"))
    assert ("meeting", "IR-SA", "2023-03", None, "occurred") in found


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (  # a since-clause is a clause of its own, with its own event and date
            "Had it gone ahead, the trip would have been the first bilateral visit to Denmark "
            "by a US president since George W. Bush stopped at Fredensborg Palace in July 2005.",
            "2019-08-21",
            ("visit", "DK-US", "2005-07", None, "occurred"),
        ),
        (  # talks on another day than the visit in the same clause are their own meeting
            "The ice began to break when West German President Richard von Weizsaecker paid a "
            "state visit to the Soviet Union in July 1987, and West German Foreign Minister "
            "Hans-Dietrich Genscher met Soviet Foreign Minister Eduard Shevardnadze in New York "
            "last month.",
            "1988-10-21",
            ("meeting", "DE-RU", "1988-09", None, "occurred"),
        ),
    ],
)
def test_events_of_other_days_in_one_sentence(text, published, expected) -> None:
    assert expected in set(events(text, published))


def test_a_possessive_date_after_during_times_the_whole_clause() -> None:
    """ "During next week's stop he will hold talks": the talks fall in next week."""
    text = (
        "U.S. Defense Secretary Lloyd Austin will travel to Cambodia next week.\n\n"
        "During next week's stop he is expected to hold talks with Cambodian Prime Minister "
        "Hun Manet."
    )
    doc = Document(name="t.txt", text=text, published=PartialDate.parse("2024-05-29"))
    talks = [c for c in extract_document(doc).candidates if c.trigger == "hold talks"]
    assert [(c.date_text, c.date_quality > 0) for c in talks] == [("next week", True)]
