"""A yes/no question. Returns True for yes, False for no, None when put off (escape).

Escape never means "yes, throw it away": callers treat None as "change nothing". A dangerous
question (delete, discard) starts with the cursor on "no", so a stray enter keeps everything.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label


class ConfirmDialog(ModalScreen[bool | None]):
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", show=False),
        Binding("n", "answer(False)", "No", show=False),
        Binding("escape", "answer(None)", "Cancel"),
        Binding("left", "app.focus_previous", show=False),
        Binding("right", "app.focus_next", show=False),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No", *,
                 later: str | None = None, danger: bool = False) -> None:  # fmt: skip
        super().__init__()
        self.question = question
        self.yes, self.no, self.later = yes, no, later
        self.danger = danger

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Label(self.question, id="confirm-question", markup=False)
            with Horizontal(id="confirm-buttons"):
                yield Button(f"{self.yes} (y)", variant="error" if self.danger else "primary",
                             id="confirm-yes")  # fmt: skip
                yield Button(f"{self.no} (n)", id="confirm-no")
                if self.later:
                    yield Button(f"{self.later} (esc)", id="confirm-later")

    def on_mount(self) -> None:
        self.query_one("#confirm-no" if self.danger else "#confirm-yes", Button).focus()

    def action_answer(self, answer: bool | None) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        answers = {"confirm-yes": True, "confirm-no": False}
        self.dismiss(answers.get(event.button.id or ""))
