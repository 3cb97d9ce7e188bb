"""The Textual application: holds the store and config, and opens on the home screen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual.app import App

from store import Store
from tui.config import Config
from tui.screens.home_screen import HomeScreen


class AftercallApp(App[None]):
    """Screens reach the store through `self.app.store`; widgets never do."""

    CSS_PATH = "styles/app.tcss"
    TITLE = "aftercall"

    def __init__(
        self,
        store: Store,
        *,
        config: Config | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.config = config or Config(member=store.member)
        self.now = now or (lambda: datetime.now().astimezone())
        """The app's clock; tests freeze it."""

    def on_mount(self) -> None:
        self.push_screen(HomeScreen())


def build_app(
    store: Store,
    *,
    config: Config | None = None,
    now: Callable[[], datetime] | None = None,
) -> AftercallApp:
    """The one way the CLI, tests and examples make the app."""
    return AftercallApp(store, config=config, now=now)
