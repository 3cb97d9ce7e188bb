"""Start the TUI from the CLI: resolve the store and member, then run the app."""

from __future__ import annotations

from tui.app import build_app
from tui.cli.session import Session


def run_app(session: Session) -> None:
    store = session.store(writing=True)
    build_app(store, config=session.config.with_changes(member=store.member)).run()
