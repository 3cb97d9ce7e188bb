"""Start the TUI from the CLI: ask who the user is on first run, open the store, run the app."""

from __future__ import annotations

import sys

from textual.app import App

from tui.app import build_app
from tui.cli.session import Session
from tui.config import Config, git_user_name
from tui.screens.first_run_screen import FirstRunScreen


class FirstRunApp(App[Config]):
    """A one-screen app that returns the new user's settings."""

    CSS_PATH = "styles/app.tcss"
    TITLE = "aftercall"

    def __init__(self, suggested: str, currency: str) -> None:
        super().__init__()
        self.suggested, self.currency = suggested, currency

    def on_mount(self) -> None:
        self.push_screen(FirstRunScreen(self.suggested, self.currency), self.exit)


def _first_run(session: Session) -> None:
    config = FirstRunApp(git_user_name() or "", session.config.currency).run()
    if config is None:
        raise SystemExit(0)
    session.update_config(member=config.member, currency=config.currency)


def run_app(session: Session, start_with: tuple[str, str] | None = None) -> None:
    if session.configured_member() is None and sys.stdin.isatty():
        _first_run(session)
    store = session.store(writing=True)
    config = session.config.with_changes(member=store.member)
    build_app(store, config=config, start_with=start_with).run()
