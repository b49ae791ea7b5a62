"""Golden files for the extractor: the events each sample article in seeds/articles yields.

Regenerate after a deliberate change with ``TIMELINE_UPDATE_GOLDEN=1 python -m pytest
tests/test_golden.py`` and read the diff of tests/golden/ in review.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from timeline.extract.pipeline import extract_document
from timeline.extract.read import ReadFailure, ReadWarning, iter_documents

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = sorted((ROOT / "seeds" / "articles").glob("*.md"))
GOLDEN = ROOT / "tests" / "golden"


def summarize(path: Path) -> list[dict[str, object]]:
    docs = [d for d in iter_documents([str(path)]) if not isinstance(d, ReadFailure | ReadWarning)]
    assert len(docs) == 1
    ex = extract_document(docs[0])
    return [
        {
            "type": e.type,
            "subtype": e.subtype,
            "countries": list(e.countries),
            "date": e.date.iso() if e.date else None,
            "date_end": e.date_end.iso() if e.date_end else None,
            "status": e.status,
            "actors": sorted(a.name for a in e.actors),
            "evidence": [c.sentence.text for c in e.claims],
        }
        for e in ex.events
        if e.date is not None
    ]


def test_golden_every_sample_article_has_a_golden_file():
    assert ARTICLES, "seeds/articles holds the sample articles"
    assert sorted(p.stem for p in GOLDEN.glob("*.json")) == [p.stem for p in ARTICLES]


@pytest.mark.parametrize("path", ARTICLES, ids=[p.stem for p in ARTICLES])
def test_golden_sample_article_events(path: Path):
    got = summarize(path)
    golden = GOLDEN / f"{path.stem}.json"
    if os.environ.get("TIMELINE_UPDATE_GOLDEN") == "1":
        golden.write_text(json.dumps(got, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert got == json.loads(golden.read_text(encoding="utf-8"))
