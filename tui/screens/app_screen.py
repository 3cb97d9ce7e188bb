"""The base of aftercall's screens: a typed handle to the app's services, and failed workers
reported loudly (see tui/worker_failures.py)."""

from __future__ import annotations

from typing import TypeVar, cast

from textual.screen import ModalScreen, Screen
from textual.worker import Worker

from tui.services import Services
from tui.worker_failures import report_failure

ResultT = TypeVar("ResultT")


class AppScreen(Screen[ResultT]):
    @property
    def services(self) -> Services:
        """The app as screens may use it; tui/app.py proves to mypy that the app fits."""
        return cast(Services, self.app)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failure(self, event)


class AppModal(ModalScreen[ResultT]):
    """A dialog: the same handle and the same failure reporting as `AppScreen`."""

    @property
    def services(self) -> Services:
        return cast(Services, self.app)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failure(self, event)
