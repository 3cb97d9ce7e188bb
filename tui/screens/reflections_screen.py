"""Browse every reflection: filter by member, client, type, outcome and tag; search as you type."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Select, Static

from store import ConversationType, Outcome, Reflection, ReflectionFilter
from tui.plain import plain_row
from tui.screens.reflection_detail_screen import ReflectionDetailScreen
from tui.text_views import when

_ANY = Select.NULL


class ReflectionsScreen(Screen[None]):
    BINDINGS = [
        Binding("slash", "focus_search", "Search"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._all: list[Reflection] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Search the text of every reflection…", id="search")
        with Horizontal(id="filters"):
            yield Select[str]([], prompt="Any member", id="member")
            yield Select[str]([], prompt="Any client", id="client")
            yield Select[str]([(t.value.replace("_", " "), t.value) for t in ConversationType],
                              prompt="Any type", id="type")  # fmt: skip
            yield Select[str]([(o.value.replace("_", " "), o.value) for o in Outcome],
                              prompt="Any outcome", id="outcome")  # fmt: skip
            yield Select[str]([], prompt="Any tag", id="tag")
        yield Static("", id="count", classes="section-title")
        yield DataTable(id="results", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#results", DataTable).add_columns(
            "When", "Member", "Client", "Type", "Outcome", "Tags"
        )
        self.query_one("#search", Input).focus()
        self.load()

    @work(thread=True, exit_on_error=False, description="Loading reflections")
    def load(self) -> None:
        records = self.app.store.query()  # type: ignore[attr-defined]
        self.app.call_from_thread(self._loaded, records)

    def _loaded(self, records: list[Reflection]) -> None:
        self._all = records
        for name, values in (
            ("member", {r.member for r in records}),
            ("client", {r.client for r in records}),
            ("tag", {t for r in records for t in r.tags}),
        ):
            self.query_one(f"#{name}", Select).set_options(
                (v, v) for v in sorted(values, key=str.casefold)
            )
        self.refilter()

    def _criteria(self) -> ReflectionFilter:
        def chosen(name: str) -> str | None:
            value = self.query_one(f"#{name}", Select).value
            return None if value is _ANY else str(value)

        kind, outcome = chosen("type"), chosen("outcome")
        return ReflectionFilter(
            member=chosen("member"),
            client=chosen("client"),
            type=ConversationType(kind) if kind else None,
            outcome=Outcome(outcome) if outcome else None,
            tag=chosen("tag"),
            text=self.query_one("#search", Input).value.strip() or None,
        )

    @on(Input.Changed, "#search")
    @on(Select.Changed)
    def refilter(self) -> None:
        where = self._criteria()
        shown = [r for r in self._all if where.matches(r)]
        table = self.query_one("#results", DataTable)
        table.clear()
        for r in shown:
            cells = plain_row(when(r), r.member, r.client, r.type.value.replace("_", " "),
                              r.outcome.value.replace("_", " "), ", ".join(r.tags))  # fmt: skip
            table.add_row(*cells, key=r.id)
        self.query_one("#count", Static).update(f"{len(shown)} of {len(self._all)} reflections")

    @on(DataTable.RowSelected, "#results")
    def open_reflection(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.app.push_screen(ReflectionDetailScreen(event.row_key.value))

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()
