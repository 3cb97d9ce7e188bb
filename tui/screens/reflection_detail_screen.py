"""One reflection, read-only; r shows the client recap to copy; c opens the client's page; e
edits, d deletes."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Header, Static

from exports.recap import render_recap
from store import StoreError
from tui.messages import Change, StoreChanged
from tui.screens.app_screen import AppScreen
from tui.screens.confirm_dialog import ConfirmDialog
from tui.screens.recap_dialog import RecapDialog
from tui.text_views import reflection_text
from tui.widgets.steady_footer import SteadyFooter


class ReflectionDetailScreen(AppScreen[None]):
    BINDINGS = [
        Binding("e", "edit", "Edit"),
        Binding("d", "delete", "Delete"),
        Binding("r", "recap", "Client recap"),
        Binding("c", "client", "Client page"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def __init__(self, reflection_id: str) -> None:
        super().__init__()
        self.reflection_id = reflection_id
        self.client: str | None = None
        """The reflection's client, once read."""
        self._client_wanted = False
        """c was pressed before the reflection was read: its client's page opens once it is."""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static("", id="detail", markup=False)
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.show()

    def reload(self) -> None:
        """Back from the form (or after a sync): show the reflection as it now is."""
        self.show()

    @work(thread=True, exit_on_error=False, description="Reading the reflection")
    def show(self) -> None:
        try:
            store = self.services.store
            reflection = store.get(self.reflection_id)
        except StoreError as error:
            self.post_message(self.Loaded(str(error), None))
            return
        self.post_message(
            self.Loaded(reflection_text(reflection, store.practices()), reflection.client)
        )

    @dataclass
    class Loaded(Message):
        text: str
        client: str | None

    def on_reflection_detail_screen_loaded(self, event: Loaded) -> None:
        self.client = event.client
        self.query_one("#detail", Static).update(event.text)
        if self._client_wanted:
            self._client_wanted = False
            self.action_client()

    def action_client(self) -> None:
        if self.client is None:
            self._client_wanted = True
        else:
            self.services.open_client(self.client)

    def action_recap(self) -> None:
        self.load_recap()

    @work(thread=True, exit_on_error=False, description="Writing the recap")
    def load_recap(self) -> None:
        """The follow-up email `aftercall recap` prints, shown to copy into a mail."""
        try:
            reflection = self.services.store.get(self.reflection_id)
        except StoreError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.post_message(self.RecapReady(reflection.client, render_recap(reflection)))

    @dataclass
    class RecapReady(Message):
        client: str
        text: str

    def on_reflection_detail_screen_recap_ready(self, event: RecapReady) -> None:
        self.app.push_screen(RecapDialog(event.client, event.text))

    def action_edit(self) -> None:
        self.services.action_edit_reflection(self.reflection_id)

    def action_delete(self) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self.delete()

        question = "Delete this reflection for the whole team?"
        self.app.push_screen(ConfirmDialog(question, "Delete", "Keep", danger=True), answered)

    @work(thread=True, exit_on_error=False, description="Deleting the reflection")
    def delete(self) -> None:
        try:
            gone = self.services.store.delete(self.reflection_id)
        except StoreError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.post_message(self.Deleted(gone.client))

    @dataclass
    class Deleted(Message):
        client: str

    def on_reflection_detail_screen_deleted(self, event: Deleted) -> None:
        self.notify(f"Deleted the reflection on {event.client}", markup=False)
        self.app.pop_screen()
        self.app.post_message(StoreChanged(Change.DELETED, self.reflection_id))
