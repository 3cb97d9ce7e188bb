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
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from store import Party, StoreError
from store.insights import ActionFilter, ActionRow, action_rows
from tui.messages import StoreChanged
from tui.plain import plain_row
from tui.text_views import lateness


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


class ActionsScreen(Screen[None]):
    BINDINGS = [
        Binding("space", "toggle", "Done / not done"),
        Binding("o", "view('overdue')", "Overdue"),
        Binding("u", "view('us')", "Ours"),
        Binding("c", "view('client')", "Client's"),
        Binding("a", "view('all')", "Everything"),
        Binding("m", "view('mine')", "Mine"),
        Binding("z", "undo", "Undo"),
        Binding("escape", "app.pop_screen", "Back"),
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
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#actions", DataTable).add_columns(
            "Due", "Status", "Party", "Owner", "Client", "Item"
        )
        self.load()

    @property
    def today(self) -> date:
        return self.app.now().date()  # type: ignore[attr-defined, no-any-return]

    def action_view(self, name: str) -> None:
        self._view = {
            "overdue": _View(overdue_only=True),
            "us": _View(party=Party.US),
            "client": _View(party=Party.CLIENT),
            "all": _View(include_done=True),
            "mine": _View(owner=self.app.config.member or self.app.store.member),  # type: ignore[attr-defined]
        }[name]
        self.load()

    @work(thread=True, exit_on_error=False, description="Loading action items")
    def load(self) -> None:
        view = self._view
        where = ActionFilter(open_only=not view.include_done, overdue_only=view.overdue_only,
                             party=view.party, owner=view.owner)  # fmt: skip
        rows = action_rows(self.app.store.query(), self.today, where)  # type: ignore[attr-defined]
        self.app.call_from_thread(self._show, rows[:SHOWN], len(rows))

    def _show(self, rows: list[ActionRow], total: int) -> None:
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

    def action_toggle(self) -> None:
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
            self.app.store.set_action_done(reflection_id, item_id, done_on)  # type: ignore[attr-defined]
        except StoreError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error")
            return
        if undoing:
            message = "Undone"
        else:
            self._undo = (reflection_id, item_id, before)
            message = ("Marked done" if done_on else "Reopened") + " · z to undo"
        self.app.call_from_thread(self.notify, message)
        self.app.call_from_thread(self.app.reflection_saved)  # type: ignore[attr-defined]

    def on_store_changed(self, _: StoreChanged) -> None:
        self.load()

    @on(DataTable.RowSelected, "#actions")
    def open_reflection(self, event: DataTable.RowSelected) -> None:
        from tui.screens.reflection_detail_screen import ReflectionDetailScreen

        if event.row_key.value:
            self.app.push_screen(ReflectionDetailScreen(event.row_key.value.split("/")[0]))
