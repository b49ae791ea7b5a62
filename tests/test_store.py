"""Storing: the events a set of documents yields do not depend on the order they arrive in,
and storing the same documents again changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_shipped_db import _events

from timeline.db import open_database
from timeline.ingest import IngestOptions, ingest

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = sorted(str(p) for p in (ROOT / "seeds" / "articles").glob("*.md"))
DEV = ROOT.parent / "shared" / "corpus" / "dev" / "articles"


def _build(tmp_path: Path, name: str, paths: list[str]) -> str:
    url = f"sqlite:///{tmp_path / name}"
    db = open_database(url)
    for path in paths:  # one run per document: merging happens in the database
        ingest(db, [path], IngestOptions())
    db.close()
    return url


@pytest.mark.parametrize(
    "corpus",
    ["samples", pytest.param("dev", marks=pytest.mark.slow)],
)
def test_store_result_does_not_depend_on_document_order(tmp_path: Path, corpus: str):
    if corpus == "dev" and not DEV.exists():
        pytest.skip("../shared/corpus/dev is not here")
    paths = ARTICLES if corpus == "samples" else sorted(str(p) for p in DEV.glob("*.txt"))
    forward = _events(_build(tmp_path, "forward.db", paths))
    backward = _events(_build(tmp_path, "backward.db", list(reversed(paths))))
    assert forward == backward


def test_store_ingesting_again_changes_nothing(tmp_path: Path):
    url = _build(tmp_path, "twice.db", ARTICLES)
    before = _events(url)
    db = open_database(url)
    summary = ingest(db, ARTICLES, IngestOptions())
    db.close()
    assert (summary.documents_new, summary.documents_known) == (0, len(ARTICLES))
    assert _events(url) == before
