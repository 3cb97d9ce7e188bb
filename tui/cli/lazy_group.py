"""A click group that imports a subcommand's module only when that subcommand runs.

`aftercall add` then pays for what `add` needs, not for the digest's exports, markdown-it and
arrow that other commands use. `--help` lists every command from a static table of one-line
helps, so listing them imports nothing either (click's documented LazyGroup pattern; a test keeps
the table equal to the real commands' help).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

import click


@dataclass(frozen=True)
class Lazy:
    """Where a subcommand lives, and its one-line help for the command list."""

    target: str
    """"module:attribute" of the click command."""
    short_help: str
    """The command's short help in full (its docstring's first sentence)."""


class LazyGroup(click.Group):
    """A group whose `lazy` commands are imported on first use."""

    def __init__(self, *args: Any, lazy: dict[str, Lazy] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            self.add_command(self.load(cmd_name), cmd_name)
        return super().get_command(ctx, cmd_name)

    def load(self, name: str) -> click.Command:
        """Import the command `name` (however it was listed) and check it is one."""
        module, attribute = self.lazy[name].target.split(":")
        command = getattr(importlib.import_module(module), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{self.lazy[name].target} is not a click command")
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list as click writes it, with lazy commands' help from the table."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            loaded = self.commands.get(name)
            if loaded is not None:
                if not loaded.hidden:
                    rows.append((name, loaded.get_short_help_str(limit)))
            else:
                # A command holding just the sentence shortens it the way click does.
                stand_in = click.Command(name, help=self.lazy[name].short_help)
                rows.append((name, stand_in.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)
