"""Scoring against a gold file: what `timeline evaluate` reports, event by event."""

from __future__ import annotations

from timeline.evaluate import GoldEvent, StoredEvent, score
from timeline.partialdate import PartialDate


def _gold(gid: str, date: str, status: str, required: bool = True) -> GoldEvent:
    return GoldEvent(
        id=gid,
        type="visit",
        countries=frozenset({"KH", "VN"}),
        date=PartialDate.parse(date),
        date_end=None,
        required=required,
        sources=frozenset({"a.txt"}),
        status=status,
    )


def _stored(sid: int, date: str, status: str) -> StoredEvent:
    return StoredEvent(
        id=sid,
        type="visit",
        countries=frozenset({"KH", "VN"}),
        date=PartialDate.parse(date),
        date_end=None,
        status=status,
        documents=frozenset({"a.txt"}),
    )


def test_the_report_names_each_wrong_status_and_inexact_date() -> None:
    gold = [_gold("g1", "2019-12-17", "planned"), _gold("g2", "2020-03", "occurred")]
    stored = [_stored(1, "2019-12-17", "occurred"), _stored(2, "2020-03-05", "occurred")]
    report = score(gold, stored).as_dict()
    assert report["true_positives"] == 2
    assert report["wrong_status"] == ["g1: stored occurred, gold planned"]
    assert report["inexact_dates"] == ["g2: stored 2020-03-05"]
    assert report["status_rate"] == 0.5


def test_a_second_event_for_a_found_gold_event_is_a_duplicate() -> None:
    gold = [_gold("g1", "2019-12-17", "occurred")]
    stored = [_stored(1, "2019-12-17", "occurred"), _stored(2, "2019-12", "occurred")]
    report = score(gold, stored).as_dict()
    assert (report["true_positives"], report["duplicates"]) == (1, 1)
    assert report["false_positive_ids"] == [2]
