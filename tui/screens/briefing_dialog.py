"""The briefing before a call (`aftercall prep`), shown over the client page to read or copy."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Label, TextArea

from tui.screens.app_screen import AppModal


class BriefingDialog(AppModal[None]):
    """Shows `text` read-only (it can be selected); c copies all of it to the clipboard."""

    BINDINGS = [
        Binding("c", "copy", "Copy to clipboard"),
        Binding("escape", "close", "Close"),
    ]

    def __init__(self, client: str, text: str) -> None:
        super().__init__()
        self.client, self.text = client, text

    def compose(self) -> ComposeResult:
        with Vertical(id="briefing-dialog"):
            yield Label(f"Before calling {self.client}: the briefing (aftercall prep)",
                        id="briefing-title", markup=False)  # fmt: skip
            yield TextArea(self.text, read_only=True, soft_wrap=True, id="briefing-text")
        yield Footer()

    def action_copy(self) -> None:
        """The terminal puts it on the clipboard (OSC 52); most terminals allow it."""
        self.app.copy_to_clipboard(self.text)
        self.notify("Paste it into your notes before the call.", title="Briefing copied")

    def action_close(self) -> None:
        self.dismiss(None)
