"""Reading reference data back from the database: countries, actors and who held what office."""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from timeline.errors import UnknownCountryError
from timeline.models import Actor, ActorRole, Country, CountryAlias
from timeline.partialdate import PartialDate

COUNTRY_COLUMNS = ("code", "name", "aliases")
ACTOR_COLUMNS = ("name", "country", "office", "office_kind", "valid_from", "valid_to")


def list_countries(session: Session) -> list[dict[str, Any]]:
    aliases: dict[str, list[str]] = {}
    for alias, code in session.execute(
        select(CountryAlias.alias, CountryAlias.code).order_by(CountryAlias.alias)
    ):
        aliases.setdefault(code, []).append(alias)
    return [
        {"code": c.code, "name": c.name, "aliases": aliases.get(c.code, [])}
        for c in session.scalars(select(Country).order_by(Country.code))
    ]


def resolve_country(session: Session, given: str) -> str:
    """A country code from a code, name, alias or demonym, in any case.

    Raises UnknownCountryError with close suggestions when nothing matches.
    """
    text = given.strip()
    if not text:
        raise UnknownCountryError(given, [])
    if len(text) == 2 and session.get(Country, text.upper()) is not None:
        return text.upper()
    if len(text) == 3:
        import pycountry

        found = pycountry.countries.get(alpha_3=text.upper())
        if found is not None and session.get(Country, found.alpha_2) is not None:
            return str(found.alpha_2)
    low = text.casefold()
    names: dict[str, str] = {}
    for c in session.scalars(select(Country)):
        names.setdefault(c.name.casefold(), c.code)
    for alias, code in session.execute(select(CountryAlias.alias, CountryAlias.code)):
        names.setdefault(alias.casefold(), code)
    if low in names:
        return names[low]
    close = difflib.get_close_matches(low, list(names), n=5, cutoff=0.6)
    seen: list[str] = []
    for name in close:
        code = names[name]
        label = f"{code} ({session.get(Country, code).name})"  # type: ignore[union-attr]
        if label not in seen:
            seen.append(label)
    raise UnknownCountryError(given, seen[:3])


def actors_on(
    session: Session, on: PartialDate | None = None, country: str | None = None
) -> list[dict[str, Any]]:
    """Office-holders, optionally those in office on a date (any day of a partial date)."""
    stmt = select(Actor, ActorRole).join(ActorRole, ActorRole.actor_id == Actor.id)
    if country:
        stmt = stmt.where(ActorRole.country == country)
    if on is not None:
        first, last = on.first_day(), on.last_day()
        stmt = stmt.where(
            and_(
                or_(ActorRole.valid_from.is_(None), ActorRole.valid_from <= last),
                or_(ActorRole.valid_to.is_(None), ActorRole.valid_to >= first),
            )
        )
    kind_order = {
        "head_of_state": 0,
        "head_of_government": 1,
        "foreign_minister": 2,
        "defence_minister": 3,
    }
    rows = []
    for actor, role in session.execute(stmt):
        rows.append(
            {
                "name": actor.name,
                "country": role.country,
                "office": role.office,
                "office_kind": role.office_kind,
                "valid_from": _iso(role.valid_from),
                "valid_to": _iso(role.valid_to),
            }
        )
    rows.sort(
        key=lambda r: (
            r["country"] or "",
            kind_order.get(r["office_kind"] or "", 9),
            r["valid_from"] or "",
            r["name"],
        )
    )
    return rows


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None
