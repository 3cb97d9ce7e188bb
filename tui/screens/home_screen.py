"""Home: what is due now (follow-ups and action items, ours and the client's), the accounts to
watch, and what the team recorded lately. This is how aftercall reminds without a server."""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass
from time import monotonic

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Header, Static
from textual.worker import Worker, WorkerState

from store import Reflection, Snapshot
from store.insights import ClientHealth, DueList, Health, clients_health, due_now
from store.records import newest_first_key
from store.storage import load_directory
from tui.plain import plain_row
from tui.screens.app_screen import AppScreen
from tui.screens.reflection_detail_screen import ReflectionDetailScreen
from tui.text_views import due_words, fit, when
from tui.widgets.steady_footer import SteadyFooter

RECENT = 50
WATCHED = 5
"""Accounts to watch home lists at most (the worst first): home stays short."""
READING = "Reading the team's reflections"
PROGRESS_SECONDS = 0.25
"""How often home says how far it has read. One line of text, not a spinner over each table:
three animated loading indicators cost the UI thread (and the loader, through the GIL) 2.3 s
of a 100k store's 8.6 s load."""
WHAT_WIDTH = 36
"""Characters of an item's text the due table shows: with the lateness, 80 columns still show
the client's name."""


class HomeScreen(AppScreen[None]):
    BINDINGS = [
        Binding("r", "reload", "Reload"),
        Binding("c", "client", "Client page"),
        Binding("ctrl+q", "app.quit", "Quit", priority=True),  # priority: shown over the app's
        Binding("q", "app.quit", "Quit", show=False),
        Binding("tab", "app.focus_next", "Next table", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._warned: set[str] = set()
        """Problems already shown, so a reload does not repeat them."""
        self._clients: dict[str, str] = {}
        """Each row's client, by row key, for c."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"{READING}...", id="reading", classes="hint")
        yield Static("Due now", classes="section-title")
        yield DataTable(id="due", cursor_type="row", zebra_stripes=True)
        yield Static("", id="due-hint", classes="hint")
        yield Static("Accounts to watch  [dim](c opens the client)[/]", id="watch-title",
                     classes="section-title")  # fmt: skip
        yield DataTable(id="watch", cursor_type="row", zebra_stripes=True)
        yield Static("Recent reflections  [dim](enter opens one)[/]", classes="section-title")
        yield DataTable(id="recent", cursor_type="row", zebra_stripes=True)
        yield Static("", id="empty-hint", classes="hint")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.query_one("#due", DataTable).add_columns("When", "What", "Client", "Owner", "Kind")
        self.query_one("#recent", DataTable).add_columns(
            "When", "Member", "Client", "Type", "Outcome"
        )
        self.query_one("#watch", DataTable).add_columns("Client", "Health", "First reason")
        self.query_one("#watch-title", Static).display = False
        for table in self.query(DataTable):
            table.display = False  # until there is something to list; #reading says how far
        self.load()

    def action_reload(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.load()

    @work(thread=True, exit_on_error=False, description="Loading reflections")
    def load(self) -> None:
        snapshot = self.services.store.snapshot(progress=self._heard_reading())
        everything = list(snapshot.reflections.values())
        today = self.services.now().date()
        recent = heapq.nlargest(RECENT, everything, key=newest_first_key)
        directory = load_directory(self.services.store.root)
        watch = [
            (client, health)
            for client, health in clients_health(everything, directory, today)
            if health.level > Health.HEALTHY
        ]
        self.post_message(self.Loaded(recent, due_now(everything, today), snapshot, watch))

    def _heard_reading(self) -> Callable[[int, int], None]:
        """How far the store's files are read, passed on a few times a second."""
        last = -PROGRESS_SECONDS

        def heard(done: int, total: int) -> None:
            nonlocal last
            if done < total and monotonic() - last < PROGRESS_SECONDS:
                return
            last = monotonic()
            self.post_message(self.Reading(done, total))

        return heard

    @dataclass
    class Reading(Message):
        done: int
        total: int
        """Bytes of the store's files read, out of all of them."""

    def on_home_screen_reading(self, event: Reading) -> None:
        if event.total:
            how_far = ("working out what is due" if event.done >= event.total
                       else f"{event.done / event.total:.0%}")  # fmt: skip
            self.query_one("#reading", Static).update(f"{READING}: {how_far}...")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # (AppScreen's handler reports the failure: Textual calls each class's handler.)
        if event.state is WorkerState.ERROR:
            self.query_one("#reading").display = False

    @dataclass
    class Loaded(Message):
        recent: list[Reflection]
        due: DueList
        snapshot: Snapshot
        watch: list[tuple[str, ClientHealth]]
        """Clients at risk or to watch, the worst first (the digest's rule)."""

    def on_home_screen_loaded(self, event: Loaded) -> None:
        records, due, snapshot = event.recent, event.due, event.snapshot
        today = self.services.now().date()
        self._clients.clear()
        due_table = self.query_one("#due", DataTable)
        due_table.clear()
        for index, d in enumerate(due.rows):
            # What is due comes second, cut to a length that leaves the client in view at 80
            # columns (the full text is one enter away); the names follow.
            cells = plain_row(due_words(d.due, today), fit(d.what, WHAT_WIDTH), d.client,
                              d.owner, d.kind)  # fmt: skip
            due_table.add_row(*cells, key=f"{d.reflection_id}#{index}")
            self._clients[f"{d.reflection_id}#{index}"] = d.client
        recent = self.query_one("#recent", DataTable)
        recent.clear()
        for r in records:
            recent.add_row(*plain_row(when(r), r.member, r.client, r.type.label, r.outcome.label),
                           key=r.id)  # fmt: skip
            self._clients[r.id] = r.client
        watch = self._show_watch(event.watch)
        self.query_one("#reading").display = False
        for table in (due_table, recent, watch):
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

    def _show_watch(self, accounts: list[tuple[str, ClientHealth]]) -> DataTable[object]:
        """Only when any account is at risk or to watch: a healthy book keeps home short."""
        table: DataTable[object] = self.query_one("#watch", DataTable)
        table.clear()
        for client, health in accounts[:WATCHED]:
            first = health.reasons[0] if health.reasons else ""
            key = f"watch:{client}"
            table.add_row(*plain_row(client, health.label, fit(first, 60)), key=key)
            self._clients[key] = client
        more = len(accounts) - WATCHED
        title = "Accounts to watch  [dim](c opens the client)[/]"
        self.query_one("#watch-title", Static).update(
            title if more <= 0 else f"Accounts to watch  [dim]({more} more; c opens one)[/]"
        )
        self.query_one("#watch-title", Static).display = bool(accounts)
        return table

    def action_client(self) -> None:
        """The client of the row under the cursor, in whichever table has the focus."""
        table = self.focused
        if not isinstance(table, DataTable) or not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key in self._clients:
            self.services.open_client(self._clients[key])

    def _hint(self, selector: str, text: str) -> None:
        hint = self.query_one(selector, Static)
        hint.update(text)
        hint.display = bool(text)

    @on(DataTable.RowSelected)
    def open_reflection(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value and event.row_key.value.startswith("watch:"):
            self.services.open_client(self._clients[event.row_key.value])
        elif event.row_key.value:
            self.app.push_screen(ReflectionDetailScreen(event.row_key.value.split("#")[0]))
