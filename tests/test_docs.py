"""Everything public is documented: every command in the README, every seed file in
seeds/README.md, every command with help and examples."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from timeline.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SEEDS_README = (ROOT / "seeds" / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    out = []
    for name, cmd in sorted(group.commands.items()):
        full = f"{prefix}{name}"
        out.append((full, cmd))
        if isinstance(cmd, click.Group):
            out += _commands(cmd, f"{full} ")
    return out


COMMANDS = _commands(cli)


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_docs_every_command_is_in_the_readme_with_help(name: str, command: click.Command):
    assert f"timeline {name}" in README
    assert command.help and command.help.strip()
    if not isinstance(command, click.Group) or name == "db":
        assert "Example" in (command.help or "") or name.startswith("db ")


@pytest.mark.parametrize(
    "path",
    sorted(
        p
        for p in (ROOT / "seeds").iterdir()
        if not p.name.startswith(".") and p.name != "README.md"
    ),
    ids=lambda p: p.name,
)
def test_docs_every_seed_file_is_described(path: Path):
    assert f"{path.name}" in SEEDS_README
