"""Learnings: what the team is learning over a period, with the change from the period before."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import (
    DataTable,
    Header,
    LoadingIndicator,
    Static,
    TabbedContent,
    TabPane,
)

from exports.headline_text import headline_change, headline_value
from store import Outcome, StoreError
from store.insights import (
    Extras,
    Headline,
    Insights,
    Period,
    Theme,
    Trend,
    default_as_of,
    full_learnings,
    headlines,
    month_of,
    opening_period,
    quarter_of,
    trend,
)
from store.records import Vocabulary, format_amount
from store.storage import adopt_practice, load_directory
from tui import learnings_rows as rows
from tui.messages import Change, StoreChanged
from tui.plain import plain, plain_row
from tui.screens.adopt_practice_dialog import Adoption, AdoptPracticeDialog
from tui.screens.app_screen import AppScreen
from tui.widgets.headline_row import Figure, HeadlineRow
from tui.widgets.steady_footer import SteadyFooter
from tui.widgets.trend_lines import TrendLines

TREND_PERIODS = 6
"""The digest's trend: this period and the five before it."""
ADOPTABLE = ("worked", "change")
"""Themes a practice can come from; a client's theme is what they ask of us."""

_LABELS = {
    "reflections": "reflections", "members": "members", "clients": "clients",
    "structure_all_four": "all four parts", "median_response_lag_days": "median lag (days)",
    "mean_mood_shift": "temperature shift",
}  # fmt: skip


def _figure(h: Headline) -> Figure:
    label = _LABELS.get(h.key) or f"{h.key.split('.', 1)[1]} absorbed"  # currency first: kept
    change = headline_change(h)
    return Figure(label, headline_value(h.key, h.value), "" if change == "-" else change)


