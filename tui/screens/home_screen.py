"""Home: what is due now (follow-ups and action items, ours and the client's) and what the team
recorded lately. This is how aftercall reminds without a server."""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Static

from store import Reflection, Snapshot
from store.insights import DueList, due_now
from store.records import newest_first_key
from tui.plain import plain_row
from tui.screens.app_screen import AppScreen
from tui.screens.reflection_detail_screen import ReflectionDetailScreen
from tui.text_views import due_words, fit, when

RECENT = 50
WHAT_WIDTH = 36
"""Characters of an item's text the due table shows: with the lateness, 80 columns still show
the client's name."""


class HomeScreen(AppScreen[None]):
    BINDINGS = [
        Binding("r", "reload", "Reload"),
        Binding("ctrl+q", "app.quit", "Quit", priority=True),  # priority: shown over the app's
        Binding("q", "app.quit", "Quit", show=False),
        Binding("tab", "app.focus_next", "Next table", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._warned: set[str] = set()
        """Problems already shown, so a reload does not repeat them."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Due now", classes="section-title")
        yield DataTable(id="due", cursor_type="row", zebra_stripes=True)
        yield Static("", id="due-hint", classes="hint")
        yield Static("Recent reflections  [dim](enter opens one)[/]", classes="section-title")
        yield DataTable(id="recent", cursor_type="row", zebra_stripes=True)
        yield Static("", id="empty-hint", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#due", DataTable).add_columns("When", "What", "Client", "Owner", "Kind")
        self.query_one("#recent", DataTable).add_columns(
            "When", "Member", "Client", "Type", "Outcome"
        )
        for table in self.query(DataTable):
            table.loading = True
        self.load()

    def action_reload(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.load()

    @work(thread=True, exit_on_error=False, description="Loading reflections")
    def load(self) -> None:
        snapshot = self.services.store.snapshot()
        everything = list(snapshot.reflections.values())
        today = self.services.now().date()
        recent = heapq.nlargest(RECENT, everything, key=newest_first_key)
        self.post_message(self.Loaded(recent, due_now(everything, today), snapshot))

    @dataclass
    class Loaded(Message):
        recent: list[Reflection]
        due: DueList
        snapshot: Snapshot

    def on_home_screen_loaded(self, event: Loaded) -> None:
        records, due, snapshot = event.recent, event.due, event.snapshot
        today = self.services.now().date()
        due_table = self.query_one("#due", DataTable)
        due_table.clear()
        for index, d in enumerate(due.rows):
            # What is due comes second, cut to a length that leaves the client in view at 80
            # columns (the full text is one enter away); the names follow.
            cells = plain_row(due_words(d.due, today), fit(d.what, WHAT_WIDTH), d.client,
                              d.owner, d.kind)  # fmt: skip
            due_table.add_row(*cells, key=f"{d.reflection_id}#{index}")
        recent = self.query_one("#recent", DataTable)
        recent.clear()
        for r in records:
            recent.add_row(*plain_row(when(r), r.member, r.client, r.type.label, r.outcome.label),
                           key=r.id)  # fmt: skip
        for table in (due_table, recent):
            table.loading = False
            table.display = table.row_count > 0
        nothing = "Nothing due: follow-ups due by today and action items due this week show here."
        more = due.total - len(due.rows)
        self._hint("#due-hint", nothing if not due.total else
                   f"{more:,} more due; press a for every action item" if more else "")  # fmt: skip
        self._hint("#empty-hint", "" if records else
                   "No reflections yet. Press n after your next hard call.")  # fmt: skip
        if self.focused is None or not self.focused.display:
            self.focus_next(DataTable)
        for problem in snapshot.problems:
            if str(problem) not in self._warned:
                self._warned.add(str(problem))
                self.notify(str(problem), title="A store file was skipped", severity="warning")

    def _hint(self, selector: str, text: str) -> None:
        hint = self.query_one(selector, Static)
        hint.update(text)
        hint.display = bool(text)

    @on(DataTable.RowSelected)
    def open_reflection(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.app.push_screen(ReflectionDetailScreen(event.row_key.value.split("#")[0]))
