"""The base of aftercall's screens: a typed handle to the app's services, failed workers reported
loudly (see tui/worker_failures.py), and a reload when the store changed, once it can be seen."""

from __future__ import annotations

from typing import TypeVar, cast

from textual.screen import ModalScreen, Screen
from textual.worker import Worker

from tui.messages import StoreChanged
from tui.services import Services
from tui.worker_failures import report_failure

ResultT = TypeVar("ResultT")


class AppScreen(Screen[ResultT]):
    _unseen_change = False

    @property
    def services(self) -> Services:
        """The app as screens may use it; tui/app.py proves to mypy that the app fits."""
        return cast(Services, self.app)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failure(self, event)

    def on_store_changed(self, _: StoreChanged) -> None:
        """Reload now when in view; a screen in another section (or under the form) reloads when
        the user comes back to it, so a save does not recompute every section at once."""
        if self.is_current:
            self.reload()
        else:
            self._unseen_change = True

    def on_screen_resume(self) -> None:
        if self._unseen_change:
            self._unseen_change = False
            self.reload()

    def reload(self) -> None:
        """Read again from the store what this screen shows; screens that show stored data
        override it."""


class AppModal(ModalScreen[ResultT]):
    """A dialog: the same handle and the same failure reporting as `AppScreen`."""

    @property
    def services(self) -> Services:
        return cast(Services, self.app)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failure(self, event)
