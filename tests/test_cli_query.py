"""The query, export, show and stats commands on the sample database (see conftest.py)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from click.testing import CliRunner

from timeline.cli import cli

QUERY_CSV = """\
id,type,subtype,date,date_end,precision,status,countries,actors,location,summary,cameo,source_count,documents,first_sentence
3,meeting,summit,2023,,year,occurred,JP;KH;US,"Hun Sen (Prime Minister, KH)",,Trilateral talks on demining,040,1,trilateral.txt,"In 2023 Cambodia, Japan and the United States held talks on demining."
1,visit,official_visit,2024-06-04,,day,occurred,KH;US,"Lloyd J. Austin III (Secretary of Defense, US);Hun Manet (Prime Minister, KH)",Phnom Penh,US Defense Secretary Austin visits Cambodia,042,2,seed2.txt;khmertimes-0605.txt,Defense Secretary Lloyd Austin travels to Cambodia Tuesday to meet Hun Manet.
5,drill,naval_exercise,,,,cancelled,KH;US,,,Angkor Sentinel exercise cancelled,062,1,angkor.txt,Cambodia has cancelled the Angkor Sentinel exercise with the United States.
"""  # noqa: E501

QUERY_MARKDOWN = """\
| date | type | status | countries | summary | people | documents |
|---|---|---|---|---|---|---|
| 2023 | meeting/summit | occurred | JP, KH, US | Trilateral talks on demining | Hun Sen | trilateral.txt |
| December 2024 | agreement/mou | PLANNED | JP, KH | Japan and Cambodia to sign a maritime security MoU |  | mou.txt |
"""  # noqa: E501

QUERY_TABLE = """\
┏━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━┓
┃ date        ┃ type                 ┃ status    ┃ summary                                     ┃ people                         ┃ sources ┃
┡━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━┩
│ 2023        │ meeting/summit       │ occurred  │ Trilateral talks on demining                │ Hun Sen                        │ 1       │
│ 4 June 2024 │ visit/official_visit │ occurred  │ US Defense Secretary Austin visits Cambodia │ Lloyd J. Austin III, Hun Manet │ 2       │
│ undated     │ drill/naval_exercise │ cancelled │ Angkor Sentinel exercise cancelled          │                                │ 1       │
└─────────────┴──────────────────────┴───────────┴─────────────────────────────────────────────┴────────────────────────────────┴─────────┘
"""  # noqa: E501

STATS_TABLE = """\
┏━━━━━━━━┳━━━━━━━━━━━┳━━━━━━━┓
┃ group  ┃ key       ┃ count ┃
┡━━━━━━━━╇━━━━━━━━━━━╇━━━━━━━┩
│ total  │ documents │ 4     │
│ total  │ events    │ 3     │
│ total  │ mentions  │ 4     │
│ type   │ drill     │ 1     │
│ type   │ meeting   │ 1     │
│ type   │ visit     │ 1     │
│ year   │ 2023      │ 1     │
│ year   │ 2024      │ 1     │
│ year   │ undated   │ 1     │
│ status │ cancelled │ 1     │
│ status │ occurred  │ 2     │
└────────┴───────────┴───────┘
"""

SHOW_FIELDS = """\
┏━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓
┃ field     ┃ value                                        ┃
┡━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┩
│ id        │ 2                                            │
│ date      │ 16-28 May 2024 (day)                         │
│ type      │ drill/joint_exercise                         │
│ status    │ occurred                                     │
│ countries │ CN, KH                                       │
│ people    │ Tea Seiha (Minister of National Defence, KH) │
│ location  │ Kampong Chhnang                              │
│ summary   │ Golden Dragon joint exercise                 │
│ cameo     │ 062                                          │
└───────────┴──────────────────────────────────────────────┘
"""


def run(url: str, *args: str) -> object:
    return CliRunner().invoke(cli, ["--db", url, *args])


def ids_of(result) -> list[int]:  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.stderr
    return [e["id"] for e in json.loads(result.stdout)]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--pair", "US-KH", "--format", "csv"], QUERY_CSV),
        (["--pair", "cambodia-japan", "--format", "markdown"], QUERY_MARKDOWN),
        (["--pair", "KH-US", "--format", "table"], QUERY_TABLE),
        (["--pair", "KH-US"], QUERY_CSV),  # not a terminal: csv
    ],
)
def test_cli_query_prints_each_format_exactly(sample_url, args, expected):
    result = run(sample_url, "query", *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == expected
    assert result.stderr == ""


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_cli_query_json_is_the_contract(sample_url, sample_events, fmt):
    result = run(sample_url, "query", "--pair", "KH-US", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    if fmt == "json":
        events = json.loads(result.stdout)
    else:
        events = [json.loads(line) for line in result.stdout.splitlines()]
    assert events == [sample_events[3], sample_events[1], sample_events[5]]


@pytest.mark.parametrize(
    "pair",
    [
        ["--pair", "US-KH"],
        ["--pair", "KH-US"],
        ["--pair", "kh-us"],
        ["--pair", "cambodia-united states"],
        ["--pair", "United States-Cambodia"],
        ["--pair", "US", "--pair", "KH"],
        ["--pair", "usa", "--pair", "cambodia"],
    ],
)
def test_cli_query_pair_in_every_accepted_form(sample_url, pair):
    assert ids_of(run(sample_url, "query", *pair, "--format", "json")) == [3, 1, 5]


@pytest.mark.parametrize(
    ("pair", "expected"),
    [("cambodia-japan", [3, 4]), ("JP-US", [3]), ("KH-CN", [2]), ("CN-US", [])],
)
def test_cli_query_multilateral_event_appears_for_each_pair(sample_url, pair, expected):
    assert ids_of(run(sample_url, "query", "--pair", pair, "--format", "json")) == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--pair", "XX-US"], "Error: unknown country 'XX'.\n"),
        (["--pair", "US-XX"], "Error: unknown country 'XX'.\n"),
        (
            ["--pair", "cambodja-us"],
            "Error: unknown country 'cambodja'. Did you mean: KH (Cambodia)?\n",
        ),
        (
            ["--pair", "US", "--pair", "Japn"],
            "Error: unknown country 'Japn'. Did you mean: JP (Japan)?\n",
        ),
        (
            ["--pair", "US-KH", "--pair", "JP"],
            "Error: a pair has two countries, got 3: US-KH, JP\n",
        ),
        (
            ["--since", "2024-06", "--until", "2024-05"],
            "Error: --since 2024-06 is after --until 2024-05\n",
        ),
    ],
)
def test_cli_query_bad_pair_exits_2_with_the_error(sample_url, args, message):
    result = run(sample_url, "query", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == message


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "2024-13"], "Invalid value for '--since': month out of range: 13"),
        (["--until", "June"], "Invalid value for '--until': not a date (use YYYY, YYYY-MM or"),
        (["--status", "happened"], "Invalid value for '--status': 'happened' is not one of"),
        (["--limit", "0"], "Invalid value for '--limit': 0 is not in the range x>=1."),
        (["--format", "html"], "Invalid value for '--format': 'html' is not one of"),
    ],
)
def test_cli_query_bad_option_values_exit_2(sample_url, args, message):
    result = run(sample_url, "query", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--type", "drill"], [2, 5]),
        (["--type", "visit,meeting"], [3, 1]),
        (["--type", "visit", "--type", "MEETING"], [3, 1]),
        (["--since", "2024-06"], [1, 4]),
        (["--since", "2023-07", "--until", "2023-07"], [3]),
        (["--until", "2024-05-16"], [3, 2]),
        (["--status", "planned"], [4]),
        (["--status", "CANCELLED"], [5]),
        (["--actor", "hun"], [3, 1]),
        (["--text", "golden wednesday"], [2]),
        (["--limit", "2"], [3, 2]),
        (["--pair", "KH-US", "--type", "drill,visit", "--since", "2024"], [1]),
    ],
)
def test_cli_query_filters(sample_url, args, expected):
    assert ids_of(run(sample_url, "query", *args, "--format", "json")) == expected


def test_cli_export_defaults_to_json_on_stdout(sample_url, sample_events):
    result = run(sample_url, "export")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == [sample_events[i] for i in (3, 2, 1, 4, 5)]


@pytest.mark.parametrize(
    ("fmt", "start"),
    [
        ("csv", "id,type,subtype,date,"),
        ("json", "[\n  {"),
        ("jsonl", '{"id": 3,'),
        ("markdown", "| date | type |"),
        ("html", "<!DOCTYPE html>"),
        ("timelinejs", '{"title": '),
    ],
)
def test_cli_export_writes_a_file(sample_url, tmp_path, fmt, start):
    target = tmp_path / f"out.{fmt}"
    result = run(sample_url, "export", "--pair", "KH-US", "--format", fmt, "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    expected_count = 2 if fmt == "timelinejs" else 3
    assert result.stderr == f"wrote {expected_count} events to {target}\n"
    assert target.read_text(encoding="utf-8").startswith(start)
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left


def test_cli_export_dash_is_stdout(sample_url):
    result = run(sample_url, "export", "--format", "csv", "--pair", "US-KH", "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == QUERY_CSV


def test_cli_export_html_title_option(sample_url):
    result = run(sample_url, "export", "--format", "html", "--title", "US & KH")
    assert result.exit_code == 0, result.stderr
    assert "<title>US &amp; KH</title>" in result.stdout


def test_cli_export_unknown_country_leaves_no_file(sample_url, tmp_path):
    target = tmp_path / "out.json"
    result = run(sample_url, "export", "--pair", "XX-KH", "-o", str(target))
    assert result.exit_code == 2
    assert result.stderr == "Error: unknown country 'XX'.\n"
    assert list(tmp_path.iterdir()) == []


def test_cli_show_json_has_sources_and_conflicts(sample_url, sample_events):
    result = run(sample_url, "show", "1", "--format", "json")
    assert result.exit_code == 0, result.stderr
    event = json.loads(result.stdout)
    assert event["summary"] == sample_events[1]["summary"]
    assert [s["claimed_status"] for s in event["sources"]] == ["planned", "occurred"]
    assert event["conflicts"] == [
        {"document": "seed2.txt", "field": "status", "claimed": "planned", "event": "occurred"}
    ]


def test_cli_show_table(sample_url):
    result = run(sample_url, "show", "2", "--format", "table")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(SHOW_FIELDS)
    assert "│ golden-dragon.txt │ 2024-05-16 │ 2024-05-15   │ occurred       │ Wednesday │" in (
        result.stdout
    )
    assert "│ golden-dragon.txt │ date  │ 2024-05-15/2024-05-28 │ 2024-05-16/2024-05-28 │" in (
        result.stdout
    )


def test_cli_show_unknown_event(sample_url):
    result = run(sample_url, "show", "99")
    assert result.exit_code == 1
    assert result.stderr == "Error: no event with id 99\n"


def test_cli_stats_json(sample_url):
    result = run(sample_url, "stats", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {
        "pair": None,
        "documents": 6,
        "events": 5,
        "mentions": 6,
        "by_type": {"agreement": 1, "drill": 2, "meeting": 1, "visit": 1},
        "by_year": {"2023": 1, "2024": 3, "undated": 1},
        "by_status": {"cancelled": 1, "occurred": 3, "planned": 1},
    }


def test_cli_stats_table_for_a_pair(sample_url):
    result = run(sample_url, "stats", "--pair", "united states-cambodia", "--format", "table")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == STATS_TABLE


@pytest.mark.parametrize("command", ["query", "export", "show", "stats"])
def test_cli_query_commands_have_help_with_examples(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Examples:\n    timeline " + command in result.stdout


def test_cli_query_does_not_import_the_extractor(sample_url):
    """A query must start fast: no dateparser, no extraction code, no alembic, no ORM."""
    script = textwrap.dedent(
        f"""
        import io, json, sys
        from contextlib import redirect_stdout
        from timeline.cli import cli
        out = io.StringIO()
        with redirect_stdout(out):
            cli(["--db", {sample_url!r}, "query", "--pair", "KH-US", "--format", "json"],
                standalone_mode=False)
        assert [e["id"] for e in json.loads(out.getvalue())] == [3, 1, 5], out.getvalue()
        loaded = sorted(m for m in sys.modules
                        if m in ("dateparser", "alembic", "sqlalchemy.orm", "timeline.models")
                        or m.startswith(("dateparser.", "alembic.", "timeline.extract.")))
        print(json.dumps(loaded))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout)
    assert "dateparser" not in loaded
    assert "timeline.extract.events" not in loaded
    assert [m for m in loaded if m.startswith("dateparser")] == []
    assert [m for m in loaded if m.startswith("alembic")] == []
    assert "sqlalchemy.orm" not in loaded and "timeline.models" not in loaded


def test_cli_export_to_a_missing_folder_fails_cleanly(sample_url, tmp_path):
    target = tmp_path / "missing" / "out.json"
    result = run(sample_url, "export", "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr == f"Error: cannot write {target}: No such file or directory\n"
