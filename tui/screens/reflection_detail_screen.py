"""One reflection, read-only, with its recap; edit and delete go through the app."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from store import StoreError
from tui.text_views import reflection_text


class ReflectionDetailScreen(Screen[None]):
    BINDINGS = [
        Binding("e", "edit", "Edit"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def __init__(self, reflection_id: str) -> None:
        super().__init__()
        self.reflection_id = reflection_id

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static("", id="detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        try:
            text = reflection_text(self.app.store.get(self.reflection_id))  # type: ignore[attr-defined]
        except StoreError as error:
            text = str(error)
        self.query_one("#detail", Static).update(text)

    def action_edit(self) -> None:
        editor = getattr(self.app, "action_edit_reflection", None)
        if editor is None:
            self.notify("Editing arrives with the reflection form", severity="warning")
        else:
            editor(self.reflection_id)
