"""Browse every reflection: filter by member, client, type, outcome, tag and dates (typed as
said: "last monday", "yesterday"); search as you type."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Header, Input, Select, Static
from textual.worker import get_current_worker

from store import ConversationType, Outcome, Reflection, ReflectionFilter
from tui.form_fields import choices
from tui.plain import plain_row
from tui.screens.app_screen import AppScreen
from tui.screens.reflection_detail_screen import ReflectionDetailScreen
from tui.text_views import when
from tui.widgets.date_input import DateInput
from tui.widgets.steady_footer import SteadyFooter
from tui.widgets.steady_input import SteadyInput

_ANY = Select.NULL
_COLUMNS = (("When", 16), ("Member", 24), ("Client", 28), ("Type", 16), ("Outcome", 12),
            ("Tags", 40))  # fmt: skip
"""Each column's header and the most it widens to fit its cells."""
SEARCH_PAUSE = 0.25
"""Seconds of no typing before a search of a large store starts."""
QUICK_SEARCH = 5_000
"""Up to this many reflections a search is instant, so it runs on every key."""
SHOWN = 500
"""Rows the table holds: the newest matches. Filling a table with 100k rows takes seconds, and
nobody scrolls that far; the count says how many more a narrower search would reach."""


class ReflectionsScreen(AppScreen[None]):
    """Opens with the results focused, so the section keys (l, b, a) the footer shows still
    work; `/` goes to the search box, and enter or escape there comes back to the results."""

    BINDINGS = [
        Binding("slash", "focus_search", "Search"),
        Binding("c", "client", "Client page"),
        Binding("escape", "back", "Home"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._all: list[Reflection] = []
        self._clients: dict[str, str] = {}
        """Each shown row's client, by reflection id, for c."""
        self._asked = 0
        """How many searches were asked for: a slower, older one must not overwrite a newer."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="search-row"):
            yield SteadyInput(placeholder="Search the text of every reflection…", id="search")
            clock = self.services.now
            yield DateInput(placeholder="Since (last monday)", id="since", clock=clock,
                            day_only=True)  # fmt: skip
            yield DateInput(placeholder="Until (yesterday)", id="until", clock=clock,
                            day_only=True)  # fmt: skip
        with Horizontal(id="filters"):
            yield Select[str]([], prompt="Any member", id="member")
            yield Select[str]([], prompt="Any client", id="client")
            yield Select[str](choices(ConversationType), prompt="Any type", id="type")
            yield Select[str](choices(Outcome), prompt="Any outcome", id="outcome")
            yield Select[str]([], prompt="Any tag", id="tag")
        yield Static("", id="count", classes="section-title")
        yield DataTable(id="results", cursor_type="row", zebra_stripes=True)
        yield SteadyFooter()

    def on_mount(self) -> None:
        self._set_columns([])
        self.query_one("#results", DataTable).focus()
        self.load()

    def reload(self) -> None:
        self.load()  # the filters stay as they are

    @work(thread=True, exit_on_error=False, description="Loading reflections")
    def load(self) -> None:
        self.post_message(self.Loaded(self.services.store.query()))

    @dataclass
    class Loaded(Message):
        records: list[Reflection]

    def on_reflections_screen_loaded(self, event: Loaded) -> None:
        records = event.records
        self._all = records
        for name, values in (
            ("member", {r.member for r in records}),
            ("client", {r.client for r in records}),
            ("tag", {t for r in records for t in r.tags}),
        ):
            select: Select[str] = self.query_one(f"#{name}", Select)
            kept = select.value
            select.set_options((v, v) for v in sorted(values, key=str.casefold))
            if isinstance(kept, str) and kept in values:
                select.value = kept  # a reload (a save, a sync) keeps the filter chosen
        self.refilter()

    def _criteria(self) -> ReflectionFilter:
        def chosen(name: str) -> str | None:
            value = self.query_one(f"#{name}", Select).value
            return None if value is _ANY else str(value)

        kind, outcome = chosen("type"), chosen("outcome")
        since, until = (
            self.query_one(f"#{name}", DateInput).resolved for name in ("since", "until")
        )
        return ReflectionFilter(
            since=since if isinstance(since, date) else None,
            until=until if isinstance(until, date) else None,
            member=chosen("member"),
            client=chosen("client"),
            type=ConversationType(kind) if kind else None,
            outcome=Outcome(outcome) if outcome else None,
            tag=chosen("tag"),
            text=self.query_one("#search", Input).value.strip() or None,
        )

    @on(Input.Changed, "#search, #since, #until")
    @on(Select.Changed)
    def refilter(self) -> None:
        """Search once typing pauses: each key would otherwise start a pass over the store."""
        self._asked += 1
        if len(self._all) <= QUICK_SEARCH:
            self.search(self._criteria(), self._asked)
        else:
            self.set_timer(SEARCH_PAUSE, partial(self._search_if_latest, self._asked))

    def _search_if_latest(self, asked: int) -> None:
        """A timer's search, unless a key pressed since has asked for a newer one."""
        if asked == self._asked:
            self.search(self._criteria(), asked)

    @work(thread=True, exclusive=True, exit_on_error=False, description="Searching")
    def search(self, where: ReflectionFilter, asked: int) -> None:
        """Off the UI thread: a search through 100k reflections must not stall the typing.

        A newer search cancels this one, and it stops at its next check instead of finishing.
        """
        worker = get_current_worker()
        shown: list[Reflection] = []
        total = 0
        for n, r in enumerate(self._all):
            if n % 2_000 == 0 and (worker.is_cancelled or asked != self._asked):
                return
            if where.matches(r):
                total += 1
                if total <= SHOWN:
                    shown.append(r)
        self.post_message(self.Found(shown, total, asked))

    @dataclass
    class Found(Message):
        shown: list[Reflection]
        total: int
        asked: int

    def on_reflections_screen_found(self, event: Found) -> None:
        shown, total, asked = event.shown, event.total, event.asked
        if asked != self._asked:
            return
        rows = [
            plain_row(when(r), r.member, r.client, r.type.label, r.outcome.label, ", ".join(r.tags))
            for r in shown
        ]
        table = self._set_columns(rows)
        self._clients = {r.id: r.client for r in shown}
        for r, cells in zip(shown, rows, strict=True):
            table.add_row(*cells, key=r.id)
        count = f"{total:,} of {len(self._all):,} reflections"
        for name in ("since", "until"):
            field = self.query_one(f"#{name}", DateInput)
            if field.error:
                count = f"{name.capitalize()}: {field.error} ({count}, without it)"
        if total > len(shown):
            count += f" (the newest {len(shown):,} shown: search or filter to reach the rest)"
        self.query_one("#count", Static).update(count)

    def _set_columns(self, rows: list[tuple[Text, ...]]) -> DataTable[Text]:
        """An empty table whose columns fit what is about to be shown.

        The widths are set here, from the cells, rather than left to the table's own sizing,
        which happens on a later idle pass and could leave a first paint cut to the headers.
        """
        table: DataTable[Text] = self.query_one("#results", DataTable)
        table.clear(columns=True)
        for index, (label, widest) in enumerate(_COLUMNS):
            width = max([len(label), *(cells[index].cell_len for cells in rows)])
            table.add_column(label, width=min(width, widest))
        return table

    @on(DataTable.RowSelected, "#results")
    def open_reflection(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.app.push_screen(ReflectionDetailScreen(event.row_key.value))

    def action_client(self) -> None:
        """The page of the client on the row under the cursor."""
        table = self.query_one("#results", DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            if key in self._clients:
                self.services.open_client(self._clients[key])

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    @on(Input.Submitted, "#search")
    def to_results(self) -> None:
        self.query_one("#results", DataTable).focus()

    def action_back(self) -> None:
        """From the search box, back to the results; from the results, home."""
        if isinstance(self.focused, Input):
            self.to_results()
        else:
            self.services.action_home()
