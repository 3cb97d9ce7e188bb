"""The digest's charts as data, and as Mermaid (GitHub, GitLab and Obsidian draw it): conversation
types, and cost absorbed by week with one chart per currency. Labels are our own words and dates,
never user text, so nothing typed in a reflection can reach Mermaid's syntax; the HTML digest
draws the same data as inline SVG (`svg_charts`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from store.insights import Insights


@dataclass(frozen=True, slots=True)
class Chart:
    """One chart: a title, what the values count, and (label, value) pairs in display order."""

    title: str
    unit: str
    bars: tuple[tuple[str, Decimal], ...]


def types_chart(i: Insights) -> Chart:
    bars = tuple((kind.replace("_", " "), Decimal(count)) for kind, count in i.by_type.items())
    return Chart("Conversations by type", "conversations", bars)


def cost_by_week_charts(i: Insights) -> list[Chart]:
    """Per currency, the cost absorbed in each week (labelled by its Monday) of the period."""
    charts = []
    for currency in i.cost:
        weeks: dict[str, Decimal] = defaultdict(Decimal)
        day = i.period.start - timedelta(days=i.period.start.weekday())
        while day <= i.period.end:
            weeks[f"{day:%d %b}"] = Decimal(0)
            day += timedelta(days=7)
        for r in i.in_period:
            if r.cost_absorbed is not None and r.cost_absorbed.currency == currency:
                monday = r.conversation_date - timedelta(days=r.conversation_date.weekday())
                weeks[f"{monday:%d %b}"] += r.cost_absorbed.amount
        charts.append(Chart(f"Cost absorbed by week ({currency})", currency,
                            tuple(weeks.items())))  # fmt: skip
    return charts


def type_pie_chart(i: Insights) -> list[str]:
    chart = types_chart(i)
    lines = ["```mermaid", "pie showData", f"    title {chart.title}"]
    lines += [f'    "{label}" : {count}' for label, count in chart.bars]
    return [*lines, "```", ""]


def cost_by_week_chart(i: Insights) -> list[str]:
    lines: list[str] = []
    for chart in cost_by_week_charts(i):
        labels = ", ".join(f'"{label}"' for label, _ in chart.bars)
        values = ", ".join(f"{amount:f}" for _, amount in chart.bars)
        lines += ["```mermaid", "xychart-beta", f'    title "{chart.title}"',
                  f"    x-axis [{labels}]", f'    y-axis "{chart.unit}"', f"    bar [{values}]",
                  "```", ""]  # fmt: skip
    return lines
