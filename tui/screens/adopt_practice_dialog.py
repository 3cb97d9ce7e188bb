"""Adopt a recurring theme as a practice: its wording (one line, prefilled from the theme) and the
conversation types it fits (none ticked: all). Returns an `Adoption`, or None when cancelled.

The dialog checks what the store would refuse (`check_adoption`) before it closes, so a bad
wording gets its one-line error here; the caller writes, and the store checks again under its
lock.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, SelectionList

from store import ConversationType, ValidationError
from store.records import Vocabulary
from store.storage import check_adoption
from tui.screens.app_screen import AppModal
from tui.widgets.steady_footer import SteadyFooter
from tui.widgets.steady_input import SteadyInput


@dataclass(frozen=True, slots=True)
class Adoption:
    wording: str
    types: tuple[str, ...]
    """Conversation type values; empty: every type."""
    phrase: str
    """The theme's phrase, kept as the practice's `adopted_from`."""


class AdoptPracticeDialog(AppModal[Adoption | None]):
    BINDINGS = [
        Binding("enter", "adopt", "Adopt", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, phrase: str, wording: str, vocabulary: Vocabulary) -> None:
        super().__init__()
        self.phrase, self.wording, self.vocabulary = phrase, wording, vocabulary
        self._refused: str | None = None
        """The wording the last error was about."""

    def compose(self) -> ComposeResult:
        with Vertical(id="adopt-dialog"):
            yield Label("Adopt a theme as a practice", classes="section-title")
            yield Label(f"From the theme: {self.phrase}", id="adopt-phrase", markup=False)
            yield Label("Wording", classes="adopt-label")
            yield SteadyInput(self.wording, id="adopt-wording")
            yield Label("Fits (none ticked: every type; space ticks)", classes="adopt-label")
            yield SelectionList[str](
                *((kind.label, kind.value) for kind in ConversationType), id="adopt-types"
            )
            yield Label("", id="adopt-error", markup=False)
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.query_one("#adopt-wording", Input).focus()

    def _choice(self) -> Adoption:
        types = tuple(self.query_one("#adopt-types", SelectionList).selected)
        wording = self.query_one("#adopt-wording", Input).value
        return Adoption(" ".join(wording.split()), types, self.phrase)

    def action_adopt(self) -> None:
        choice = self._choice()
        try:
            check_adoption(self.vocabulary, choice.wording, list(choice.types), choice.phrase)
        except ValidationError as error:
            self._refused = self.query_one("#adopt-wording", Input).value
            self.query_one("#adopt-error", Label).update(str(error))
            return
        self.dismiss(choice)

    @on(Input.Changed, "#adopt-wording")
    def _clear_error(self, event: Input.Changed) -> None:
        """Once the wording refused is changed (a late echo of a keystroke typed before Enter
        does not clear the error Enter just showed)."""
        if event.value != self._refused:
            self.query_one("#adopt-error", Label).update("")

    def action_cancel(self) -> None:
        self.dismiss(None)
