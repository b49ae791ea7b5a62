"""CLI commands over reference data and the schema: countries, actors, seed, db, dates."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pycountry
import pytest
from click.testing import CliRunner

from timeline.cli import cli
from timeline.seeddata import SEED_DIR


@pytest.fixture(scope="module")
def seeded_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("seeded") / "t.db"
    url = f"sqlite:///{path}"
    result = CliRunner().invoke(cli, ["--db", url, "db", "upgrade"])
    assert result.exit_code == 0, result.output
    return url


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize(
    ("on", "holder", "not_holder"),
    [("2020-01-01", "Hun Sen", "Hun Manet"), ("2024-06-04", "Hun Manet", "Hun Sen")],
)
def test_cli_actors_tells_who_was_prime_minister_on_a_day(seeded_url, on, holder, not_holder):
    code, out, _err = run(
        "--db", seeded_url, "actors", "--country", "KH", "--on", on, "--format", "csv"
    )
    assert code == 0
    pms = {r["name"] for r in rows(out) if r["office"] == "Prime Minister"}
    assert holder in pms
    assert not_holder not in pms


def test_cli_actors_accepts_a_country_name(seeded_url):
    code, out, _err = run("--db", seeded_url, "actors", "--country", "cambodia", "--format", "json")
    assert code == 0
    assert {a["country"] for a in json.loads(out)} == {"KH"}


def test_cli_actors_unknown_country_is_a_usage_error(seeded_url):
    code, out, err = run("--db", seeded_url, "actors", "--country", "Atlantis")
    assert code == 2
    assert out == ""
    assert "unknown country 'Atlantis'" in err


def test_cli_actors_bad_date_is_a_usage_error(seeded_url):
    code, _out, err = run("--db", seeded_url, "actors", "--on", "2020-13-01")
    assert code == 2
    assert "--on" in err


def test_cli_countries_lists_every_iso_country(seeded_url):
    code, out, _err = run("--db", seeded_url, "countries", "--format", "csv")
    assert code == 0
    listed = {r["code"]: r for r in rows(out)}
    assert set(listed) == {c.alpha_2 for c in pycountry.countries}
    assert listed["KH"]["name"] == "Cambodia"
    assert "Phnom Penh" in json.loads(listed["KH"]["aliases"])


def test_cli_db_current_reports_head(seeded_url):
    code, out, _err = run("--db", seeded_url, "db", "current")
    assert code == 0
    assert out.strip().endswith("(head)")


def test_cli_seed_check_passes_on_the_shipped_seeds():
    code, _out, err = run("seed", "--check")
    assert code == 0
    assert "seed files are valid" in err


def test_cli_seed_check_names_file_line_and_problem(tmp_path: Path):
    broken = tmp_path / "seeds"
    shutil.copytree(SEED_DIR, broken)
    actors = broken / "actors.jsonl"
    lines = actors.read_text(encoding="utf-8").splitlines()
    bad = json.loads(lines[2])
    bad["country"] = "VNM"
    lines[2] = json.dumps(bad)
    actors.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _out, err = run("seed", "--check", "--dir", str(broken))
    assert code == 1
    assert "actors.jsonl:3: unknown country 'VNM'" in err


def test_cli_dates_prints_offsets_values_and_precision():
    result = CliRunner().invoke(
        cli, ["dates", "--published", "2024-06-03"], input="Austin travels to Cambodia Tuesday."
    )
    assert result.exit_code == 0
    assert [json.loads(line) for line in result.stdout.splitlines()] == [
        {"start": 27, "end": 34, "text": "Tuesday", "value": "2024-06-04", "precision": "day"}
    ]


def test_cli_dates_bad_published_is_a_usage_error():
    result = CliRunner().invoke(cli, ["dates", "--published", "June"], input="Tuesday")
    assert result.exit_code == 2


def test_render_table_shows_brackets_as_text():
    from timeline.render import render_table

    buf = io.StringIO()
    render_table([{"summary": "[bold]x[/bold] [/y]"}], ["summary"], buf)
    assert "[bold]x[/bold] [/y]" in buf.getvalue()
