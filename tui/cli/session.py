"""What a CLI invocation runs against: the store folder, the member and the config, resolved once.

Precedence for each: command-line option, then environment variable, then config file, then default.
"""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import click

from store import FileProblem, Store, StoreError, locations
from tui.config import Config, git_user_name, load_config, save_config


@dataclass
class Session:
    store_option: Path | None = None
    member_option: str | None = None
    config_path: Path = field(default_factory=locations.config_file)
    prompt_in_terminal: bool = True
    """Ask for the name with a terminal prompt (the app asks with its own first-run screen)."""
    _config: Config | None = None
    _store: Store | None = None

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = load_config(self.config_path)
        return self._config

    def update_config(self, **changes: object) -> None:
        self._config = self.config.with_changes(**changes)
        save_config(self.config_path, self._config)

    @property
    def store_dir(self) -> Path:
        chosen = (
            self.store_option
            or os.environ.get(locations.STORE_ENV)
            or self.config.store
            or locations.default_store_dir()
        )
        return Path(chosen).expanduser()

    def configured_member(self) -> str | None:
        return self.member_option or os.environ.get(locations.MEMBER_ENV) or self.config.member

    def member(self, *, ask: bool) -> str:
        """The member's name; on first run asked for when `ask` and a person is at the terminal."""
        configured = self.configured_member()
        if configured:
            return configured.strip()
        suggested = git_user_name()
        if ask and sys.stdin.isatty() and self.prompt_in_terminal:
            name = click.prompt(
                "Your name, as teammates will see it", default=suggested or getpass.getuser()
            ).strip()
            self.update_config(member=name)
            click.echo(f"Saved to {self.config_path}", err=True)
            return name
        if suggested:
            return suggested
        raise StoreError("no member name set: pass --member NAME or set AFTERCALL_MEMBER")

    def store(self, *, writing: bool = False) -> Store:
        """The store, opened as this member; reading alone never asks who the user is."""
        if self._store is None:
            try:
                member = self.member(ask=writing)
            except StoreError:
                if writing:
                    raise
                member = getpass.getuser()
            self._store = Store.open(self.store_dir, member=member, state_dir=locations.state_dir())
        return self._store

    def warn_problems(self, *, seen_only: bool = False) -> None:
        """Tell the user about every file the store could not read; the rest still works.

        With `seen_only`, only about the files this command read (a save reads few of them).
        """
        store = self.store()
        self.warn(store.problems_seen() if seen_only else store.problems)

    def warn(self, problems: Iterable[FileProblem]) -> None:
        for problem in problems:
            click.echo(f"aftercall: warning: {problem}", err=True)
