"""A text to read and copy, shown over the screen that made it (the recap, the briefing)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, TextArea

from tui.screens.app_screen import AppModal
from tui.widgets.steady_footer import SteadyFooter


class TextDialog(AppModal[None]):
    """Shows `text` read-only (it can be selected); c copies all of it to the clipboard.

    Subclasses give the title (with `{client}`), the words after a copy, and a CSS name.
    """

    BINDINGS = [
        Binding("c", "copy", "Copy to clipboard"),
        Binding("escape", "close", "Close"),
    ]
    TITLE_TEXT: ClassVar[str] = "{client}"
    COPIED_TITLE: ClassVar[str] = "Copied"
    COPIED_HINT: ClassVar[str] = ""
    NAME: ClassVar[str] = "text"
    """The ids of the frame and the text: `#<NAME>-dialog`, `#<NAME>-text` (styles, tests)."""

    def __init__(self, client: str, text: str) -> None:
        super().__init__()
        self.client, self.text = client, text

    def compose(self) -> ComposeResult:
        with Vertical(id=f"{self.NAME}-dialog"):
            yield Label(self.TITLE_TEXT.format(client=self.client), id=f"{self.NAME}-title",
                        markup=False)  # fmt: skip
            yield TextArea(self.text, read_only=True, soft_wrap=True, id=f"{self.NAME}-text")
        yield SteadyFooter()

    def action_copy(self) -> None:
        """The terminal puts it on the clipboard (OSC 52); most terminals allow it."""
        self.app.copy_to_clipboard(self.text)
        self.notify(self.COPIED_HINT, title=self.COPIED_TITLE)

    def action_close(self) -> None:
        self.dismiss(None)
