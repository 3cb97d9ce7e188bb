"""The follow-up email for one conversation (`aftercall recap`), ready to copy into a mail."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Label, TextArea

from tui.screens.app_screen import AppModal


class RecapDialog(AppModal[None]):
    """Shows `text` read-only (it can be selected); c copies all of it to the clipboard."""

    BINDINGS = [
        Binding("c", "copy", "Copy to clipboard"),
        Binding("escape", "close", "Close"),
    ]

    def __init__(self, client: str, text: str) -> None:
        super().__init__()
        self.client, self.text = client, text

    def compose(self) -> ComposeResult:
        with Vertical(id="recap-dialog"):
            yield Label(f"Recap for {self.client}: what was agreed, nothing internal",
                        id="recap-title", markup=False)  # fmt: skip
            yield TextArea(self.text, read_only=True, soft_wrap=True, id="recap-text")
        yield Footer()

    def action_copy(self) -> None:
        """The terminal puts it on the clipboard (OSC 52); most terminals allow it."""
        self.app.copy_to_clipboard(self.text)
        self.notify("Paste it into your mail to the client.", title="Recap copied")

    def action_close(self) -> None:
        self.dismiss(None)
