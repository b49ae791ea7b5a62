"""Ingest Reuters-21578 with the real CLI and report throughput, memory and completeness.

    python benchmarks/ingest_reuters.py [--limit N] [--jobs 2] [--keep DB]
        [--corpus FILE] [--dateparser-sample 500] [--json FILE]

Runs `python -m timeline --db sqlite:///DB ingest FILE --jobs N -q` in a subprocess on a fresh
SQLite database and reports:

- wall time, stories/s (stories in the file) and sentences/s (sentences of the distinct
  documents the run extracts, counted with timeline.extract.text.split before the timed run);
- peak memory: the largest single process (ru_maxrss from wait4, which covers the CLI and
  its worker processes) and the peak of the summed PSS of the whole process tree (sampled
  from /proc every 0.1 s; PSS shares the pages the workers inherit from the parent fairly);
- documents stored, which must equal the distinct texts of the input (as the reader hashes
  them), plus events and mentions;
- in the same run, after the ingest: the rate of plain
  ``dateparser.search.search_dates(text, languages=["en"], settings={"RELATIVE_BASE": published})``
  on one core over the first --dateparser-sample stories, extrapolated to the whole input,
  and its ratio to the whole pipeline's rate (read + clean + dates + entities + events +
  merge + store, with --jobs workers).

Targets (issue 5): <= 30 s wall with --jobs 2 (>= 630 stories/s), peak memory <= 1 GiB, all
19,043 documents stored. Exits 0 when the corpus is absent (with a message), 1 when a target
is missed or documents are missing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

CORPUS = Path("/work/shared/corpus/reuters21578/reuters21578.jsonl.gz")
TARGET_WALL_S = 30.0
TARGET_RATE = 630.0
TARGET_MEMORY_MIB = 1024.0


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def read_lines(path: Path, limit: int | None) -> list[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    lines: list[str] = []
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                lines.append(line)
                if limit is not None and len(lines) >= limit:
                    break
    return lines


def precount(path: Path) -> tuple[int, int, int]:
    """(stories read, distinct documents, sentences in them) as the ingest reader sees them."""
    from timeline.extract.read import iter_documents
    from timeline.extract.text import split

    seen: set[str] = set()
    stories = sentences = 0
    for item in iter_documents([str(path)]):
        if not hasattr(item, "sha256"):  # ReadFailure / ReadWarning
            continue
        stories += 1
        if item.sha256 in seen:
            continue
        seen.add(item.sha256)
        sentences += len(split(item.text))
    return stories, len(seen), sentences


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _tree(pid: int) -> dict[int, float]:
    """``pid`` and every descendant, with the CPU seconds each has used so far (scanning
    /proc: not every kernel has /proc/PID/task/TID/children)."""
    parent_of: dict[int, int] = {}
    cpu: dict[int, float] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        # the command name (in parentheses) may contain spaces: split after it
        fields = stat[stat.rfind(b")") + 2 :].split()
        parent_of[int(name)] = int(fields[1])
        cpu[int(name)] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    tree, frontier = [pid], [pid]
    while frontier:
        p = frontier.pop()
        kids = [c for c, pp in parent_of.items() if pp == p]
        tree.extend(kids)
        frontier.extend(kids)
    return {p: cpu.get(p, 0.0) for p in tree}


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class TreeSampler(threading.Thread):
    """Samples a process tree until stopped: the peak of its summed PSS, and the CPU time
    of the root process (the CLI: read, dispatch, store) and of its descendants (workers)."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_kib = 0
        self.peak_processes = 0
        self.cpu: dict[int, float] = {}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            tree = _tree(self.pid)
            self.cpu.update(tree)
            total = sum(_pss_kib(p) for p in tree)
            if total > self.peak_kib:
                self.peak_kib, self.peak_processes = total, len(tree)
            self.done.wait(self.interval)

    @property
    def root_cpu_s(self) -> float:
        return self.cpu.get(self.pid, 0.0)

    @property
    def workers_cpu_s(self) -> float:
        return sum(v for p, v in self.cpu.items() if p != self.pid)


def timed_ingest(db_path: Path, corpus: Path, jobs: int) -> dict[str, Any]:
    cmd = [
        sys.executable,
        "-m",
        "timeline",
        "--db",
        f"sqlite:///{db_path}",
        "ingest",
        str(corpus),
        "--jobs",
        str(jobs),
        "-q",
    ]
    log("running: " + " ".join(cmd))
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = TreeSampler(proc.pid)
    sampler.start()
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    sampler.done.set()
    sampler.join()
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code
    if code != 0:
        log(err.decode("utf-8", "replace")[-3000:])
    return {
        "command": " ".join(cmd),
        "exit_status": code,
        "wall_s": wall,
        "cpu_user_s": usage.ru_utime,
        "cpu_sys_s": usage.ru_stime,
        "max_rss_mib": usage.ru_maxrss / 1024,
        "tree_pss_peak_mib": sampler.peak_kib / 1024,
        "tree_processes": sampler.peak_processes,
        # last samples (up to 0.1 s before the end): where the CPU went
        "parent_cpu_s": sampler.root_cpu_s,
        "workers_cpu_s": sampler.workers_cpu_s,
        "load_average": os.getloadavg(),
        "stderr_lines": err.decode("utf-8", "replace").count("\n"),
    }


def stored_counts(db_path: Path) -> dict[str, int]:
    con = sqlite3.connect(db_path)
    try:
        return {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("document", "event", "mention")
        }
    finally:
        con.close()


