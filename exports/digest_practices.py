"""The digest's sections a team lead reads first: what drives outcomes, next month, practices,
trends, and this period's spikes. Pure, like the rest of the digest; practice wordings and
commitments quote team text, so they go through `markdown_text`.

*Accounts at risk* is not here yet: it needs the client health rule (store/insights/health.py).
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from exports.digest_charts import Chart
from exports.markdown_text import cell, inline
from store.insights import Extras, Insights, Resolved, TrendPoint

SPIKE = 2
SPIKE_TYPES = frozenset({"missed_deadline", "complaint", "escalation"})
"""Conversations whose repeat within a period is a warning; two renewal meetings are not."""
"""Conversations of one type with one client within the period that make a spike."""


def resolved_text(r: Resolved) -> str:
    """A resolved rate in words, "67% (2 of 3)" or "-" for none: the digest's and the app's."""
    return "-" if r.rate is None else f"{r.rate:.0%} ({r.resolved} of {r.total})"


def drivers_section(e: Extras) -> list[str]:
    d = e.drivers
    if not d.all_four.total and not d.not_all_four.total:
        return []
    lines = ["## What drives outcomes", "", "| | Resolved |", "|---|--:|",
             f"| All four parts covered | {resolved_text(d.all_four)} |",
             f"| Not all four | {resolved_text(d.not_all_four)} |", ""]  # fmt: skip
    skipped = d.most_skipped
    if skipped is not None:
        lines += [f"The part the team skips most: **{skipped.part}** (skipped in "
                  f"{skipped.skipped}; resolved {resolved_text(skipped.with_part)} with it, "
                  f"{resolved_text(skipped.without_part)} without).", ""]  # fmt: skip
    lines += ["| Part | Skipped | Resolved with it | Resolved without |", "|---|--:|--:|--:|"]
    lines += [f"| {p.part} | {p.skipped} | {resolved_text(p.with_part)} | "
              f"{resolved_text(p.without_part)} |" for p in d.parts]  # fmt: skip
    lines.append("")
    if d.by_lag:
        lines += ["| Response lag | Resolved |", "|---|--:|"]
        lines += [f"| {bucket} | {resolved_text(r)} |" for bucket, r in d.by_lag.items()]
        lines.append("")
    used = [s for s in e.practices if s.used]
    if used:
        lines += ["| Practice | Used | Resolved when used | Resolved when not |",
                  "|---|--:|--:|--:|"]  # fmt: skip
        lines += [f"| {cell(s.practice.wording)} | {s.used} | {resolved_text(s.with_it)} | "
                  f"{resolved_text(s.without_it)} |" for s in used[:8]]  # fmt: skip
        lines.append("")
    return lines


def next_month_section(e: Extras) -> list[str]:
    if not e.next_month:
        return []
    lines = ["## Next month", ""]
    for n, c in enumerate(e.next_month, start=1):
        owner = f" Owner: {inline(c.owner)}." if c.owner else ""
        lines.append(f"{n}. {inline(c.text)}.{owner} Evidence: {inline(c.evidence)}.")
    return [*lines, ""]


def practices_section(e: Extras) -> list[str]:
    if not e.practices:
        return []
    lines = ["## Practices", "", "| Practice | Used | Missed | Members |", "|---|--:|--:|--:|"]
    lines += [f"| {cell(s.practice.wording)} | {s.used} | {s.missed} | {len(s.members)} |"
              for s in e.practices]  # fmt: skip
    lines.append("")
    for s in e.practices:
        if s.adopted_recently and s.practice.adopted_at is not None:
            day = s.practice.adopted_at.date().isoformat()
            lines.append(f"- Adopted on {day}: **{inline(s.practice.wording)}** was used in "
                         f"{s.used} conversations (resolved {resolved_text(s.with_it)}; without it "
                         f"{resolved_text(s.without_it)}).")  # fmt: skip
    return lines if lines[-1] == "" else [*lines, ""]


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _num(value: float | None, sign: bool = False) -> str:
    return "-" if value is None else (f"{value:+g}" if sign else f"{value:g}")


def with_data(points: tuple[TrendPoint, ...]) -> tuple[TrendPoint, ...]:
    """The periods from the first that has a reflection: a young team's table does not open
    with empty months (the JSON keeps all six)."""
    first = next((n for n, p in enumerate(points) if p.reflections), len(points))
    return points[first:]


def trend_chart(points: tuple[TrendPoint, ...]) -> Chart:
    """The resolved rate over the periods, in whole percent (a chart of our own words only)."""
    bars = tuple((p.period.label, Decimal(round((p.resolved or 0) * 100))) for p in points)
    return Chart("Resolved, % of conversations", "%", bars)


def trends_section(e: Extras, *, charts: bool) -> list[str]:
    points = with_data(e.trend)
    if not points:
        return []
    lines = ["## Trends", "",
             "| Period | Reflections | All four parts | Resolved | Median lag (days) | "
             "Temperature shift |", "|---|--:|--:|--:|--:|--:|"]  # fmt: skip
    lines += [f"| {p.period.label} | {p.reflections} | {_pct(p.all_four)} | {_pct(p.resolved)} | "
              f"{_num(p.median_lag_days)} | {_num(p.mean_mood_shift, sign=True)} |"
              for p in points]  # fmt: skip
    lines.append("")
    if charts:
        chart = trend_chart(points)
        labels = ", ".join(f'"{label}"' for label, _ in chart.bars)
        values = ", ".join(f"{v:f}" for _, v in chart.bars)
        lines += ["```mermaid", "xychart-beta", f'    title "{chart.title}"',
                  f"    x-axis [{labels}]", '    y-axis "%" 0 --> 100', f"    line [{values}]",
                  "```", ""]  # fmt: skip
    return lines


def spikes(i: Insights) -> list[str]:
    """This period's spikes: several missed deadlines, complaints or escalations at one client."""
    counts = Counter((r.client, r.type.value) for r in i.in_period if r.type.value in SPIKE_TYPES)
    found = sorted(((n, c, t) for (c, t), n in counts.items() if n >= SPIKE),
                   key=lambda x: (-x[0], x[1].casefold(), x[2]))  # fmt: skip
    return [f"- **This period: {n} {t.replace('_', ' ')} conversations with {inline(c)}**"
            for n, c, t in found]  # fmt: skip
