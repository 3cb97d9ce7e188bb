"""Subcommands load when they run: `aftercall add` imports only what a save needs, and
`--help` still lists every command with its own help, from a table that cannot drift."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click

from tests.factories import full_record
from tui.cli import COMMANDS, cli
from tui.cli.lazy_group import LazyGroup

ROOT = Path(__file__).resolve().parents[2]

NOT_FOR_ADD = [
    "exports",
    "markdown_it",
    "arrow",
    "textual",
    "icalendar",
    "store.insights",
    "store.sync",
    "tui.natural_dates",
    "tui.text_views",
    "tui.cli.exporting",
    "tui.cli.clients",
]


def test_the_table_holds_every_command_with_its_own_first_sentence() -> None:
    assert isinstance(cli, LazyGroup)
    for name, lazy in COMMANDS.items():
        command = cli.load(name)
        assert command.name == name
        assert not command.hidden
        assert lazy.short_help == command.get_short_help_str(limit=10_000), name


def test_help_lists_the_commands_exactly_as_click_would_from_the_loaded_ones() -> None:
    for width in (60, 80, 120):
        fresh = LazyGroup("aftercall", lazy=COMMANDS)
        fresh.add_command(cli.commands["locate"])
        lazily = click.HelpFormatter(width=width)
        fresh.format_commands(click.Context(fresh), lazily)
        assert not set(COMMANDS) & set(fresh.commands)  # listing imported none of them
        eagerly = click.HelpFormatter(width=width)
        click.Group.format_commands(fresh, click.Context(fresh), eagerly)  # loads each
        assert lazily.getvalue() == eagerly.getvalue()
        assert set(COMMANDS) <= set(fresh.commands)


def _modules_after(args: list[str], tmp_path: Path) -> tuple[str, set[str]]:
    """Run `aftercall ARGS` in a fresh interpreter; its output and every module it loaded."""
    code = (
        "import sys\nfrom tui.cli import main\ncode = main(sys.argv[1:])\n"
        "print('MODULES', *sorted(sys.modules))\nsys.exit(code)\n"
    )
    env = {**os.environ, "AFTERCALL_STORE": str(tmp_path / "store"),
           "AFTERCALL_MEMBER": "Dana Lee", "AFTERCALL_HOME": str(tmp_path / "home")}  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          check=True, cwd=ROOT, env=env)  # fmt: skip
    out, _, modules = done.stdout.partition("MODULES ")
    return out, set(modules.split())


def _loaded(modules: set[str], names: list[str]) -> list[str]:
    return [n for n in names if any(m == n or m.startswith(n + ".") for m in modules)]


def test_add_saves_without_importing_the_exports_dates_or_textual(tmp_path: Path) -> None:
    record = full_record()
    source = tmp_path / "one.json"
    source.write_text(json.dumps(record), encoding="utf-8")
    out, modules = _modules_after(["add", "--from", str(source)], tmp_path)
    assert out.strip() == record["id"]
    assert "tui.cli.records" in modules
    assert _loaded(modules, NOT_FOR_ADD) == []


def test_a_command_that_needs_them_still_gets_them(tmp_path: Path) -> None:
    """The check above can fail: `list` with a date and as text does load dates and views."""
    _, modules = _modules_after(["list", "--since", "2026-01-01"], tmp_path)
    assert _loaded(modules, NOT_FOR_ADD) == ["arrow", "store.insights", "tui.natural_dates",
                                             "tui.text_views"]  # fmt: skip