def dateparser_rate(lines: list[str], sample: int) -> dict[str, Any]:
    """search_dates over whole stories, one core: stories/s and dates found."""
    import warnings

    warnings.filterwarnings("ignore", category=DeprecationWarning)
    from dateparser.search import search_dates

    stories = []
    for line in lines[:sample]:
        rec = json.loads(line)
        base = None
        try:
            base = dt.datetime.fromisoformat(rec["published"]) if rec.get("published") else None
        except ValueError:
            pass
        stories.append((rec.get("text") or "", base))
    search_dates("He arrived on Tuesday, June 4, 2024.", languages=["en"])  # load the language
    found = 0
    t0 = time.perf_counter()
    for text, base in stories:
        settings = {"RELATIVE_BASE": base} if base else {}
        found += len(search_dates(text, languages=["en"], settings=settings) or ())
    seconds = time.perf_counter() - t0
    return {"stories": len(stories), "seconds": seconds, "dates": found}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, help="Only the first N stories.")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", metavar="DB", type=Path, help="Keep the database at DB.")
    parser.add_argument("--dateparser-sample", type=int, default=500, metavar="N")
    parser.add_argument("--json", metavar="FILE", help="Append the figures to FILE (JSON lines).")
    args = parser.parse_args(argv)

    if not args.corpus.exists():
        print(
            f"skipped: no corpus at {args.corpus} (Reuters-21578 as JSON lines, see "
            "/work/shared/corpus/reuters21578/README.md); pass --corpus FILE"
        )
        return 0

    work = Path(tempfile.mkdtemp(prefix="timeline-ingest-bench-"))
    try:
        lines = read_lines(args.corpus, args.limit)
        corpus = args.corpus
        if args.limit is not None:
            corpus = work / "stories.jsonl.gz"
            with gzip.open(corpus, "wt", encoding="utf-8") as fh:
                fh.writelines(lines)
        log(f"counting sentences of {len(lines):,} stories (untimed) ...")
        t0 = time.perf_counter()
        stories, distinct, sentences = precount(corpus)
        log(
            f"  {stories:,} stories, {distinct:,} distinct texts, {sentences:,} sentences "
            f"({time.perf_counter() - t0:.1f} s)"
        )

        db_path = args.keep.resolve() if args.keep else work / "reuters.db"
        if args.keep:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        run = timed_ingest(db_path, corpus, args.jobs)
        stored = stored_counts(db_path) if db_path.exists() else {}

        log(f"dateparser.search.search_dates on the first {args.dateparser_sample} stories ...")
        dp = dateparser_rate(lines, args.dateparser_sample)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    wall = run["wall_s"]
    rate = stories / wall
    dp_rate = dp["stories"] / dp["seconds"] if dp["seconds"] else float("inf")
    memory = max(run["max_rss_mib"], run["tree_pss_peak_mib"])
    result = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "machine": f"{platform.node()} {platform.machine()} {os.cpu_count()} cpu, "
        f"Python {platform.python_version()}",
        "stories": stories,
        "distinct_documents": distinct,
        "sentences": sentences,
        "jobs": args.jobs,
        **run,
        "stories_per_s": rate,
        "sentences_per_s": sentences / wall,
        "stored": stored,
        "dateparser": {**dp, "stories_per_s": dp_rate, "extrapolated_s": stories / dp_rate},
        "pipeline_vs_dateparser": rate / dp_rate,
    }

    print(f"command:    {run['command']}")
    print(f"stories:    {stories:,} ({distinct:,} distinct texts, {sentences:,} sentences)")
    print(
        f"wall:       {wall:.1f} s  (exit status {run['exit_status']}; CPU of the whole tree "
        f"{run['cpu_user_s'] + run['cpu_sys_s']:.1f} s)"
    )
    print(
        f"CPU:        CLI process (read, store) {run['parent_cpu_s']:.1f} s, extraction "
        f"workers {run['workers_cpu_s']:.1f} s; load average after the run "
        f"{run['load_average'][0]:.1f}"
    )
    print(f"throughput: {rate:,.0f} stories/s, {sentences / wall:,.0f} sentences/s")
    print(
        f"memory:     largest process {run['max_rss_mib']:.0f} MiB RSS; whole tree "
        f"{run['tree_pss_peak_mib']:.0f} MiB PSS ({run['tree_processes']} processes)"
    )
    print(
        f"stored:     {stored.get('document', 0):,} documents, {stored.get('event', 0):,} "
        f"events, {stored.get('mention', 0):,} mentions"
    )
    print(
        f"dateparser: search_dates alone, one core: {dp_rate:,.0f} stories/s over "
        f"{dp['stories']} stories ({dp['dates']} dates) -> {stories / dp_rate:.0f} s for "
        f"all {stories:,}; the whole pipeline (--jobs {args.jobs}) runs at "
        f"{rate / dp_rate:.1f}x that rate"
    )

    misses = []
    full_run = args.limit is None and args.corpus == CORPUS and args.jobs == 2
    if full_run and wall > TARGET_WALL_S:
        misses.append(f"wall {wall:.1f} s > {TARGET_WALL_S:.0f} s")
    if rate < TARGET_RATE:
        misses.append(f"{rate:,.0f} stories/s < {TARGET_RATE:.0f}")
    if memory > TARGET_MEMORY_MIB:
        misses.append(f"peak memory {memory:.0f} MiB > {TARGET_MEMORY_MIB:.0f} MiB")
    if stored.get("document") != distinct:
        misses.append(f"{stored.get('document', 0):,} documents stored, expected {distinct:,}")
    if run["exit_status"] != 0:
        misses.append(f"ingest exited with status {run['exit_status']}")
    result["target_misses"] = misses
    print("targets:    " + ("all met" if not misses else "MISSED: " + "; ".join(misses)))
    if args.keep:
        print(f"database kept at {db_path}")
    if args.json:
        with open(args.json, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(result) + "\n")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
