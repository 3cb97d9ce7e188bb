"""Learnings: what the team is learning over a period, with the change from the period before."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import (
    DataTable,
    Footer,
    Header,
    LoadingIndicator,
    Sparkline,
    Static,
    TabbedContent,
    TabPane,
)

from exports.headline_text import headline_change, headline_value
from store.insights import (
    Headline,
    Insights,
    Period,
    compute_with_previous,
    default_as_of,
    headlines,
    month_of,
    opening_period,
    quarter_of,
)
from store.records import format_amount
from tui.plain import plain_row
from tui.widgets.headline_row import Figure, HeadlineRow

TREND_PERIODS = 12
_LABELS = {
    "reflections": "reflections", "members": "members", "clients": "clients",
    "structure_all_four": "all four parts", "median_response_lag_days": "median lag (days)",
    "mean_mood_shift": "temperature shift",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class LearningsData:
    current: Insights
    previous: Insights
    conversations: list[float]
    cost: list[float]
    cost_currency: str | None


def _figure(h: Headline) -> Figure:
    label = _LABELS.get(h.key) or f"{h.key.split('.', 1)[1]} absorbed"  # currency first: kept
    change = headline_change(h)
    return Figure(label, headline_value(h.key, h.value), "" if change == "-" else change)


class LearningsScreen(Screen[None]):
    """Period picker, headline figures, trend sparklines and tables; loads in a worker."""

    BINDINGS = [
        Binding("left_square_bracket", "step(-1)", "Previous"),
        Binding("right_square_bracket", "step(1)", "Next"),
        Binding("m", "frame('month')", "Month"),
        Binding("q", "frame('quarter')", "Quarter"),
        Binding("t,home", "now", "Now"),
        Binding("e", "export", "Export"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    period: reactive[Period | None] = reactive(None)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="period-title", classes="section-title")
        yield LoadingIndicator(id="learnings-loading")
        with VerticalScroll(id="learnings-body"):
            yield HeadlineRow(id="headlines")
            with Horizontal(id="trends"):
                yield Static("Conversations", classes="trend-label")
                yield Sparkline([], id="trend-conversations")
                yield Static("", id="trend-cost-label", classes="trend-label")
                yield Sparkline([], id="trend-cost")
            with TabbedContent(id="learnings-tabs"):
                with TabPane("Themes", id="tab-themes"):
                    yield DataTable(id="themes", cursor_type="row")
                with TabPane("Client asks", id="tab-asks"):
                    yield DataTable(id="asks", cursor_type="row")
                with TabPane("Cost", id="tab-cost"):
                    yield DataTable(id="cost", cursor_type="row")
                with TabPane("Structure", id="tab-structure"):
                    yield DataTable(id="structure", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#themes", DataTable).add_columns("Phrase", "In", "Reflections", "Members")
        self.query_one("#asks", DataTable).add_columns("Client", "Ask", "Conversations")
        self.query_one("#cost", DataTable).add_columns("Currency", "Client", "Amount")
        self.query_one("#structure", DataTable).add_columns("Outcome", "All four parts", "Not all")
        self._settle_opening_period = True
        self.period = month_of(self.app.now().date())  # type: ignore[attr-defined]

    def watch_period(self, period: Period | None) -> None:
        if period is None:
            return
        as_of = default_as_of(period, self.app.now().date())  # type: ignore[attr-defined]
        self.query_one("#period-title", Static).update(
            f"{period.label}  ·  as of {as_of.isoformat()}   "
            "[dim]\\[ ] step · m this month · q this quarter · t now · e export[/]"
        )
        self.query_one("#learnings-loading").display = True
        self.load(period)

    def action_step(self, steps: int) -> None:
        self._settle_opening_period = False  # the user's choice stands over the opening guess
        if self.period is not None:
            self.period = self.period.shifted(steps)

    def action_frame(self, kind: str) -> None:
        """Months or quarters, at the one holding today, from wherever the user had stepped."""
        self._settle_opening_period = False  # the user's choice stands over the opening guess
        today = self.app.now().date()  # type: ignore[attr-defined]
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
        self.app.action_export(self.period)  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True, exit_on_error=False, description="Computing learnings")
    def load(self, period: Period) -> None:
        """Exclusive is right here: only the latest period asked for matters (reads only)."""
        store = self.app.store  # type: ignore[attr-defined]
        today = self.app.now().date()  # type: ignore[attr-defined]
        records = store.query()
        if self._settle_opening_period:
            busiest = opening_period(records, today)
            if busiest != period:  # nothing yet this month: open on the latest month with some
                self.app.call_from_thread(self._open_on, busiest)
                return
            self._settle_opening_period = False
        as_of = default_as_of(period, today)
        current, previous = compute_with_previous(records, period, as_of)
        history = [period.shifted(-n) for n in range(TREND_PERIODS - 1, -1, -1)]
        counts = dict.fromkeys(history, 0)
        currency = next(iter(current.cost), None)
        cost = {p: Decimal(0) for p in history}
        for r in records:
            for p in history:
                if p.contains(r.conversation_date):
                    counts[p] += 1
                    if currency and r.cost_absorbed and r.cost_absorbed.currency == currency:
                        cost[p] += r.cost_absorbed.amount
                    break
        data = LearningsData(current, previous, [float(counts[p]) for p in history],
                             [float(cost[p]) for p in history], currency)  # fmt: skip
        self.app.call_from_thread(self._show, data)

    def _show(self, data: LearningsData) -> None:
        i = data.current
        self.query_one("#learnings-loading").display = False
        self.query_one(HeadlineRow).show([_figure(h) for h in headlines(i, data.previous)])
        self.query_one("#trend-conversations", Sparkline).data = data.conversations
        self.query_one("#trend-cost", Sparkline).data = data.cost
        label = f"Cost ({data.cost_currency})" if data.cost_currency else "No cost absorbed"
        self.query_one("#trend-cost-label", Static).update(label)
        themes = self.query_one("#themes", DataTable)
        themes.clear()
        for field, rows in (("worked", i.themes_worked), ("change", i.themes_change),
                            ("client", i.themes_client)):  # fmt: skip
            for t in rows:
                themes.add_row(*plain_row(t.shown, field, t.count, ", ".join(t.members[:4])))
        asks = self.query_one("#asks", DataTable)
        asks.clear()
        for a in i.client_asks:
            asks.add_row(*plain_row(a.client, a.shown, a.count))
        cost = self.query_one("#cost", DataTable)
        cost.clear()
        for currency, summary in i.cost.items():
            for client, amount in summary.by_client.items():
                cost.add_row(*plain_row(currency, client, format_amount(amount)))
        structure = self.query_one("#structure", DataTable)
        structure.clear()
        s = i.structure
        for outcome in sorted(set(s.outcome_all_four) | set(s.outcome_not_all_four)):
            structure.add_row(outcome.replace("_", " "), s.outcome_all_four.get(outcome, 0),
                              s.outcome_not_all_four.get(outcome, 0))  # fmt: skip
