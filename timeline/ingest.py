"""Ingest: read -> extract (in worker processes with jobs > 1) -> store, with progress.

The library entry point behind `timeline ingest`. Bad documents are reported and skipped;
everything else is stored, one transaction per document. A document longer than
MAX_DOCUMENT_CHARS is not extracted (it cannot be one article, and extraction time grows with
its length): it fails with a message telling to split it.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, TextIO

from sqlalchemy import select

from timeline.db import Database
from timeline.models import Document as DocumentRow
from timeline.store import StoreBatch, StoreSummary

MAX_DOCUMENT_CHARS = 2_000_000  # a long news feature has ~60,000


@dataclass(frozen=True)
class IngestOptions:
    manifest: str | None = None
    published: str | None = None
    publisher: str | None = None
    url: str | None = None
    jobs: int = 1


def _extract(doc: Any) -> Any:
    from timeline.extract.pipeline import extract_document

    try:
        ex = extract_document(doc)
        # the store needs the document and its events only: send no more between processes
        return replace(ex, sentences=(), candidates=())
    except Exception as exc:  # never lose the run to one document
        where = doc.source_path or doc.name
        return ("error", where, f"extraction failed ({type(exc).__name__}: {exc})")


def _worker_init() -> None:
    # Compile the rules once per worker, before the first document arrives.
    from timeline.extract.rules import compile_rules

    compile_rules()


def _extracted(docs: Iterable[Any], jobs: int) -> Iterator[Any]:
    if jobs <= 1:
        for d in docs:
            yield _extract(d)
        return
    ctx = mp.get_context("fork" if hasattr(os, "fork") else "spawn")
    with ctx.Pool(jobs, initializer=_worker_init) as pool:
        yield from pool.imap(_extract, docs, chunksize=32)


def ingest(
    db: Database,
    paths: Sequence[str],
    options: IngestOptions,
    *,
    stdin: TextIO | None = None,
    on_message: Callable[[str], None] = lambda m: None,
    on_progress: Callable[[int], None] = lambda n: None,
) -> StoreSummary:
    from timeline.extract.read import ReadFailure, ReadWarning, iter_documents

    summary = StoreSummary()
    seen: set[str] = set()  # hashes of this run (a database may hold millions: ask it)

    def failed(where: str, message: str) -> None:
        summary.documents_failed += 1
        summary.failures.append(f"{where}: {message}")
        on_message(f"error: {where}: {message}")

    def documents() -> Iterator[Any]:
        chunk: list[Any] = []
        for item in readable():
            chunk.append(item)
            if len(chunk) >= 256:
                yield from fresh(chunk)
                chunk = []
        yield from fresh(chunk)

    def fresh(chunk: list[Any]) -> Iterator[Any]:
        """The documents of a chunk that are not stored yet (one IN query per chunk)."""
        hashes = [d.sha256 for d in chunk]
        with db.session() as session:
            stored = set(
                session.scalars(select(DocumentRow.sha256).where(DocumentRow.sha256.in_(hashes)))
            )
        for item in chunk:
            if item.sha256 in stored or item.sha256 in seen:
                summary.documents_known += 1
                on_progress(1)
                continue
            seen.add(item.sha256)
            yield item

    def readable() -> Iterator[Any]:
        for item in iter_documents(
            paths,
            manifest=options.manifest,
            published=options.published,
            publisher=options.publisher,
            url=options.url,
            stdin=stdin,
        ):
            if isinstance(item, ReadFailure):
                summary.documents_failed += 1
                summary.failures.append(str(item))
                on_message(f"error: {item}")
                on_progress(1)
                continue
            if isinstance(item, ReadWarning):
                on_message(f"warning: {item}")
                continue
            for w in item.warnings:
                on_message(f"warning: {item.source_path or item.name}: {w}")
            if len(item.text) > MAX_DOCUMENT_CHARS:
                failed(
                    item.source_path or item.name,
                    f"too long for one article ({len(item.text):,} characters; the limit is "
                    f"{MAX_DOCUMENT_CHARS:,}): split it into articles (e.g. one per line of "
                    "a .jsonl file)",
                )
                on_progress(1)
                continue
            yield item

    batch = StoreBatch(db, summary)

    def report(failures: list[tuple[Any, Exception]]) -> None:
        for doc, exc in failures:
            detail = getattr(exc, "orig", None) or exc
            failed(doc.source_path or doc.name, f"not stored ({type(detail).__name__}: "
                                                f"{str(detail).strip()[:300]})")  # fmt: skip

    for result in _extracted(documents(), options.jobs):
        if isinstance(result, tuple):
            _, where, message = result
            failed(where, message)
        else:
            report(batch.add(result))
        on_progress(1)
    report(batch.flush())
    return summary
