"""Home: what is due now (follow-ups and action items, ours and the client's) and what the team
recorded lately. This is how aftercall reminds without a server."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from store import Reflection, Snapshot
from store.action_items import ActionFilter, action_rows
from tui.messages import StoreChanged
from tui.plain import plain_row
from tui.text_views import due_words, when

RECENT = 50
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


def due_now(records: list[Reflection], today: date) -> list[DueRow]:
    """Follow-ups due today or overdue, and open items overdue or due within a week.

    The format has no "followed up" mark, so a follow-up drops off once a later conversation
    with the same client is recorded: that conversation is the follow-up, or replaced it.
    """
    latest: dict[str, date] = {}
    for r in records:
        key = r.client.casefold()
        latest[key] = max(latest.get(key, r.conversation_date), r.conversation_date)
    rows = [
        DueRow(r.follow_up_on, "Follow up with the client", "follow-up", r.member, r.client, r.id)
        for r in records
        if r.follow_up_on is not None
        and r.follow_up_on <= today
        and latest[r.client.casefold()] <= r.conversation_date
    ]
    horizon = today + timedelta(days=SOON)
    for row in action_rows(records, today, ActionFilter()):
        if row.item.due is not None and row.item.due <= horizon:
            kind = "our item" if row.item.party.value == "us" else "client's item"
            rows.append(DueRow(row.item.due, row.item.text, kind, row.item.owner, row.client,
                               row.reflection.id))  # fmt: skip
    return sorted(rows, key=lambda d: (d.due, d.client.casefold(), d.what))


class HomeScreen(Screen[None]):
    BINDINGS = [
        Binding("r", "reload", "Reload"),
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
        self.query_one("#due", DataTable).add_columns("When", "What", "Kind", "Owner", "Client")
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
        store = self.app.store  # type: ignore[attr-defined]
        snapshot: Snapshot = store.snapshot()
        everything = store.query()
        today = self.app.now().date()  # type: ignore[attr-defined]
        self.app.call_from_thread(self._show, everything, due_now(everything, today), snapshot)

    def _show(self, records: list[Reflection], due: list[DueRow], snapshot: Snapshot) -> None:
        today = self.app.now().date()  # type: ignore[attr-defined]
        due_table = self.query_one("#due", DataTable)
        due_table.clear()
        for index, d in enumerate(due):
            cells = plain_row(due_words(d.due, today), d.what, d.kind, d.owner, d.client)
            due_table.add_row(*cells, key=f"{d.reflection_id}#{index}")
        recent = self.query_one("#recent", DataTable)
        recent.clear()
        for r in records[:RECENT]:
            recent.add_row(*plain_row(when(r), r.member, r.client, r.type.value.replace("_", " "),
                                      r.outcome.value.replace("_", " ")), key=r.id)  # fmt: skip
        for table in (due_table, recent):
            table.loading = False
            table.display = table.row_count > 0
        nothing = "Nothing due: follow-ups due by today and action items due this week show here."
        self._hint("#due-hint", "" if due else nothing)
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
