"""What the learnings tabs a lead acts on show (practices, accounts at risk, drivers, next month,
the six-period trend), as rows of text from the same `Insights` and `Extras` the digest and
`aftercall learnings --format json` are made of. Pure: the screen only puts them in tables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from exports.digest_practices import resolved_text, with_data
from store import Outcome
from store.insights import Extras, Insights, Period, Trend
from store.records import format_amount
from tui.text_views import fit

WORDING_WIDTH = 48
"""A practice's wording in the table (up to 200 characters); the rest of the row must fit."""
BARS = "▁▂▃▄▅▆▇█"
NEW = "★"
"""Marks a practice adopted in this period or the one before: the digest reports how it did."""


def short_date(day: date) -> str:
    """ "5 Nov 2026": a table cell's date."""
    return f"{day.day} {day:%b %Y}"


def practice_rows(e: Extras) -> list[tuple[str, ...]]:
    """Wording, used, missed, members, resolved when used / when not, adopted (recently: ★)."""
    rows: list[tuple[str, ...]] = []
    for s in e.practices:
        at = s.practice.adopted_at
        adopted = "" if at is None else short_date(at.date())
        if adopted and s.adopted_recently:
            adopted = f"{NEW} {adopted}"
        rows.append((fit(s.practice.wording, WORDING_WIDTH), str(s.used), str(s.missed),
                     str(len(s.members)), resolved_text(s.with_it), resolved_text(s.without_it),
                     adopted))  # fmt: skip
    return rows


def account_rows(i: Insights) -> list[tuple[str, ...]]:
    """The digest's accounts at risk, least healthy first; the outcomes (the longest) last.
    The health rule's reasons are `account_reasons`, shown for the highlighted row."""
    rows: list[tuple[str, ...]] = []
    for a in i.accounts:
        moods = f"{a.mood_before or '-'} → {a.mood_after or '-'}"
        cost = ", ".join(f"{c} {format_amount(v)}" for c, v in a.cost.items()) or "-"
        follow = short_date(a.next_follow_up) if a.next_follow_up else "-"
        rows.append((a.client, a.health.label, moods, f"{a.overdue_ours} / {a.overdue_theirs}",
                     cost, a.repeated_ask or "-", follow,
                     ", ".join(Outcome(o).label for o in a.outcomes)))  # fmt: skip
    return rows


def account_reasons(i: Insights) -> list[str]:
    """Per account row, why: "Castell Retail, at risk: lost in the last 30 days; ..."."""
    return [f"{a.client}, {a.health.explained()}" for a in i.accounts]


def structure_rows(e: Extras) -> list[tuple[str, str]]:
    d = e.drivers
    return [("All four parts covered", resolved_text(d.all_four)),
            ("Not all four", resolved_text(d.not_all_four))]  # fmt: skip


def part_rows(e: Extras) -> list[tuple[str, str, str, str]]:
    """Per part, the most skipped first (as the digest lists them)."""
    return [(p.part, str(p.skipped), resolved_text(p.with_part), resolved_text(p.without_part))
            for p in e.drivers.parts]  # fmt: skip


def lag_rows(e: Extras) -> list[tuple[str, str]]:
    return [(bucket, resolved_text(r)) for bucket, r in e.drivers.by_lag.items()]


def most_skipped(e: Extras) -> str:
    p = e.drivers.most_skipped
    if p is None:
        return ""
    with_it, without = resolved_text(p.with_part), resolved_text(p.without_part)
    return (f"The part the team skips most: {p.part} (skipped in {p.skipped}; resolved "
            f"{with_it} with it, {without} without)")  # fmt: skip


def next_month_lines(e: Extras) -> list[tuple[str, str, str]]:
    """(commitment, owner, evidence) for each of the up to three commitments."""
    return [(c.text, c.owner or "-", c.evidence) for c in e.next_month]


@dataclass(frozen=True, slots=True)
class TrendLine:
    """One figure over the periods: `first` and `last` name the ends, `values` the line."""

    label: str
    first: str
    first_value: str
    values: tuple[float | None, ...]
    last_value: str
    last: str


def short_label(p: Period) -> str:
    """ "Jun 2026" for a month (a trend line's ends must be short); the period's label else."""
    return f"{p.start:%b %Y}" if p.kind == "month" else p.label


def spark(values: Sequence[float | None]) -> str:
    """One bar per value, lowest to highest; a period without the figure is a dot."""
    known = [v for v in values if v is not None]
    if not known:
        return "·" * len(values)
    low, high = min(known), max(known)
    top = len(BARS) - 1

    def bar(v: float) -> str:
        return BARS[top // 2 if high == low else round((v - low) / (high - low) * top)]

    return "".join("·" if v is None else bar(v) for v in values)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _num(value: float | None, sign: bool = False) -> str:
    return "-" if value is None else (f"{value:+g}" if sign else f"{value:g}")


def trend_lines(e: Extras, cost: Trend | None) -> list[TrendLine]:
    """The headline figures over the digest's trend periods (from the first with a reflection),
    and the cost absorbed over the same periods when `cost` has a currency."""
    points = with_data(e.trend)
    if not points:
        return []
    first, last = short_label(points[0].period), short_label(points[-1].period)

    def line(label: str, values: Sequence[float | None], shown: Sequence[str]) -> TrendLine:
        return TrendLine(label, first, shown[0], tuple(values), shown[-1], last)

    all_four = [p.all_four for p in points]
    resolved = [p.resolved for p in points]
    lag = [p.median_lag_days for p in points]
    mood = [p.mean_mood_shift for p in points]
    lines = [
        line("Reflections", [float(p.reflections) for p in points],
             [str(p.reflections) for p in points]),
        line("All four parts", all_four, [_pct(v) for v in all_four]),
        line("Resolved", resolved, [_pct(v) for v in resolved]),
        line("Median lag, days", lag, [_num(v) for v in lag]),
        line("Temperature shift", mood, [_num(v, sign=True) for v in mood]),
    ]  # fmt: skip
    if cost is not None and cost.currency:
        by_period = dict(zip(cost.periods, cost.cost, strict=True))
        amounts = [by_period.get(p.period, Decimal(0)) for p in points]
        lines.append(line(f"{cost.currency} absorbed", [float(a) for a in amounts],
                          [format_amount(a) for a in amounts]))  # fmt: skip
    return lines