class LearningsScreen(AppScreen[None]):
    """Period picker, headline figures, trend lines and tables; loads in a worker."""

    BINDINGS = [
        Binding("left_square_bracket", "step(-1)", "Previous"),
        Binding("right_square_bracket", "step(1)", "Next"),
        Binding("m", "frame('month')", "Month"),
        Binding("q", "frame('quarter')", "Quarter"),
        Binding("t,home", "now", "Now"),
        Binding("e", "export", "Export"),
        Binding("p", "adopt", "Adopt as practice"),
        Binding("escape", "app.home", "Home"),
    ]

    period: reactive[Period | None] = reactive(None)

    def __init__(self) -> None:
        super().__init__()
        self._themes: list[tuple[str, Theme]] = []
        """The themes table's rows: the field each came from, and the theme."""
        self._vocabulary: Vocabulary | None = None
        self._reasons: list[str] = []
        """Why each account row has its health, shown for the highlighted one."""
        self._adopting: set[str] = set()
        """Phrases whose adoption is being written: a second `p` waits for the first."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="period-title", classes="section-title")
        yield LoadingIndicator(id="learnings-loading")
        with VerticalScroll(id="learnings-body"):
            yield HeadlineRow(id="headlines")
            yield TrendLines(id="trend-lines")
            with TabbedContent(id="learnings-tabs"):
                with TabPane("Themes", id="tab-themes"):
                    yield DataTable(id="themes", cursor_type="row")
                with TabPane("Practices", id="tab-practices"):
                    yield DataTable(id="practices", cursor_type="row")
                with TabPane("Accounts at risk", id="tab-accounts"), Vertical(id="accounts-pane"):
                    yield DataTable(id="accounts", cursor_type="row")
                    yield Static("", id="account-why")
                with TabPane("Drivers", id="tab-drivers"), Vertical(id="drivers"):
                    yield DataTable(id="drivers-structure", cursor_type="row")
                    yield Static("", id="drivers-skipped")
                    yield DataTable(id="drivers-parts", cursor_type="row")
                    yield DataTable(id="drivers-lag", cursor_type="row")
                with TabPane("Next month", id="tab-next"):
                    yield Static("", id="next-month")
                with TabPane("Client asks", id="tab-asks"):
                    yield DataTable(id="asks", cursor_type="row")
                with TabPane("Cost", id="tab-cost"):
                    yield DataTable(id="cost", cursor_type="row")
                with TabPane("Structure", id="tab-structure"):
                    yield DataTable(id="structure", cursor_type="row")
        yield SteadyFooter()

    def on_mount(self) -> None:
        columns = {
            "#themes": ("Phrase", "In", "Reflections", "Members"),
            "#practices": ("Practice", "Used", "Missed", "Members", "Resolved used",
                           "Resolved not", "Adopted"),
            "#accounts": ("Client", "Health", "Temperature", "Overdue us / them", "Cost absorbed",
                          "Repeated ask", "Next follow-up", "Outcomes"),
            "#drivers-structure": ("Conversations", "Resolved"),
            "#drivers-parts": ("Part", "Skipped", "Resolved with it", "Resolved without"),
            "#drivers-lag": ("Response lag", "Resolved"),
            "#asks": ("Client", "Ask", "Conversations"),
            "#cost": ("Currency", "Client", "Amount"),
            "#structure": ("Outcome", "All four parts", "Not all"),
        }  # fmt: skip
        for selector, names in columns.items():
            self.query_one(selector, DataTable).add_columns(*names)
        self._settle_opening_period = True
        self.period = month_of(self.services.now().date())

    def watch_period(self, period: Period | None) -> None:
        if period is None:
            return
        as_of = default_as_of(period, self.services.now().date())
        self.query_one("#period-title", Static).update(
            f"{period.label}  ·  as of {as_of.isoformat()}   "
            "[dim]\\[ ] step · m this month · q this quarter · t now · e export[/]"
        )
        self.query_one("#learnings-loading").display = True
        self.load(period)

    def reload(self) -> None:
        if self.period is not None:
            self.load(self.period)

    def action_step(self, steps: int) -> None:
        self._settle_opening_period = False  # the user's choice stands over the opening guess
        if self.period is not None:
            self.period = self.period.shifted(steps)

    def action_frame(self, kind: str) -> None:
        """Months or quarters, at the one holding today, from wherever the user had stepped."""
        self._settle_opening_period = False  # the user's choice stands over the opening guess
        today = self.services.now().date()
        self.period = month_of(today) if kind == "month" else quarter_of(today)

    def action_now(self) -> None:
        """Back to now, in the frame being read: this month, or this quarter."""
        kind = "quarter" if self.period is not None and self.period.kind == "quarter" else "month"
        self.action_frame(kind)

    def _open_on(self, busiest: Period) -> None:
        """The opening guess, unless a key pressed while it was computed chose a period."""
        if self._settle_opening_period:
            self._settle_opening_period = False
            self.period = busiest

    def action_export(self) -> None:
        self.services.action_export(self.period)

    @work(thread=True, exclusive=True, exit_on_error=False, description="Computing learnings")
    def load(self, period: Period) -> None:
        """Exclusive is right here: only the latest period asked for matters (reads only).

        The same steps as `aftercall learnings --format json` and the digest: a client's aliases
        count as the client, each account reads its whole history, the extras read every record.
        """
        today = self.services.now().date()
        store = self.services.store
        directory = load_directory(store.root)
        records = directory.canonical(store.query())
        if self._settle_opening_period:
            busiest = opening_period(records, today)
            if busiest != period:  # nothing yet this month: open on the latest month with some
                self.post_message(self.Reopen(busiest))
                return
            self._settle_opening_period = False
        as_of = default_as_of(period, today)
        practices = store.practices()
        current, previous, extras = full_learnings(records, period, as_of, directory, practices)
        currency = next(iter(current.cost), None)
        cost = trend(records, period, currency, periods=TREND_PERIODS)
        self.post_message(self.Loaded(current, previous, extras, cost, practices))

    @dataclass
    class Reopen(Message):
        period: Period

    def on_learnings_screen_reopen(self, event: Reopen) -> None:
        self._open_on(event.period)

    @dataclass
    class Loaded(Message):
        current: Insights
        previous: Insights
        extras: Extras
        cost: Trend
        """Cost absorbed in the period's first currency over the trend's periods."""
        practices: Vocabulary

    def on_learnings_screen_loaded(self, data: Loaded) -> None:
        i, e = data.current, data.extras
        if i.period != self.period:
            return  # a cancelled load of a period stepped past still finished: not this one
        self._vocabulary = data.practices
        self.query_one("#learnings-loading").display = False
        self.query_one(HeadlineRow).show([_figure(h) for h in headlines(i, data.previous)])
        self.query_one(TrendLines).show(rows.trend_lines(e, data.cost))
        self._show_themes(i)
        self._fill("#practices", rows.practice_rows(e))
        self._fill("#accounts", rows.account_rows(i))
        self._reasons = rows.account_reasons(i)
        self._show_why(self.query_one("#accounts", DataTable).cursor_row)
        self._fill("#drivers-structure", rows.structure_rows(e))
        self.query_one("#drivers-skipped", Static).update(plain(rows.most_skipped(e)))
        self._fill("#drivers-parts", rows.part_rows(e))
        self._fill("#drivers-lag", rows.lag_rows(e))
        self.query_one("#next-month", Static).update(_next_month(e))
        self._fill("#asks", [(a.client, a.shown, a.count) for a in i.client_asks])
        self._fill("#cost", [(currency, client, format_amount(amount))
                             for currency, summary in i.cost.items()
                             for client, amount in summary.by_client.items()])  # fmt: skip
        s = i.structure
        self._fill("#structure", [
            (Outcome(outcome).label, s.outcome_all_four.get(outcome, 0),
             s.outcome_not_all_four.get(outcome, 0))
            for outcome in sorted(set(s.outcome_all_four) | set(s.outcome_not_all_four))
        ])  # fmt: skip

    def _fill(self, selector: str, table_rows: Sequence[Sequence[object]]) -> None:
        table = self.query_one(selector, DataTable)
        table.clear()
        for row in table_rows:
            table.add_row(*plain_row(*row))

    @on(DataTable.RowHighlighted, "#accounts")
    def _account_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_why(event.cursor_row)

    def _show_why(self, row: int) -> None:
        why = self._reasons[row] if 0 <= row < len(self._reasons) else ""
        self.query_one("#account-why", Static).update(plain(why))

    def _show_themes(self, i: Insights) -> None:
        self._themes = [(field, t) for field, themes in (
            ("worked", i.themes_worked), ("change", i.themes_change), ("client", i.themes_client)
        ) for t in themes]  # fmt: skip
        self._fill("#themes", [(t.shown, field, t.count, ", ".join(t.members[:4]))
                               for field, t in self._themes])  # fmt: skip

    # --- adopting a theme as a practice ------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`p` belongs to the Themes tab: elsewhere it is off and out of the footer."""
        if action == "adopt":
            tabs = self.query(TabbedContent)
            return bool(tabs) and tabs.first().active == "tab-themes"
        return super().check_action(action, parameters)

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self.refresh_bindings()

    def action_adopt(self) -> None:
        table = self.query_one("#themes", DataTable)
        if self._vocabulary is None or not 0 <= table.cursor_row < len(self._themes):
            self.notify("Highlight a theme to adopt first", title="Adopt as practice")
            return
        field, theme = self._themes[table.cursor_row]
        if field not in ADOPTABLE:
            self.notify("A client's theme is what they ask of us; practices come from what "
                        "worked and what to change", title="Adopt as practice")  # fmt: skip
            return
        found = self._vocabulary.by_phrase(theme.phrase)
        if found is not None or theme.phrase in self._adopting:
            wording = found.wording if found is not None else theme.shown
            self.notify(f"“{theme.shown}” is already a practice: {wording}",
                        title="Adopt as practice", markup=False)  # fmt: skip
            return
        dialog = AdoptPracticeDialog(theme.phrase, theme.shown, self._vocabulary)
        self.app.push_screen(dialog, self._adopt_chosen)

    def _adopt_chosen(self, choice: Adoption | None) -> None:
        if choice is not None and choice.phrase not in self._adopting:
            self._adopting.add(choice.phrase)
            self.adopt(choice)

    @work(thread=True, exit_on_error=False, description="Adopting a practice")
    def adopt(self, choice: Adoption) -> None:
        """Never exclusive: a write is never cancelled. The store checks again under its lock
        that the theme is not a practice yet, so two quick adoptions write one."""
        try:
            adopt_practice(self.services.store, choice.wording, list(choice.types), choice.phrase)
        except StoreError as error:
            self.notify(str(error), title="Not adopted", severity="warning", markup=False)
        else:
            self.notify(f"Adopted “{choice.wording}” as a practice", title="Adopt as practice",
                        markup=False)  # fmt: skip
            self.app.post_message(StoreChanged(Change.PRACTICE_ADOPTED))
        self.post_message(self.Adopted(choice.phrase))

    @dataclass
    class Adopted(Message):
        """The write of `phrase`'s adoption is over (done or refused)."""

        phrase: str

    def on_learnings_screen_adopted(self, event: Adopted) -> None:
        self._adopting.discard(event.phrase)


def _next_month(e: Extras) -> Text:
    """The commitments numbered, each with its owner and evidence on the line below."""
    if not e.next_month:
        return Text("No commitments: nothing in the period points to one.", style="dim")
    parts: list[Text] = []
    for n, (text, owner, evidence) in enumerate(rows.next_month_lines(e), start=1):
        parts.append(Text.assemble(f"{n}. ", (plain(text).plain, "bold"), "\n   ",
                                   ("Owner: ", "dim"), plain(owner).plain, ("   Evidence: ", "dim"),
                                   plain(evidence).plain))  # fmt: skip
    return Text("\n\n").join(parts)
