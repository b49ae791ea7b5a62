#!/usr/bin/env python
"""Date normaliser benchmark: `timeline dates` (timeline.extract.dates.find_dates) against gold
TIMEX3 annotations of TimeML news files (TimeBank, AQUAINT, TempEval-3), TempEval-3 style.

    python benchmarks/timex_bench.py --data DIR                # the project + dateparser
    python benchmarks/timex_bench.py --data DIR --no-baseline  # the project only
    python benchmarks/timex_bench.py --data DIR --details errors.jsonl

DIR holds TimeML files (*.tml), directly or in one subfolder per corpus (TimeBank/,
AQUAINT/, ...); the data is not shipped with the project (see benchmarks/README.md). Each
file: the document creation time (DCT) is the TIMEX3 with functionInDocument="CREATION_TIME";
the text is what lies inside <TEXT>...</TEXT> with every tag removed (entities unescaped);
gold TIMEX3 spans are character offsets into that text.

Matching (per gold type set): the system's output objects are "units" (a range printed as
start/end parts is merged into one unit, valued by its start part, when both parts overlap the
same gold TIMEX3; otherwise each part is its own unit). Units and gold are paired one to one,
greedily by largest overlap. Relaxed match = overlapping spans; strict = identical spans. A
unit that overlaps no gold of the scored types but overlaps a gold of another type (e.g. a
DURATION) is left out of that score; a unit that overlaps no gold at all is spurious. Value
F1: relaxed matches whose values are equal, over the system units (precision) and over the
gold expressions (recall); gold values are compared as written (PRESENT_REF counts as it is)
except that a time part ("T...") is cut off. The baseline is plain
dateparser.search.search_dates over the whole text with the DCT as RELATIVE_BASE.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

CORPORA: list[str] = []  # set by load_docs: the corpus folders found under --data

TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>")
ATTR = re.compile(r'([A-Za-z_:]+)\s*=\s*"([^"]*)"')


@dataclass
class Gold:
    start: int
    end: int
    text: str
    type: str
    value: str
    tid: str


@dataclass
class Doc:
    corpus: str
    name: str
    dct: str
    text: str
    gold: list[Gold] = field(default_factory=list)


def parse_tml(path: Path, corpus: str) -> Doc:
    raw = path.read_text(encoding="utf-8")
    dct_m = re.search(r"<TIMEX3[^>]*functionInDocument=\"CREATION_TIME\"[^>]*>", raw)
    if not dct_m:
        raise ValueError(f"{path.name}: no CREATION_TIME TIMEX3")
    dct = dict(ATTR.findall(dct_m.group(0)))["value"][:10]
    t0 = raw.index("<TEXT>") + len("<TEXT>")
    t1 = raw.index("</TEXT>")
    body = raw[t0:t1]
    out: list[str] = []
    pos = 0  # offset in the plain text
    open_timex: list[tuple[int, dict[str, str]]] = []
    gold: list[Gold] = []
    last = 0
    for m in TAG.finditer(body):
        chunk = html.unescape(body[last : m.start()])
        out.append(chunk)
        pos += len(chunk)
        last = m.end()
        closing, name, attrs, selfclose = m.groups()
        if name != "TIMEX3" or selfclose:
            continue
        if not closing:
            open_timex.append((pos, dict(ATTR.findall(attrs))))
        else:
            s, a = open_timex.pop()
            gold.append(Gold(s, pos, "", a.get("type", ""), a.get("value", ""), a.get("tid", "")))
    chunk = html.unescape(body[last:])
    out.append(chunk)
    text = "".join(out)
    for g in gold:
        g.text = text[g.start : g.end]
    gold.sort(key=lambda g: g.start)
    return Doc(corpus, path.stem, dct, text, gold)


def load_docs(data: Path) -> list[Doc]:
    docs = []
    folders = sorted(p for p in data.iterdir() if p.is_dir()) or [data]
    if any(data.glob("*.tml")):
        folders = [data, *folders]
    for d in folders:
        corpus = d.name
        found = [p for p in sorted(d.glob("*.tml")) if not p.name.startswith("._")]
        if found:
            CORPORA.append(corpus)
        docs.extend(parse_tml(p, corpus) for p in found)
    return docs


# ---------------------------------------------------------------- systems


@dataclass
class Unit:
    start: int
    end: int
    text: str
    value: str | None
    parts: int = 1  # 2 when a range's two parts were merged


def project_units(doc: Doc) -> list[Unit]:
    from timeline.extract.dates import find_dates, mention_json

    units: list[Unit] = []
    for m in find_dates(doc.text, doc.dct):
        objs = mention_json(m)
        if len(objs) == 2:
            a, b = objs
            ga = {i for i, g in enumerate(doc.gold) if overlap(a["start"], a["end"], g)}
            gb = {i for i, g in enumerate(doc.gold) if overlap(b["start"], b["end"], g)}
            if ga and ga == gb and len(ga) == 1:
                units.append(
                    Unit(a["start"], b["end"], doc.text[a["start"] : b["end"]], a["value"], 2)
                )
                continue
        for o in objs:
            units.append(Unit(o["start"], o["end"], o["text"], o["value"]))
    return units


_DP_CACHE: dict = {}


def dateparser_units(doc: Doc) -> list[Unit]:
    from dateparser.search import search_dates

    base = dt.datetime.fromisoformat(doc.dct)
    res = search_dates(doc.text, languages=["en"], settings={"RELATIVE_BASE": base}) or []
    units = []
    pos = 0
    for sub, d in res:
        i = doc.text.find(sub, pos)
        if i < 0:
            i = doc.text.find(sub)
            if i < 0:
                continue
        else:
            pos = i + len(sub)
        units.append(Unit(i, i + len(sub), sub, d.date().isoformat()))
    return units


# ---------------------------------------------------------------- scoring


def overlap(s: int, e: int, g: Gold) -> int:
    return max(0, min(e, g.end) - max(s, g.start))


def norm_gold(v: str) -> str:
    return v.split("T")[0].strip().upper() if re.match(r"^[\dX]{4}", v) else v.strip().upper()


def norm_sys(v: str | None) -> str | None:
    return None if v is None else v.strip().upper()


@dataclass
class Counts:
    gold: int = 0
    sys: int = 0
    relaxed: int = 0
    strict: int = 0
    value: int = 0

    def add(self, o: Counts) -> None:
        for k in vars(self):
            setattr(self, k, getattr(self, k) + getattr(o, k))

    def prf(self, hit: int) -> tuple[float, float, float]:
        p = hit / self.sys if self.sys else 0.0
        r = hit / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def score_doc(
    doc: Doc,
    units: list[Unit],
    types: set[str],
    details: list | None = None,
    system: str = "project",
) -> Counts:
    golds = [g for g in doc.gold if g.type in types]
    others = [g for g in doc.gold if g.type not in types]
    pairs = []
    for ui, u in enumerate(units):
        for gi, g in enumerate(golds):
            ov = overlap(u.start, u.end, g)
            if ov:
                pairs.append((-ov, u.start, ui, gi))
    pairs.sort()
    u_match: dict[int, int] = {}
    g_match: dict[int, int] = {}
    for _, _, ui, gi in pairs:
        if ui in u_match or gi in g_match:
            continue
        u_match[ui] = gi
        g_match[gi] = ui
    c = Counts(gold=len(golds))
    for ui, u in enumerate(units):
        if ui in u_match:
            c.sys += 1
            continue
        touches_scored = any(overlap(u.start, u.end, g) for g in golds)
        other = [g for g in others if overlap(u.start, u.end, g)]
        if other and not touches_scored:
            if details is not None:
                details.append(
                    dict(
                        kind="other_type",
                        doc=doc.name,
                        corpus=doc.corpus,
                        dct=doc.dct,
                        sys_text=u.text,
                        sys_value=u.value,
                        sys_span=[u.start, u.end],
                        gold_text=other[0].text,
                        gold_type=other[0].type,
                        gold_value=other[0].value,
                        context=ctx(doc, u.start, u.end),
                    )
                )
            continue
        c.sys += 1
        if details is not None:
            details.append(
                dict(
                    kind="spurious",
                    doc=doc.name,
                    corpus=doc.corpus,
                    dct=doc.dct,
                    sys_text=u.text,
                    sys_value=u.value,
                    sys_span=[u.start, u.end],
                    split=touches_scored,
                    context=ctx(doc, u.start, u.end),
                )
            )
    for gi, g in enumerate(golds):
        if gi not in g_match:
            if details is not None:
                details.append(
                    dict(
                        kind="missed",
                        doc=doc.name,
                        corpus=doc.corpus,
                        dct=doc.dct,
                        gold_text=g.text,
                        gold_type=g.type,
                        gold_value=g.value,
                        gold_span=[g.start, g.end],
                        context=ctx(doc, g.start, g.end),
                    )
                )
            continue
        u = units[g_match[gi]]
        c.relaxed += 1
        strict = u.start == g.start and u.end == g.end
        c.strict += strict
        ok = norm_sys(u.value) == norm_gold(g.value)
        c.value += ok
        if details is not None:
            details.append(
                dict(
                    kind="match_ok" if ok else "value_mismatch",
                    doc=doc.name,
                    corpus=doc.corpus,
                    dct=doc.dct,
                    gold_text=g.text,
                    gold_type=g.type,
                    gold_value=g.value,
                    gold_span=[g.start, g.end],
                    sys_text=u.text,
                    sys_value=u.value,
                    sys_span=[u.start, u.end],
                    strict=strict,
                    context=ctx(doc, min(g.start, u.start), max(g.end, u.end)),
                )
            )
    return c


def ctx(doc: Doc, s: int, e: int, w: int = 60) -> str:
    a, b = max(0, s - w), min(len(doc.text), e + w)
    return (doc.text[a:s] + "[[" + doc.text[s:e] + "]]" + doc.text[e:b]).replace("\n", " ")


def overlap_counts(doc: Doc, units: list[Unit], typ: str) -> tuple[int, int]:
    gs = [g for g in doc.gold if g.type == typ]
    hit = sum(1 for g in gs if any(overlap(u.start, u.end, g) for u in units))
    return len(gs), hit


def fmt(c: Counts) -> str:
    rp, rr, rf = c.prf(c.relaxed)
    sp, sr, sf = c.prf(c.strict)
    vp, vr, vf = c.prf(c.value)
    return (
        f"gold {c.gold:5d} sys {c.sys:5d} | relaxed P {rp:.3f} R {rr:.3f} F1 {rf:.3f} | "
        f"strict P {sp:.3f} R {sr:.3f} F1 {sf:.3f} | value P {vp:.3f} R {vr:.3f} F1 {vf:.3f}"
    )


def run(docs: list[Doc], unit_fn, name: str, details: list | None) -> dict:
    groups = {c: [d for d in docs if d.corpus == c] for c in CORPORA}
    groups["both"] = docs
    res = {}
    t = time.time()
    units_by_doc = {}
    for d in docs:
        units_by_doc[d.name] = unit_fn(d)
    elapsed = time.time() - t
    for gname, gdocs in groups.items():
        if not gdocs:
            continue
        date, datetime_, dur, st = Counts(), Counts(), [0, 0], [0, 0]
        for d in gdocs:
            u = units_by_doc[d.name]
            date.add(score_doc(d, u, {"DATE"}, details if gname == "both" else None, name))
            datetime_.add(score_doc(d, u, {"DATE", "TIME"}))
            a, b = overlap_counts(d, u, "DURATION")
            dur[0] += a
            dur[1] += b
            a, b = overlap_counts(d, u, "SET")
            st[0] += a
            st[1] += b
        res[gname] = dict(docs=len(gdocs), date=date, date_time=datetime_, dur=dur, set=st)
    res["_seconds"] = elapsed
    return res


def report(name: str, res: dict) -> None:
    print(f"\n=== {name}  ({res['_seconds']:.1f}s) ===")
    for g in [*CORPORA, "both"]:
        if g not in res:
            print(f"{g:9s}: no documents")
            continue
        r = res[g]
        print(f"{g:9s} ({r['docs']} docs)")
        print(f"  DATE       {fmt(r['date'])}")
        print(f"  DATE+TIME  {fmt(r['date_time'])}")
        print(
            f"  DURATION gold {r['dur'][0]}, overlapped by a system output {r['dur'][1]};"
            f"  SET gold {r['set'][0]}, overlapped {r['set'][1]}"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    ap.add_argument("--data", type=Path, required=True, help="folder of TimeML .tml files")
    ap.add_argument("--details", type=Path, help="write one JSON line per gold and per error")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument(
        "--baseline-docs", type=int, default=0, help="baseline on the first N docs only (0 = all)"
    )
    args = ap.parse_args()
    if not args.data.is_dir():
        print(f"no folder {args.data}: nothing to measure", file=sys.stderr)
        return
    docs = load_docs(args.data)
    n = {c: sum(d.corpus == c for d in docs) for c in CORPORA}
    print(
        f"documents: {n}  gold TIMEX3: "
        + ", ".join(
            f"{t} {sum(g.type == t for d in docs for g in d.gold)}"
            for t in ["DATE", "TIME", "DURATION", "SET"]
        )
    )
    details: list = []
    res = run(docs, project_units, "project", details)
    report("project normaliser: timeline.extract.dates.find_dates", res)
    if args.details:
        with open(args.details, "w", encoding="utf-8") as f:
            for d in details:
                f.write(json.dumps(d, ensure_ascii=False) + "\n")
    if not args.no_baseline:
        bdocs = docs[: args.baseline_docs] if args.baseline_docs else docs
        bres = run(bdocs, dateparser_units, "dateparser", None)
        report(f"baseline: dateparser.search.search_dates ({len(bdocs)} docs)", bres)
        if args.baseline_docs:
            pres = run(bdocs, project_units, "project", None)
            report(f"project on the same {len(bdocs)} docs", pres)


if __name__ == "__main__":
    main()
