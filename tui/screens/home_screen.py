"""Home: what is due now (follow-ups and action items, ours and the client's) and what the team
recorded lately. This is how aftercall reminds without a server."""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import date, timedelta

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from store import ActionItem, Party, Reflection, Snapshot
from store.insights import LatestConversations
from store.records import newest_first_key
from tui.messages import StoreChanged
from tui.plain import plain_row
from tui.text_views import due_words, fit, label, when

RECENT = 50
DUE_SHOWN = 30
"""Rows in the due table; the rest are counted, and the actions screen lists them all."""
WHAT_WIDTH = 36
"""Characters of an item's text the due table shows: with the lateness, 80 columns still show
the client's name."""
SOON = 7
"""Open action items due within this many days show on home."""


@dataclass(frozen=True, slots=True)
class DueRow:
    due: date
    what: str
    kind: str
    owner: str
    client: str
    reflection_id: str


@dataclass(frozen=True, slots=True)
class DueList:
    rows: list[DueRow]
    """The `DUE_SHOWN` most urgent, oldest due date first."""
    total: int


def due_now(records: list[Reflection], today: date, limit: int = DUE_SHOWN) -> DueList:
    """Follow-ups due today or overdue, and open items overdue or due within a week.

    A follow-up drops off once marked done or once a later conversation with the same client
    is recorded (the rule the learnings and the digest share: store/insights/follow_ups.py).
    A large store can owe thousands of items; only the `limit` oldest become rows.
    """
    folded = {r.client: r.client.casefold() for r in records}  # once per client, not per record
    latest = LatestConversations(records)
    horizon = today + timedelta(days=SOON)
    due: list[tuple[date, str, str, Reflection, ActionItem | None]] = []
    for r in records:
        key, on = folded[r.client], r.follow_up_on
        if on is not None and on <= today and latest.follow_up_open(r):
            due.append((on, key, FOLLOW_UP, r, None))
        for item in r.action_items:
            if item.done_on is None and item.due is not None and item.due <= horizon:
                due.append((item.due, key, item.text, r, item))
    first = heapq.nsmallest(limit, due, key=lambda e: (e[0], e[1], e[2], e[3].id))
    return DueList([_row(on, r, item) for on, _, _, r, item in first], len(due))


FOLLOW_UP = "Follow up with the client"


def _row(on: date, r: Reflection, item: ActionItem | None) -> DueRow:
    if item is None:
        return DueRow(on, FOLLOW_UP, "follow-up", r.member, r.client, r.id)
    kind = "our item" if item.party is Party.US else "client's item"
    return DueRow(on, item.text, kind, item.owner, r.client, r.id)


class HomeScreen(Screen[None]):
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
        self.load()

    def on_store_changed(self, _: StoreChanged) -> None:
        self.load()

    @work(thread=True, exit_on_error=False, description="Loading reflections")
    def load(self) -> None:
        snapshot: Snapshot = self.app.store.snapshot()  # type: ignore[attr-defined]
        everything = list(snapshot.reflections.values())
        today = self.app.now().date()  # type: ignore[attr-defined]
        recent = heapq.nlargest(RECENT, everything, key=newest_first_key)
        self.app.call_from_thread(self._show, recent, due_now(everything, today), snapshot)

    def _show(self, records: list[Reflection], due: DueList, snapshot: Snapshot) -> None:
        today = self.app.now().date()  # type: ignore[attr-defined]
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
            recent.add_row(*plain_row(when(r), r.member, r.client, label(r.type), label(r.outcome)),
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
        from tui.screens.reflection_detail_screen import ReflectionDetailScreen

        if event.row_key.value:
            self.app.push_screen(ReflectionDetailScreen(event.row_key.value.split("#")[0]))
