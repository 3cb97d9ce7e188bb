"""Home: what aftercall opens on. Recent reflections across the team, newest first."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from store import Reflection, Snapshot
from tui.messages import StoreChanged
from tui.plain import plain_row
from tui.text_views import when

RECENT = 50


class HomeScreen(Screen[None]):
    BINDINGS = [("r", "reload", "Reload")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Recent reflections", classes="section-title")
        yield DataTable(id="recent", cursor_type="row", zebra_stripes=True)
        yield Static("", id="empty-hint")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#recent", DataTable)
        table.add_columns("When", "Member", "Client", "Type", "Outcome")
        table.loading = True
        self.load()

    def action_reload(self) -> None:
        self.load()

    def on_store_changed(self, _: StoreChanged) -> None:
        self.load()

    @work(thread=True, exit_on_error=False, description="Loading reflections")
    def load(self) -> None:
        store = self.app.store  # type: ignore[attr-defined]
        snapshot: Snapshot = store.snapshot()
        recent = store.query()[:RECENT]
        self.app.call_from_thread(self._show, recent, snapshot)

    def _show(self, recent: list[Reflection], snapshot: Snapshot) -> None:
        table = self.query_one("#recent", DataTable)
        table.clear()
        for r in recent:
            table.add_row(*plain_row(when(r), r.member, r.client, r.type.value.replace("_", " "),
                                     r.outcome.value.replace("_", " ")), key=r.id)  # fmt: skip
        table.loading = False
        hint = self.query_one("#empty-hint", Static)
        hint.update("" if recent else "No reflections yet.")
        hint.display = not recent
        for problem in snapshot.problems:
            self.notify(str(problem), title="A store file was skipped", severity="warning")
