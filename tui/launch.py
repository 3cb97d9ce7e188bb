"""Start the TUI from the CLI: ask who the user is on first run, open the store, run the app."""

from __future__ import annotations

import sys
from typing import Any

from textual.app import App

from tui.app import build_app
from tui.cli.session import Session
from tui.config import Config, git_user_name
from tui.key_order import KeysInOrder
from tui.screens.first_run_screen import FirstRunScreen


class FirstRunApp(KeysInOrder[Config]):
    """A one-screen app that returns the new user's settings (keys handled in the order typed,
    as in the app: a name typed fast then Tab must land in the name)."""

    CSS_PATH = "styles/app.tcss"
    TITLE = "aftercall"

    def __init__(self, suggested: str, currency: str, saved_in: str = "") -> None:
        super().__init__()
        self.screen_to_show = FirstRunScreen(suggested, currency, saved_in)

    def on_mount(self) -> None:
        self.push_screen(self.screen_to_show, self.exit)


def first_run(session: Session) -> bool:
    """Ask the new user's name and currency and save them; False if they quit instead."""
    asked = FirstRunApp(git_user_name() or "", session.config.currency, str(session.config_path))
    config = asked.run()
    if config is None:
        return False
    session.update_config(member=config.member, currency=config.currency)
    return True


def run_app(session: Session, start_with: tuple[str, str] | None = None) -> None:
    """The app, on the store, as the configured member; on first run, ask who that is."""
    if session.configured_member() is None and sys.stdin.isatty() and not first_run(session):
        return
    store = session.store(writing=True)
    config = session.config.with_changes(member=store.member)
    app = build_app(store, config=config, start_with=start_with)
    started = start_in_theme(app, config.theme)
    app.run()
    keep_theme(app, session, started)


def start_in_theme(app: App[Any], theme: str | None) -> str:
    """Open in the theme chosen last time, if this Textual still has it; returns the theme."""
    if theme and theme in app.available_themes:
        app.theme = theme
    return app.theme


def keep_theme(app: App[Any], session: Session, started: str) -> None:
    """Remember a theme chosen during the run (ctrl+p, "Change theme") for the next start."""
    if app.theme != started:
        session.update_config(theme=app.theme)
