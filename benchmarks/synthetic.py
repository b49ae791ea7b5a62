"""Build a realistic synthetic timeline database for query and export benchmarks.

    python benchmarks/synthetic.py --events 1000000 --db sqlite:////tmp/synth-1m.db [--seed 1]

Writes through the project's own schema (timeline.models tables; the database is opened with
timeline.db.open_database, so it is migrated and seeded with the reference countries and
actors first) with SQLAlchemy Core executemany inserts in batches of about 10,000 rows and
ids assigned here. Appends to a database that already has events (ids continue after the
largest). What it makes, per event:

- countries: about 200 of the ISO countries, pair frequency skewed (Zipf-like weights, the
  usual suspects first: US-CN is frequent, most pairs are rare); 3% of events have 3-5
  countries (host/guest sides for visits, participant otherwise);
- type and subtype: every (type, subtype) of timeline.seeddata.load().event_types, with the
  CAMEO code and label of the seed data;
- date: 1990-2026, more events in recent years; precision 70% day, 20% month, 10% year;
  12% of day-precision events are ranges of 1-10 days;
- status: occurred, planned (mostly late dates), cancelled;
- sources: 1-5 mentions (most events have 1 or 2), each in a document (a third of them
  reused by several events), with sentence, offsets, trigger, date text and claim;
- people: 0-3 event_actor rows, about 40% linked to a seeded actor of one of the countries.

Progress goes to stderr; the last line of stdout is a JSON summary (rows per table, seconds).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import itertools
import json
import random
import sys
import time
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import func, insert, select

from timeline.db import open_database, write_connection_options
from timeline.digest import refresh_missing
from timeline.models import Actor, Country, Document, Event, EventActor, EventCountry, Mention
from timeline.seeddata import load

BATCH_ROWS = 10_000
EVENTS_PER_CHUNK = 5_000  # events generated (and committed) together with their rows

# Countries that dominate diplomatic news, most frequent first; the rest follow in a
# seeded random order. Codes only used when the reference data has them.
LEADERS = (
    "US CN RU JP IN GB FR DE KR KP VN KH TH ID PH MY SG AU IR IL SA TR UA PK EG BR ZA NG "
    "CA IT ES MX AE QA LA MM BD NZ PL KZ"
).split()
N_COUNTRIES = 200
ZIPF_S = 1.1

FIRST = (
    "Ana Ali Chen Dmitri Elena Fatima Hiro Ivan Jamal Kim Lena Maria Nguyen Omar Priya "
    "Raj Sara Tomas Wei Yuki Zhang Ahmed Hun Sok Lee Park Carlos Ines Olga Pierre"
).split()
LAST = (
    "Smith Wang Ivanov Tanaka Singh Brown Martin Muller Kim Nguyen Sok Chea Santos Khan "
    "Haddad Cohen Yilmaz Kowalski Silva Okafor Dlamini Rossi Garcia Novak Sato Li Park"
).split()
ROLES = (
    "Foreign Minister",
    "Defence Minister",
    "Prime Minister",
    "President",
    "Ambassador",
    "Deputy Foreign Minister",
    "Trade Minister",
    "Chief of Naval Staff",
)
PUBLISHERS = (
    "Reuters",
    "AP",
    "AFP",
    "Xinhua",
    "Khmer Times",
    "Nikkei Asia",
    "The Diplomat",
    "Bloomberg",
    "Kyodo",
    "VnExpress",
    "The Hindu",
    "Al Jazeera",
)
CITIES = (
    "Phnom Penh",
    "Beijing",
    "Washington",
    "Tokyo",
    "Hanoi",
    "New Delhi",
    "Moscow",
    "Bangkok",
    "Jakarta",
    "Canberra",
    "Singapore",
    "Seoul",
    "Paris",
    "Berlin",
    "Geneva",
    "Ream",
    "Manila",
    "Kuala Lumpur",
)
DATE_TEXTS = {"day": ("Tuesday", "on June 4", "last Friday", "Dec. 15-17", "on 4 June 2024")}
DATE_TEXTS["month"] = ("last month", "in June", "next month", "earlier this month")
DATE_TEXTS["year"] = ("this year", "in 2022", "last year", "next year")
TRIGGERS = {
    "visit": ("visit", "travels to", "arrived in", "state visit"),
    "meeting": ("met", "talks", "held talks", "phone call"),
    "agreement": ("signed", "memorandum of understanding", "agreed", "treaty"),
    "drill": ("joint exercise", "drills", "naval exercise", "joint patrol"),
}
FILLER = (
    "Officials said the two sides discussed trade, investment and security cooperation, "
    "and agreed to keep in close contact on regional issues. The ministry said in a "
    "statement that relations had grown steadily over the past decade. "
)

FIRST_DAY = dt.date(1990, 1, 1)
LAST_DAY = dt.date(2026, 12, 31)
PLANNED_AFTER = dt.date(2025, 6, 1)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def batched(rows: Sequence[dict[str, Any]], size: int = BATCH_ROWS) -> Iterator[Sequence[Any]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


class Generator:
    """Draws events with their rows; every random choice comes from one seeded Random."""

    def __init__(
        self,
        rng: random.Random,
        countries: dict[str, str],
        actors: dict[str, list[tuple[int, str]]],
        next_ids: dict[str, int],
    ) -> None:
        self.rng = rng
        self.names = countries
        codes = [c for c in LEADERS if c in countries]
        rest = sorted(set(countries) - set(codes))
        rng.shuffle(rest)
        self.codes = (codes + rest)[:N_COUNTRIES]
        weights = [1.0 / (rank + 1) ** ZIPF_S for rank in range(len(self.codes))]
        self.cum = list(itertools.accumulate(weights))
        self.actors = actors
        self.types = [(e.type, e.subtype, e.cameo, e.label) for e in load().event_types]
        # More events in recent years: weight grows linearly with the year.
        self.years = list(range(FIRST_DAY.year, LAST_DAY.year + 1))
        self.year_cum = list(itertools.accumulate(1 + (y - self.years[0]) for y in self.years))
        self.ids = dict(next_ids)
        self.recent_docs: list[tuple[int, dt.date]] = []

    def _next(self, table: str) -> int:
        value = self.ids[table]
        self.ids[table] = value + 1
        return value

    def _countries(self) -> list[str]:
        rng = self.rng
        k = 2 if rng.random() >= 0.03 else rng.randint(3, 5)
        chosen: list[str] = []
        while len(chosen) < k:
            code = rng.choices(self.codes, cum_weights=self.cum)[0]
            if code not in chosen:
                chosen.append(code)
        return chosen

    def _date(self) -> tuple[dt.date, dt.date | None, str]:
        rng = self.rng
        year = rng.choices(self.years, cum_weights=self.year_cum)[0]
        r = rng.random()
        if r < 0.10:
            return dt.date(year, 1, 1), None, "year"
        month = rng.randint(1, 12)
        if r < 0.30:
            return dt.date(year, month, 1), None, "month"
        day = dt.date(year, month, rng.randint(1, 28))
        end = day + dt.timedelta(days=rng.randint(1, 10)) if rng.random() < 0.12 else None
        return day, end, "day"

    def _status(self, start: dt.date) -> str:
        r = self.rng.random()
        if start >= PLANNED_AFTER:
            return "planned" if r < 0.6 else ("occurred" if r < 0.95 else "cancelled")
        return "occurred" if r < 0.9 else ("planned" if r < 0.96 else "cancelled")

    def _document(self, day: dt.date, sentence: str, out: list[dict[str, Any]]) -> int:
        rng = self.rng
        if self.recent_docs and rng.random() < 0.33:
            doc_id, _ = rng.choice(self.recent_docs)
            return doc_id
        doc_id = self._next("document")
        published = day + dt.timedelta(days=rng.randint(-3, 5))
        publisher = rng.choice(PUBLISHERS)
        title = sentence[:80].rstrip(" ,.")
        text = f"{title}\n\n{sentence} {FILLER}"
        out.append(
            {
                "id": doc_id,
                "sha256": hashlib.sha256(f"{doc_id}\n{text}".encode()).hexdigest(),
                "name": f"synthetic-{doc_id:08d}.txt",
                "title": title,
                "publisher": publisher,
                "url": f"https://news.example/{publisher.lower().replace(' ', '-')}/{doc_id}",
                "published": published,
                "published_precision": "day",
                "published_basis": "given",
                "text": text,
            }
        )
        self.recent_docs.append((doc_id, published))
        if len(self.recent_docs) > 2000:
            del self.recent_docs[:1000]
        return doc_id

    def chunk(self, n: int) -> dict[str, list[dict[str, Any]]]:
        rng = self.rng
        rows: dict[str, list[dict[str, Any]]] = {
            "document": [],
            "event": [],
            "event_country": [],
            "event_actor": [],
            "mention": [],
        }
        for _ in range(n):
            event_id = self._next("event")
            kind, subtype, cameo, label = rng.choice(self.types)
            codes = self._countries()
            start, end, precision = self._date()
            status = self._status(start)
            names = " \u2013 ".join(self.names[c] for c in sorted(codes))
            rows["event"].append(
                {
                    "id": event_id,
                    "type": kind,
                    "subtype": subtype,
                    "date_start": start,
                    "date_end": end,
                    "precision": precision,
                    "end_precision": "day" if end else None,
                    "status": status,
                    "location": rng.choice(CITIES) if rng.random() < 0.5 else None,
                    "name": None,
                    "summary": f"{label}: {names}",
                    "cameo": cameo,
                    "origin": "extracted",
                    "reviewed": False,
                    "conflicts": None,
                }
            )
            for i, code in enumerate(codes):
                side = ("host" if i == 0 else "guest") if kind == "visit" else "participant"
                rows["event_country"].append({"event_id": event_id, "code": code, "side": side})
            people = rng.choices((0, 1, 2, 3), weights=(25, 35, 30, 10))[0]
            for _ in range(people):
                code = rng.choice(codes)
                seeded = self.actors.get(code)
                if seeded and rng.random() < 0.6:
                    actor_id, name = rng.choice(seeded)
                else:
                    actor_id, name = None, f"{rng.choice(FIRST)} {rng.choice(LAST)}"
                rows["event_actor"].append(
                    {
                        "id": self._next("event_actor"),
                        "event_id": event_id,
                        "actor_id": actor_id,
                        "name": name,
                        "country": code,
                        "role_on_date": rng.choice(ROLES),
                    }
                )
            sources = rng.choices((1, 2, 3, 4, 5), weights=(50, 25, 12, 8, 5))[0]
            date_text = rng.choice(DATE_TEXTS[precision])
            trigger = rng.choice(TRIGGERS[kind])
            a, b = self.names[codes[0]], self.names[codes[1]]
            for s in range(sources):
                sentence = (
                    f"{a} and {b} {trigger} {date_text}, officials said, in what both "
                    f"sides described as a {label.lower()} of {rng.randint(2, 9)} days."
                )
                doc_id = self._document(start, sentence, rows["document"])
                char_start = 2 + 10 * s + len(sentence) % 7
                claimed_status = status if rng.random() < 0.9 else "planned"
                rows["mention"].append(
                    {
                        "id": self._next("mention"),
                        "event_id": event_id,
                        "document_id": doc_id,
                        "sentence": sentence,
                        "char_start": char_start,
                        "char_end": char_start + len(sentence),
                        "trigger": trigger,
                        "date_text": date_text,
                        "date_basis": "relative" if " " not in date_text[:4] else "absolute",
                        "claimed_date": start,
                        "claimed_date_end": end,
                        "claimed_precision": precision,
                        "claimed_end_precision": "day" if end else None,
                        "claimed_status": claimed_status,
                        "date_quality": 2,
                        "date_role": "point",
                    }
                )
        return rows


TABLES = {
    "document": Document.__table__,
    "event": Event.__table__,
    "event_country": EventCountry.__table__,
    "event_actor": EventActor.__table__,
    "mention": Mention.__table__,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, required=True, help="How many events to add.")
    parser.add_argument(
        "--db", required=True, help="Database URL (sqlite:///... or postgresql://...)."
    )
    parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    db = open_database(args.db)
    engine = db.engine
    with engine.connect() as conn:
        countries = dict(conn.execute(select(Country.code, Country.name)).all())
        actors: dict[str, list[tuple[int, str]]] = {}
        for actor_id, name, code in conn.execute(select(Actor.id, Actor.name, Actor.country)):
            if code:
                actors.setdefault(code, []).append((actor_id, name))
        next_ids = {
            name: (conn.scalar(select(func.max(table.c.id))) or 0) + 1
            for name, table in TABLES.items()
            if name != "event_country"
        }
    gen = Generator(random.Random(args.seed), countries, actors, next_ids)
    log(
        f"synthetic: {args.events:,} events into {db.url} (seed {args.seed}); setup "
        f"{time.perf_counter() - t0:.1f} s"
    )

    counts = dict.fromkeys(TABLES, 0)
    order = ("document", "event", "event_country", "event_actor", "mention")  # FK order
    t1 = time.perf_counter()
    done = 0
    generate_s = insert_s = 0.0
    statements = {name: insert(table) for name, table in TABLES.items()}
    with engine.connect().execution_options(**write_connection_options(engine)) as conn:
        while done < args.events:
            n = min(EVENTS_PER_CHUNK, args.events - done)
            g0 = time.perf_counter()
            rows = gen.chunk(n)
            g1 = time.perf_counter()
            with conn.begin():
                for name in order:
                    for batch in batched(rows[name]):
                        conn.execute(statements[name], list(batch))
                    counts[name] += len(rows[name])
            insert_s += time.perf_counter() - g1
            generate_s += g1 - g0
            done += n
            if done % 50_000 == 0 or done == args.events:
                elapsed = time.perf_counter() - t1
                log(f"  {done:>10,} events  {elapsed:7.1f} s  {done / elapsed:8,.0f} events/s")
    d0 = time.perf_counter()
    with db.session() as session, session.begin():
        digests = refresh_missing(session)  # what the store does for every event it writes
    digest_s = time.perf_counter() - d0
    log(f"  digests of {digests:,} events  {digest_s:7.1f} s")
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")
    else:  # outside any transaction (the connection is in autocommit mode, see timeline.db)
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cursor.close()
        finally:
            raw.close()
    total = time.perf_counter() - t0
    db.close()
    log(
        f"synthetic: done in {total:.1f} s (generate {generate_s:.1f} s, insert "
        f"{insert_s:.1f} s, digests {digest_s:.1f} s)"
    )
    print(
        json.dumps(
            {
                "events": args.events,
                "rows": counts,
                "seconds": round(total, 2),
                "generate_s": round(generate_s, 2),
                "insert_s": round(insert_s, 2),
                "digest_s": round(digest_s, 2),
                "db": db.url,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
