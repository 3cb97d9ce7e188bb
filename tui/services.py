"""What screens may use of the app, as a typed Protocol: the store, the clock, drafts, config.

Screens reach these through `AppScreen.services` instead of `self.app.store  # type: ignore`;
mypy checks in tui/app.py that the app provides every one of them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from store import Store
from store.insights import Period
from tui.config import Config
from tui.drafts import DraftBox
from tui.suggestions import Vocabulary


class Services(Protocol):
    @property
    def store(self) -> Store: ...

    @property
    def config(self) -> Config: ...

    @property
    def now(self) -> Callable[[], datetime]:
        """The app's clock; tests freeze it."""
        ...

    @property
    def drafts(self) -> DraftBox: ...

    @property
    def vocabulary(self) -> Callable[[], Vocabulary]:
        """The team's clients, people and tags as the store has them now (from any thread)."""
        ...

    def action_home(self) -> None:
        """Back to the home section."""
        ...

    def action_edit_reflection(self, reflection_id: str) -> None:
        """Open the form on a stored reflection, if this member may change it."""
        ...

    def open_client(self, client: str) -> None:
        """The client's page (any spelling or alias of the client), in the current section."""
        ...

    def action_export(self, period: Period | None = None) -> None:
        """Open the export dialog on `period` (the last full month when None)."""
        ...
