"""Extraction time against document length: it must grow linearly, not quadratically.

    python benchmarks/scaling.py            # 60k, 240k, 480k characters of dense news

Prints seconds per size and the ratio for 8x the text (linear: ~8x; quadratic: ~64x).
"""

from __future__ import annotations

import time

from timeline.extract.pipeline import extract_document
from timeline.extract.records import Document
from timeline.extract.rules import compile_rules

PAIRS = [("Cambodia", "Japan"), ("Vietnam", "India"), ("Thailand", "Laos"), ("China", "Russia")]


def news(size: int) -> str:
    """Dense news text: every paragraph has countries, a trigger and dates."""
    out, i = [], 0
    while sum(map(len, out)) < size:
        a, b = PAIRS[i % len(PAIRS)]
        out.append(
            f"The foreign ministers of {a} and {b} held talks in Phnom Penh on Monday, "
            f"officials said on June {i % 28 + 1}, 2023. They agreed to hold a joint naval "
            f"exercise next year, and {a}'s Prime Minister will visit {b} in March.\n\n"
        )
        i += 1
    return "".join(out)[:size]


def seconds(size: int, runs: int = 1) -> float:
    doc = Document(name="news", text=news(size), published=None)
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        extract_document(doc)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    compile_rules()
    sizes = (60_000, 240_000, 480_000)
    times = {size: seconds(size, 2 if size < 400_000 else 1) for size in sizes}
    for size, t in times.items():
        print(f"{size:>8} chars  {t:6.2f} s  {size / t / 1000:7.0f} kchars/s")
    print(f"8x the text took {times[480_000] / times[60_000]:.1f}x the time")


if __name__ == "__main__":
    main()
