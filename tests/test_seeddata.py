"""Tests for timeline.seeddata: the shipped seeds, the validator's located messages, the loader."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import pycountry
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.seeddata import (
    CUES_FILE,
    FILES,
    SEED_DIR,
    Problem,
    Role,
    SeedData,
    SeedError,
    load,
    validate,
)


def _copy_seeds(dest: Path) -> Path:
    """A private copy of the shipped seed files (only those this module reads)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        shutil.copy(SEED_DIR / name, dest / name)
    return dest


def _insert_line(path: Path, line: str, at: int = 2) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(at - 1, line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _code(data: SeedData, name: str) -> str:
    """The ISO code of a country looked up by one of its names, as a user would type it."""
    codes = {a.code for c in data.countries for a in c.aliases if a.alias == name}
    assert len(codes) == 1, (name, codes)
    return codes.pop()


def test_seeddata_shipped_seeds_validate() -> None:
    assert [str(p) for p in validate()] == []


BROKEN_LINES = [
    (
        "country_aliases.jsonl",
        '{"alias": "Xanadu", "code": "VNM", "kind": "name"}',
        "unknown country 'VNM'",
    ),
    (
        "country_aliases.jsonl",
        '{"alias": "Xanadu", "code": "VN"',
        "invalid JSON: Expecting ',' delimiter (column 33)",
    ),
    ("country_aliases.jsonl", '{"alias": "Xanadu", "code": "VN"}', "missing key 'kind'"),
    (
        "actors.jsonl",
        '{"id": "x-y", "name": "X Y", "country": "VNM", "aliases": [], "short": [], "roles": []}',
        "unknown country 'VNM'",
    ),
    (
        "actors.jsonl",
        '{"id": "x-y", "name": "X Y", "country": "VN", "aliases": [], "short": [], "roles": '
        '[{"office": "Minister", "kind": "other", "from": "2023-13-01", "to": null}]}',
        "bad date '2023-13-01' in roles[0].from (use YYYY, YYYY-MM or YYYY-MM-DD)",
    ),
    (
        "actors.jsonl",
        '{"id": "x-y", "name": "X Y", "country": "VN", "aliases": [], "short": [], "roles": '
        '[{"office": "Minister", "kind": "other", "from": "2024-01-01", "to": "2023"}]}',
        "roles[0]: from 2024-01-01 is after to 2023",
    ),
    (
        "actors.jsonl",
        '{"id": "x-y", "name": "X Y", "country": "VN", "aliases": [], "roles": []}',
        "missing key 'short'",
    ),
    ("offices.jsonl", '{"title": "Grand Vizier", "variants": []}', "missing key 'kind'"),
    (
        "offices.jsonl",
        '{"title": "Grand Vizier", "kind": "vizier", "variants": []}',
        "kind must be one of head_of_state, head_of_government, foreign_minister, "
        "defence_minister, other, not 'vizier'",
    ),
    (
        "event_types.jsonl",
        "{type: visit}",
        "invalid JSON: Expecting property name enclosed in double quotes (column 2)",
    ),
    (
        "event_types.jsonl",
        '{"type": "visit", "subtype": "x", "cameo": "042", "plover": "CONSULT", "label": "X", '
        '"triggers": ["Grand Tour"]}',
        "triggers[0] must be lowercase: 'Grand Tour'",
    ),
    (
        "named_events.jsonl",
        '{"name": "Blue Lotus", "kind": "exercise", "type": "drill", "subtype": "joint_exercise", '
        '"countries": ["KH", "VNM"], "aliases": []}',
        "unknown country 'VNM' in countries[1]",
    ),
    (
        "named_events.jsonl",
        '{"name": "Blue Lotus", "kind": "forum", "countries": []}',
        "missing key 'aliases'",
    ),
]


@pytest.mark.parametrize(("file", "line", "message"), BROKEN_LINES)
def test_seeddata_broken_line_is_located(
    tmp_path: Path, file: str, line: str, message: str
) -> None:
    seeds = _copy_seeds(tmp_path / "seeds")
    _insert_line(seeds / file, line, at=2)
    assert [str(p) for p in validate(seeds)] == [f"{file}:2: {message}"]


@pytest.mark.parametrize(
    ("replace", "by", "message"),
    [
        ('"planned": [', '"planed": [', "missing key 'planned'"),
        ('"will",', '"Will",', "planned[0] must be lowercase: 'Will'"),
        ('"cancelled": [', '"cancelled": 3, "x": [', "cancelled must be a list of strings"),
    ],
)
def test_seeddata_broken_cues_name_the_key(
    tmp_path: Path, replace: str, by: str, message: str
) -> None:
    seeds = _copy_seeds(tmp_path / "seeds")
    path = seeds / CUES_FILE
    text = path.read_text(encoding="utf-8")
    assert replace in text
    path.write_text(text.replace(replace, by, 1), encoding="utf-8")
    problems = [str(p) for p in validate(seeds)]
    assert f"{CUES_FILE}: {message}" in problems


def test_seeddata_cues_json_syntax_error_has_a_line(tmp_path: Path) -> None:
    seeds = _copy_seeds(tmp_path / "seeds")
    (seeds / CUES_FILE).write_text('{\n  "planned": ["will",]\n}\n', encoding="utf-8")
    assert [str(p) for p in validate(seeds)] == [
        f"{CUES_FILE}:2: invalid JSON: Expecting value (column 22)"
    ]


@pytest.mark.parametrize(
    ("alias", "message"),
    [
        ("US", "alias 'US' maps to CA here and to US on line 1"),
        ("Cambodia", "alias 'Cambodia' is pycountry's name for KH, not CA"),
    ],
)
def test_seeddata_alias_to_a_second_code_is_reported(
    tmp_path: Path, alias: str, message: str
) -> None:
    seeds = _copy_seeds(tmp_path / "seeds")
    first = (seeds / "country_aliases.jsonl").read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith('{"alias": "US", "code": "US"')
    _insert_line(
        seeds / "country_aliases.jsonl", f'{{"alias": "{alias}", "code": "CA", "kind": "name"}}'
    )
    assert [str(p) for p in validate(seeds)] == [f"country_aliases.jsonl:2: {message}"]


def test_seeddata_validate_never_raises_on_missing_or_binary_files(tmp_path: Path) -> None:
    (tmp_path / "actors.jsonl").write_bytes(b"\xff\xfe\x00garbage")
    problems = validate(tmp_path)
    assert Problem("cues.json", None, "file not found") in problems
    assert any(
        p.file == "actors.jsonl" and p.message.startswith("cannot read file") for p in problems
    )


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=80))
def test_seeddata_validate_never_raises_on_arbitrary_lines(line: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        seeds = _copy_seeds(Path(tmp) / "seeds")
        for name in FILES:
            with (seeds / name).open("a", encoding="utf-8") as fh:
                fh.write(line.replace("\r", " ") + "\n")
        assert all(isinstance(p, Problem) for p in validate(seeds))


def test_seeddata_load_raises_seed_error_listing_problems(tmp_path: Path) -> None:
    seeds = _copy_seeds(tmp_path / "seeds")
    _insert_line(seeds / "actors.jsonl", "not json")
    with pytest.raises(SeedError) as info:
        load(seeds)
    assert [str(p) for p in info.value.problems] == [
        "actors.jsonl:2: invalid JSON: Expecting value (column 1)"
    ]


def test_seeddata_load_is_cached_per_folder() -> None:
    assert load() is load(SEED_DIR)


def test_seeddata_env_var_overrides_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = _copy_seeds(tmp_path / "seeds")
    (seeds / CUES_FILE).unlink()
    monkeypatch.setenv("TIMELINE_SEEDS", str(seeds))
    assert [str(p) for p in validate()] == ["cues.json: file not found"]


@pytest.mark.parametrize(
    ("date", "expected"),
    [("2020-01-01", "Hun Sen"), ("2024-06-04", "Hun Manet"), ("2023-09", "Hun Manet")],
)
def test_seeddata_actors_on_gives_the_prime_minister_of_the_day(date: str, expected: str) -> None:
    data = load()
    cambodia = _code(data, "Cambodia")
    pm = data.actor(expected)
    assert pm is not None and pm.country == cambodia
    found = [a for a, r in data.actors_on(date, cambodia) if r.kind == "head_of_government"]
    assert found == [pm]


def test_seeddata_actors_on_without_country_spans_countries() -> None:
    data = load()
    names = {a.name for a, r in data.actors_on("2021-06-01") if r.kind == "defence_minister"}
    assert {"Lloyd Austin", "Tea Banh", "Wei Fenghe"} <= names


def test_seeddata_partial_dates_are_intervals() -> None:
    role = Role("Minister", "other", "2023-08", "2023-08")
    assert role.interval() == (dt.date(2023, 8, 1), dt.date(2023, 8, 31))
    assert Role("Minister", "other", "2023", None).interval()[1] == dt.date.max


def test_seeddata_every_iso_country_is_present_with_a_seed_alias() -> None:
    data = load()
    assert {c.code for c in data.countries} == {c.alpha_2 for c in pycountry.countries}
    official = {
        getattr(c, attr)
        for c in pycountry.countries
        for attr in ("name", "common_name", "official_name")
        if getattr(c, attr, None)
    }
    bare = [c.code for c in data.countries if all(a.alias in official for a in c.aliases)]
    assert bare == []


def test_seeddata_no_alias_maps_to_two_codes() -> None:
    seen: dict[str, str] = {}
    for country in load().countries:
        for alias in country.aliases:
            assert seen.setdefault(alias.alias, alias.code) == alias.code, alias


def test_seeddata_cues_are_read_only() -> None:
    cues = load().cues
    assert "will" in cues["planned"]
    assert "South China Sea" in cues["not_country"]
    with pytest.raises(TypeError):
        cues["planned"] = ()  # type: ignore[index]


def test_seeddata_named_events_use_known_event_types() -> None:
    data = load()
    known = {(e.type, e.subtype) for e in data.event_types}
    exercises = [e for e in data.named_events if e.kind == "exercise"]
    assert exercises and all((e.type, e.subtype) in known for e in exercises)
