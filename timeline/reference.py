"""Reading reference data back from the database: countries, actors and who held what office."""

from __future__ import annotations

import datetime as dt
import difflib
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, or_, select

from timeline import schema
from timeline.errors import UnknownCountryError
from timeline.partialdate import PartialDate

if TYPE_CHECKING:
    from timeline.query import Reader

_C = schema.country
_CA = schema.country_alias
_A = schema.actor
_R = schema.actor_role

COUNTRY_COLUMNS = ("code", "name", "aliases")
ACTOR_COLUMNS = ("name", "country", "office", "office_kind", "valid_from", "valid_to")


def list_countries(session: Reader) -> list[dict[str, Any]]:
    aliases: dict[str, list[str]] = {}
    for alias, code in session.execute(select(_CA.c.alias, _CA.c.code).order_by(_CA.c.alias)):
        aliases.setdefault(code, []).append(alias)
    return [
        {"code": code, "name": name, "aliases": aliases.get(code, [])}
        for code, name in session.execute(select(_C.c.code, _C.c.name).order_by(_C.c.code))
    ]


def resolve_country(session: Reader, given: str) -> str:
    """A country code from a code, name, alias or demonym, in any case.

    Raises UnknownCountryError with close suggestions when nothing matches.
    """
    text = given.strip()
    if not text:
        raise UnknownCountryError(given, [])
    countries = dict(session.execute(select(_C.c.code, _C.c.name)).all())
    if len(text) == 2 and text.upper() in countries:
        return text.upper()
    if len(text) == 3:
        import pycountry

        found = pycountry.countries.get(alpha_3=text.upper())
        if found is not None and found.alpha_2 in countries:
            return str(found.alpha_2)
    low = text.casefold()
    names: dict[str, str] = {}
    for code, name in countries.items():
        names.setdefault(name.casefold(), code)
    for alias, code in session.execute(select(_CA.c.alias, _CA.c.code)):
        names.setdefault(alias.casefold(), code)
    if low in names:
        return names[low]
    close = difflib.get_close_matches(low, list(names), n=5, cutoff=0.6)
    seen: list[str] = []
    for name in close:
        code = names[name]
        label = f"{code} ({countries[code]})"
        if label not in seen:
            seen.append(label)
    raise UnknownCountryError(given, seen[:3])


def actors_on(
    session: Reader, on: PartialDate | None = None, country: str | None = None
) -> list[dict[str, Any]]:
    """Office-holders, optionally those in office on a date (any day of a partial date)."""
    stmt = select(
        _A.c.name, _R.c.country, _R.c.office, _R.c.office_kind, _R.c.valid_from, _R.c.valid_to
    ).join(_R, _R.c.actor_id == _A.c.id)
    if country:
        stmt = stmt.where(_R.c.country == country)
    if on is not None:
        first, last = on.first_day(), on.last_day()
        stmt = stmt.where(
            and_(
                or_(_R.c.valid_from.is_(None), _R.c.valid_from <= last),
                or_(_R.c.valid_to.is_(None), _R.c.valid_to >= first),
            )
        )
    kind_order = {
        "head_of_state": 0,
        "head_of_government": 1,
        "foreign_minister": 2,
        "defence_minister": 3,
    }
    rows = []
    for name, code, office, office_kind, valid_from, valid_to in session.execute(stmt):
        rows.append(
            {
                "name": name,
                "country": code,
                "office": office,
                "office_kind": office_kind,
                "valid_from": _iso(valid_from),
                "valid_to": _iso(valid_to),
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
