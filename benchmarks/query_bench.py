"""Time `timeline query --pair`, the same query through the library, and a CSV export of all.

    python benchmarks/query_bench.py --db sqlite:////tmp/synth-1m.db [--cli-runs 20]
        [--lib-runs 50] [--pairs CN-US,KH-VN] [--export-runs 1] [--no-export] [--json FILE]

Measures, on an existing database (build one with benchmarks/synthetic.py):

1. `python -m timeline --db URL query --pair A-B --format csv` in a subprocess, process start
   included, stdout read through a pipe: p50/p90 over --cli-runs runs spread over the pairs;
2. the same query in-process: ``timeline.query.find_events`` (what `query` and `export`
   iterate, via ``iter_events``) and ``timeline.export.export(..., "csv", StringIO)`` (all the
   command does after parsing its options): p50/p90 over --lib-runs runs;
3. `python -m timeline --db URL export --format csv -o -` of every event, stdout to
   /dev/null: wall time and peak memory.

   (Not `-o /dev/null`: export writes to a temporary file next to the target and renames it
   over the target, which would replace /dev/null itself with a regular file when run as root.)

The pairs are chosen from the data unless given: the two most frequent pairs, the pair at the
1% rank and two rare ones. The interpreter floor (`python -c pass`, `python -m timeline
--version`) is measured too, so the query's own share of the end-to-end time is visible.
Prints a report on stdout; --json FILE appends the figures as one JSON object per line.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select

from timeline.db import open_database
from timeline.export import export
from timeline.models import Document, Event, EventCountry, Mention
from timeline.query import EventFilter, find_events, parse_pair


def quantile(values: Sequence[float], q: float) -> float:
    """The q-quantile (0..1) by linear interpolation, as numpy's default does."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    pos = (len(ordered) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def summary(values: Sequence[float]) -> dict[str, float]:
    return {
        "runs": len(values),
        "p50": quantile(values, 0.5),
        "p90": quantile(values, 0.9),
        "min": min(values),
        "max": max(values),
    }


TIME = shutil.which("time") or ("/usr/bin/time" if os.path.exists("/usr/bin/time") else None)


def run(cmd: list[str], *, capture: bool = True) -> tuple[float, int, bytes]:
    """Wall seconds, peak RSS (KiB) and stdout of one subprocess.

    The peak RSS comes from GNU time's %M where it is installed: wait4's ru_maxrss of a
    forked child also counts the copy of this (large) benchmark process made before exec."""
    argv = [TIME, "-f", "timeline-maxrss:%M", *cmd] if TIME else cmd
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdout=subprocess.PIPE if capture else subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    out = b""
    if capture:
        assert proc.stdout is not None
        out = proc.stdout.read()
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err.decode()[-2000:]}")
    found = re.findall(rb"timeline-maxrss:(\d+)", err)
    return wall, int(found[-1]) if found else usage.ru_maxrss, out


def pair_counts(db: Any) -> list[tuple[str, int]]:
    """(pair, events) for every country pair, most frequent first."""
    a = EventCountry.__table__.alias("a")
    b = EventCountry.__table__.alias("b")
    stmt = (
        select(a.c.code, b.c.code, func.count())
        .select_from(a.join(b, (a.c.event_id == b.c.event_id) & (a.c.code < b.c.code)))
        .group_by(a.c.code, b.c.code)
        .order_by(func.count().desc(), a.c.code, b.c.code)
    )
    with db.session() as session:
        return [(f"{x}-{y}", n) for x, y, n in session.execute(stmt)]


