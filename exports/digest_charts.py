"""Mermaid charts for the digest (GitHub, GitLab and Obsidian draw them): conversation types as a
pie, cost absorbed by week as bars, one chart per currency. Labels are our own words and dates,
never user text, so nothing typed in a reflection can reach Mermaid's syntax."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from store import ConversationType
from store.learnings import Insights


def type_pie_chart(i: Insights) -> list[str]:
    lines = ["```mermaid", "pie showData", "    title Conversations by type"]
    lines += [
        f'    "{ConversationType(kind).label}" : {count}' for kind, count in i.by_type.items()
    ]
    return [*lines, "```", ""]


def cost_by_week_chart(i: Insights) -> list[str]:
    lines: list[str] = []
    for currency in i.cost:
        weeks: dict[str, Decimal] = defaultdict(Decimal)
        start = i.period.start - timedelta(days=i.period.start.weekday())
        day = start
        while day <= i.period.end:
            weeks[f"{day:%d %b}"] = Decimal(0)
            day += timedelta(days=7)
        for r in i.in_period:
            if r.cost_absorbed is not None and r.cost_absorbed.currency == currency:
                monday = r.conversation_date - timedelta(days=r.conversation_date.weekday())
                weeks[f"{monday:%d %b}"] += r.cost_absorbed.amount
        labels = ", ".join(f'"{label}"' for label in weeks)
        values = ", ".join(f"{amount:f}" for amount in weeks.values())
        lines += ["```mermaid", "xychart-beta",
                  f'    title "Cost absorbed by week ({currency})"',
                  f"    x-axis [{labels}]", f'    y-axis "{currency}"', f"    bar [{values}]",
                  "```", ""]  # fmt: skip
    return lines
