"""Loading the reference data in seeds/ into the database, idempotently."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import delete, select

from timeline.db import Database, write_connection_options
from timeline.models import Actor, ActorAlias, ActorRole, Country, CountryAlias
from timeline.partialdate import PartialDate


def _first_day(value: str | None) -> dt.date | None:
    return PartialDate.parse(value).first_day() if value else None


def _last_day(value: str | None) -> dt.date | None:
    return PartialDate.parse(value).last_day() if value else None


def load_reference_data(db: Database, seed_dir: Path | None = None) -> dict[str, int]:
    """Insert or update countries, aliases, actors and roles from seeds/.

    Rows are keyed by ISO code / actor slug, so running it again changes nothing;
    aliases and roles of seeded actors are replaced by what the seed files say.
    Returns counts of what the database now holds from the seeds.
    """
    from timeline.seeddata import load

    data = load(seed_dir)
    with db.engine.connect().execution_options(**write_connection_options(db.engine)) as conn:
        from sqlalchemy.orm import Session

        with Session(bind=conn) as session, session.begin():
            have = {c.code: c for c in session.scalars(select(Country))}
            for c in data.countries:
                row = have.get(c.code)
                if row is None:
                    session.add(Country(code=c.code, name=c.name))
                elif row.name != c.name:
                    row.name = c.name
            session.flush()
            existing_alias = {
                (a, code)
                for a, code in session.execute(select(CountryAlias.alias, CountryAlias.code))
            }
            wanted_alias: dict[tuple[str, str], str] = {}
            for c in data.countries:
                for al in c.aliases:
                    wanted_alias.setdefault((al.alias, al.code), al.kind)
            session.add_all(
                CountryAlias(alias=a, code=code, kind=kind)
                for (a, code), kind in wanted_alias.items()
                if (a, code) not in existing_alias
            )
            stale = existing_alias - set(wanted_alias)
            for a, code in stale:
                session.execute(
                    delete(CountryAlias).where(CountryAlias.alias == a, CountryAlias.code == code)
                )

            stored = {x.slug: x for x in session.scalars(select(Actor))}
            for person in data.actors:
                actor_row = stored.get(person.id)
                if actor_row is None:
                    actor_row = Actor(
                        slug=person.id, name=person.name, kind="person", country=person.country
                    )
                    session.add(actor_row)
                else:
                    actor_row.name, actor_row.country = person.name, person.country
                aliases = [ActorAlias(alias=x, kind="full") for x in dict.fromkeys(person.aliases)]
                aliases += [
                    ActorAlias(alias=x, kind="short")
                    for x in dict.fromkeys(person.short)
                    if x not in person.aliases
                ]
                new_alias = {(x.alias, x.kind) for x in aliases}
                if {(x.alias, x.kind) for x in actor_row.aliases} != new_alias:
                    actor_row.aliases = aliases
                roles = [
                    ActorRole(
                        office=r.office,
                        office_kind=r.kind,
                        country=person.country,
                        valid_from=_first_day(r.valid_from),
                        valid_to=_last_day(r.valid_to),
                    )
                    for r in person.roles
                ]
                key = {(r.office, r.office_kind, r.valid_from, r.valid_to) for r in roles}
                if {
                    (r.office, r.office_kind, r.valid_from, r.valid_to) for r in actor_row.roles
                } != key:
                    actor_row.roles = roles
    return {
        "countries": len(data.countries),
        "aliases": len(wanted_alias),
        "actors": len(data.actors),
    }