def choose_pairs(counts: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The two most frequent pairs, the pair at the 1% rank and two rare ones (<= 3 events)."""
    if len(counts) < 5:
        return counts
    rare = [c for c in counts if c[1] <= 3]
    picks = [counts[0], counts[1], counts[len(counts) // 100]]
    picks += rare[len(rare) // 3 : len(rare) // 3 + 2] if len(rare) >= 2 else counts[-2:]
    return list(dict.fromkeys(picks))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="Database URL.")
    parser.add_argument("--cli-runs", type=int, default=20)
    parser.add_argument("--lib-runs", type=int, default=50)
    parser.add_argument("--pairs", help="Comma-separated pairs (default: chosen from the data).")
    parser.add_argument("--export-runs", type=int, default=1)
    parser.add_argument("--no-export", action="store_true", help="Skip the export of all events.")
    parser.add_argument("--json", metavar="FILE", help="Append the figures to FILE (JSON lines).")
    args = parser.parse_args(argv)

    db = open_database(args.db)
    with db.session() as session:
        sizes = {
            "events": session.scalar(select(func.count()).select_from(Event)),
            "mentions": session.scalar(select(func.count()).select_from(Mention)),
            "documents": session.scalar(select(func.count()).select_from(Document)),
        }
    t0 = time.perf_counter()
    counts = pair_counts(db)
    pair_scan_s = time.perf_counter() - t0
    if args.pairs:
        wanted = [p.strip().upper() for p in args.pairs.split(",")]
        known = dict(counts)
        pairs = [(p, known.get("-".join(sorted(p.split("-"))), 0)) for p in wanted]
    else:
        pairs = choose_pairs(counts)
    print(f"database: {db.url} ({db.engine.dialect.name})")
    print(
        f"size: {sizes['events']:,} events, {sizes['mentions']:,} mentions, "
        f"{sizes['documents']:,} documents; {len(counts):,} pairs (scan {pair_scan_s:.1f} s)"
    )
    print("pairs: " + ", ".join(f"{p} ({n:,} events)" for p, n in pairs))
    result: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "machine": f"{platform.node()} {platform.machine()} {os.cpu_count()} cpu, "
        f"Python {platform.python_version()}",
        "dialect": db.engine.dialect.name,
        **sizes,
        "pairs": dict(pairs),
        "load_average_before": os.getloadavg(),
    }

    py = sys.executable
    base = [py, "-m", "timeline", "--db", args.db]

    # 0. floors: interpreter start, and the CLI without a database
    floor = [run([py, "-c", "pass"])[0] for _ in range(5)]
    floor_cli = [run([*base, "--version"])[0] for _ in range(5)]
    result["floor_python_s"] = statistics.median(floor)
    result["floor_cli_version_s"] = statistics.median(floor_cli)
    print(
        f"floor: python -c pass {result['floor_python_s'] * 1000:.0f} ms; "
        f"timeline --version {result['floor_cli_version_s'] * 1000:.0f} ms"
    )

    # 1. end to end
    run([*base, "query", "--pair", pairs[0][0], "--format", "csv"])  # warm the page cache
    walls: list[float] = []
    per_pair: dict[str, list[float]] = {p: [] for p, _ in pairs}
    rss = 0
    for i in range(args.cli_runs):
        pair, expected = pairs[i % len(pairs)]
        wall, maxrss, out = run([*base, "query", "--pair", pair, "--format", "csv"])
        lines = out.count(b"\n") - 1 if out else 0
        if expected and lines < expected:  # rows may hold newlines, so never fewer
            raise SystemExit(f"query --pair {pair}: {lines} rows, expected {expected}")
        walls.append(wall)
        per_pair[pair].append(wall)
        rss = max(rss, maxrss)
    result["cli_query"] = {**summary(walls), "max_rss_mib": rss / 1024}
    result["cli_query_by_pair"] = {p: statistics.median(v) for p, v in per_pair.items() if v}
    s = result["cli_query"]
    print(
        f"1. CLI query --pair --format csv, end to end ({s['runs']} runs): "
        f"p50 {s['p50'] * 1000:.0f} ms, p90 {s['p90'] * 1000:.0f} ms, "
        f"peak RSS {s['max_rss_mib']:.0f} MiB"
    )
    for p, n in pairs:
        if per_pair[p]:
            med = statistics.median(per_pair[p]) * 1000
            print(f"     {p:>6} ({n:>7,} events): median {med:.0f} ms")

    # 2. in-process
    find_s: list[float] = []
    csv_s: list[float] = []
    find_by_pair: dict[str, list[float]] = {p: [] for p, _ in pairs}
    with db.session() as session:  # warm-up: first compile of the statements
        find_events(session, EventFilter(countries=parse_pair(session, [pairs[0][0]])))
    for i in range(args.lib_runs):
        pair = pairs[i % len(pairs)][0]
        with db.session() as session:
            t = time.perf_counter()
            flt = EventFilter(countries=parse_pair(session, [pair]))
            find_events(session, flt)
            find_s.append(time.perf_counter() - t)
            find_by_pair[pair].append(find_s[-1])
        with db.session() as session:
            t = time.perf_counter()
            flt = EventFilter(countries=parse_pair(session, [pair]))
            export(session, flt, "csv", io.StringIO())
            csv_s.append(time.perf_counter() - t)
    result["lib_find_events"] = summary(find_s)
    result["lib_export_csv"] = summary(csv_s)
    result["lib_find_events_by_pair"] = {
        p: statistics.median(v) for p, v in find_by_pair.items() if v
    }
    for label, key in (("find_events", "lib_find_events"), ("export csv", "lib_export_csv")):
        s = result[key]
        print(
            f"2. library {label} ({s['runs']} runs): p50 {s['p50'] * 1000:.1f} ms, "
            f"p90 {s['p90'] * 1000:.1f} ms"
        )
    for p, n in pairs:
        if find_by_pair[p]:
            med = statistics.median(find_by_pair[p]) * 1000
            print(f"     {p:>6} ({n:>7,} events): median {med:.1f} ms")

    # 3. export of everything
    if not args.no_export:
        exports = []
        export_rss = 0
        for _ in range(args.export_runs):
            wall, maxrss, _ = run([*base, "export", "--format", "csv", "-o", "-"], capture=False)
            exports.append(wall)
            export_rss = max(export_rss, maxrss)
        result["cli_export_csv"] = {**summary(exports), "max_rss_mib": export_rss / 1024}
        s = result["cli_export_csv"]
        rate = sizes["events"] / s["p50"] if s["p50"] else 0
        print(
            f"3. CLI export --format csv of all {sizes['events']:,} events: "
            f"{s['p50']:.2f} s ({rate:,.0f} events/s), peak RSS {s['max_rss_mib']:.0f} MiB"
        )
    result["load_average_after"] = os.getloadavg()
    print(
        "load average (1 min) before/after: "
        f"{result['load_average_before'][0]:.1f} / {result['load_average_after'][0]:.1f} "
        f"on {os.cpu_count()} cpus"
    )
    db.close()
    if args.json:
        with open(args.json, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
