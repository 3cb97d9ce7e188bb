"""One shared digest, read in Textual's Markdown viewer with its table of contents."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, MarkdownViewer

from tui.screens.app_screen import AppScreen
from tui.screens.export_dialog import preview_excerpt
from tui.widgets.steady_footer import SteadyFooter

VIEW_LINES = 2_000
"""Lines the viewer renders: Textual's Markdown widget slows badly over thousands of lines, so
a very large digest shows its start and says where the whole file is."""


def readable(path: Path) -> str:
    """The digest's Markdown to show, or one line saying why it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return f"*{path.name} cannot be read: {getattr(error, 'strerror', None) or error}*\n"
    return preview_excerpt(text, VIEW_LINES).replace(
        "*The preview stops here;", f"*The view stops here; {path} holds the rest, and"
    )


class DigestViewerScreen(AppScreen[None]):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("t", "toggle_contents", "Contents"),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        yield Header()
        yield MarkdownViewer(readable(self.path), show_table_of_contents=False,
                             open_links=False, id="digest-viewer")  # fmt: skip
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.sub_title = self.path.name
        self.query_one(MarkdownViewer).document.focus()

    def action_toggle_contents(self) -> None:
        viewer = self.query_one(MarkdownViewer)
        viewer.show_table_of_contents = not viewer.show_table_of_contents
