"""Every open action item across the team, ours and the client's; space marks one done.

A done mark on another member's reflection is stored as an event in this member's own file (the
store decides), so nobody writes into a teammate's file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Header, Static

from store import Party, StoreError
from store.insights import ActionFilter, ActionRow, action_rows
from tui.messages import Change, StoreChanged
from tui.plain import plain_row
from tui.screens.app_screen import AppScreen
from tui.screens.reflection_detail_screen import ReflectionDetailScreen
from tui.text_views import lateness
from tui.widgets.steady_footer import SteadyFooter


@dataclass(frozen=True, slots=True)
class _View:
    overdue_only: bool = False
    party: Party | None = None
    include_done: bool = False
    owner: str | None = None
    """Only items this person owns ("mine": the member using the app)."""

    @property
    def label(self) -> str:
        parts = ["overdue" if self.overdue_only else "open" if not self.include_done else "all"]
        parts.append({None: "both parties", Party.US: "ours", Party.CLIENT: "the client's"}[
            self.party])  # fmt: skip
        if self.owner:
            parts.append(f"owned by {self.owner}")
        return " · ".join(parts)


SHOWN = 500
"""Rows the table holds, most overdue first: a table of 60k items takes seconds to fill."""


class ActionsScreen(AppScreen[None]):
    BINDINGS = [
        Binding("space", "toggle_done", "Done / not done"),
        Binding("o", "view('overdue')", "Overdue"),
        Binding("u", "view('us')", "Ours"),
        Binding("c", "view('client')", "Client's"),
        Binding("a", "view('all')", "Everything"),
        Binding("m", "view('mine')", "Mine"),
        Binding("z", "undo", "Undo"),
        Binding("escape", "app.home", "Home"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._view = _View()
        self._rows: list[ActionRow] = []
        self._undo: tuple[str, str, date | None] | None = None
        """The last done mark changed (reflection id, item id, what it was), for z to undo."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="actions-title", classes="section-title")
        yield DataTable(id="actions", cursor_type="row", zebra_stripes=True)
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.query_one("#actions", DataTable).add_columns(
            "Due", "Status", "Party", "Owner", "Client", "Item"
        )
        self.load()

    @property
    def today(self) -> date:
        return self.services.now().date()

    def action_view(self, name: str) -> None:
        self._view = {
            "overdue": _View(overdue_only=True),
            "us": _View(party=Party.US),
            "client": _View(party=Party.CLIENT),
            "all": _View(include_done=True),
            "mine": _View(owner=self.services.config.member or self.services.store.member),
        }[name]
        self.load()

    @work(thread=True, exit_on_error=False, description="Loading action items")
    def load(self) -> None:
        view = self._view
        where = ActionFilter(open_only=not view.include_done, overdue_only=view.overdue_only,
                             party=view.party, owner=view.owner)  # fmt: skip
        rows = action_rows(self.services.store.query(), self.today, where)
        self.post_message(self.Loaded(rows[:SHOWN], len(rows), view))

    @dataclass
    class Loaded(Message):
        rows: list[ActionRow]
        total: int
        view: _View

    def on_actions_screen_loaded(self, event: Loaded) -> None:
        if event.view != self._view:
            return  # the view changed since this load began: a newer one is on its way
        rows, total = event.rows, event.total
        self._rows = rows
        table = self.query_one("#actions", DataTable)
        cursor = table.cursor_row
        table.clear()
        for row in rows:
            due = row.item.due.isoformat() if row.item.due else "-"
            table.add_row(*plain_row(due, lateness(row, self.today), row.item.party.value,
                                     row.item.owner, row.client, row.item.text),
                          key=f"{row.reflection.id}/{row.item.id}")  # fmt: skip
        if rows:
            table.move_cursor(row=min(cursor, len(rows) - 1))
        counted = (
            f"{total:,}"
            if total == len(rows)
            else f"{total:,}; the {len(rows):,} most overdue shown"
        )
        self.query_one("#actions-title", Static).update(
            f"Action items: {self._view.label} ({counted})   "
            "[dim]space done · z undo · o overdue · u ours · c client's · m mine · a everything[/]"
        )

    def action_toggle_done(self) -> None:
        table = self.query_one("#actions", DataTable)
        if not self._rows or table.cursor_row >= len(self._rows):
            return
        row = self._rows[table.cursor_row]
        self.toggle(row.reflection.id, row.item.id, None if row.item.done_on else self.today,
                    row.item.done_on)  # fmt: skip

    def action_undo(self) -> None:
        """Put back the done mark the last space changed (a done item leaves the open list)."""
        if self._undo is None:
            self.notify("Nothing to undo")
            return
        reflection_id, item_id, before = self._undo
        self._undo = None
        self.toggle(reflection_id, item_id, before, None, undoing=True)

    @work(thread=True, exit_on_error=False, description="Saving the action item")
    def toggle(self, reflection_id: str, item_id: str, done_on: date | None,
               before: date | None, *, undoing: bool = False) -> None:  # fmt: skip
        try:
            self.services.store.set_action_done(reflection_id, item_id, done_on)
        except StoreError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        if undoing:
            message = "Undone"
        else:
            self._undo = (reflection_id, item_id, before)
            message = ("Marked done" if done_on else "Reopened") + " · z to undo"
        self.notify(message)
        self.app.post_message(StoreChanged(Change.ITEM_TOGGLED, reflection_id))

    def reload(self) -> None:
        self.load()

    @on(DataTable.RowSelected, "#actions")
    def open_reflection(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.app.push_screen(ReflectionDetailScreen(event.row_key.value.split("/")[0]))
