"""Time find_dates over a JSONL corpus (default: the Reuters-21578 sample of 200 articles).

    python benchmarks/dates_bench.py [FILE.jsonl] [--repeat N]

Prints documents, sentences and expressions per second on one core. Sentences are counted
with a rough splitter only for the rate; find_dates itself reads whole texts.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

from timeline.extract.dates import find_dates
from timeline.partialdate import PartialDate, PartialDateError

DEFAULT = Path("/work/shared/corpus/reuters21578/sample200.jsonl")
_SENTENCE = re.compile(r"[.!?](?=\s+[A-Z\"'])|\n\s*\n|\n {3,}")


def load(path: Path) -> list[tuple[str, PartialDate | None]]:
    docs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        try:
            published = PartialDate.parse(rec["published"]) if rec.get("published") else None
        except PartialDateError:
            published = None
        docs.append((rec.get("text") or "", published))
    return docs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    if not args.path.exists():
        print(f"no corpus at {args.path}", file=sys.stderr)
        return 2
    docs = load(args.path)
    sentences = sum(len(_SENTENCE.findall(t)) + 1 for t, _ in docs)
    find_dates("warm up on Tuesday, June 4, 2024", PartialDate(2024, 6, 3))
    best = float("inf")
    found = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        found = sum(len(find_dates(text, published)) for text, published in docs)
        best = min(best, time.perf_counter() - t0)
    chars = sum(len(t) for t, _ in docs)
    print(
        f"{len(docs)} documents, {sentences} sentences, {chars} characters, "
        f"{found} expressions; best of {args.repeat}: {best:.3f} s"
    )
    print(
        f"{len(docs) / best:,.0f} documents/s  {sentences / best:,.0f} sentences/s  "
        f"{found / best:,.0f} expressions/s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
