"""The monthly digest: the team's learnings as Markdown to paste into a wiki or send round.

Pure: the same insights give the same bytes, whenever and wherever rendered (the "as of" day,
never the wall clock, decides what is overdue). All user text goes through `markdown_text`, so
it can never add a heading, a table row or a link. Empty sections are left out, headings too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from exports.date_words import long_date
from exports.digest_charts import cost_by_week_chart, type_pie_chart
from exports.digest_practices import (
    drivers_section,
    next_month_section,
    practices_section,
    spikes,
    trends_section,
)
from exports.headline_text import headline_change, headline_value
from exports.markdown_text import block, cell, counted, inline
from store import ConversationType, CostKind, Outcome, Reflection
from store.insights import Extras, Insights, Theme, headlines
from store.records import format_amount

QUOTES = 3
APPENDIX_SNIPPET = 140
_LABELS = {
    "reflections": "Reflections",
    "members": "Members",
    "clients": "Clients",
    "structure_all_four": "All four parts covered",
    "median_response_lag_days": "Median response lag (days)",
    "mean_mood_shift": "Mean temperature shift",
}


def _summary(current: Insights, previous: Insights | None) -> list[str]:
    lines = ["## Summary", "", "| | This period | Previous period | Change |", "|---|--:|--:|--:|"]
    for h in headlines(current, previous):
        label = _LABELS.get(h.key) or f"Cost absorbed ({h.key.split('.', 1)[1]})"
        now, before = headline_value(h.key, h.value), headline_value(h.key, h.previous)
        lines.append(f"| {label} | {now} | {before} | {headline_change(h)} |")
    return lines


def _some(names: tuple[str, ...], most: int = 4) -> str:
    """A few names, then how many more: a theme across 50 members must stay one line."""
    shown = ", ".join(inline(n) for n in names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


def _themes(themes: Iterable[Theme]) -> list[str]:
    lines = []
    for t in themes:
        lines.append(f"- **{inline(t.shown)}**: {counted(t.count, 'reflection')}, "
                     f"{counted(len(t.members), 'member')} ({_some(t.members)}; "
                     f"{_some(t.clients)})")  # fmt: skip
        lines += _excerpts(t)
    return lines


def _solo(themes: Iterable[Theme]) -> list[str]:
    """One member's repeated phrase: worth a word with them, not yet the team's lesson."""
    lines = []
    for t in themes:
        lines.append(f"- {inline(t.members[0])} noted **{inline(t.shown)}** {t.count} times")
        lines += _excerpts(t)
    return lines


def _excerpts(theme: Theme) -> list[str]:
    """The sentences behind a theme, quoted under it (one that only repeats it is left out)."""
    return [
        f"  - “{inline(e.text)}” ({inline(e.member)}, {inline(e.client)})"
        for e in theme.excerpts
        if e.text.casefold().strip(" .") != theme.shown.casefold()
    ]


def _quote(text: str, r: Reflection) -> list[str]:
    body = block(text).split("\n")
    return [*("> " + line for line in body), f"> ({inline(r.member)}, {inline(r.client)})", ""]


def _best(records: Iterable[Reflection], field: str, prefer_resolved: bool) -> list[Reflection]:
    """Quotes worth reading: resolved conversations that turned around most, or the reverse."""
    with_text = [r for r in records if getattr(r, field).strip()]

    def rank(r: Reflection) -> tuple[int, int, str, str]:
        resolved = r.outcome.value == "resolved"
        shift = (r.mood_after or 0) - (r.mood_before or 0) if r.mood_before and r.mood_after else 0
        first = resolved if prefer_resolved else not resolved
        return (-int(first), -shift if prefer_resolved else shift,
                r.conversation_date.isoformat(), r.id)  # fmt: skip

    return sorted(with_text, key=rank)[:QUOTES]


def _learned(
    title: str,
    themes: tuple[Theme, ...],
    quotes: list[Reflection],
    field: str,
    solo: tuple[Theme, ...] = (),
) -> list[str]:
    if not themes and not quotes and not solo:
        return []
    lines = [f"## {title}", ""]
    if themes:
        lines += [*_themes(themes), ""]
    if solo:
        lines += ["One member's own, not yet the team's:", "", *_solo(solo), ""]
    for r in quotes:
        lines += _quote(getattr(r, field), r)
    return lines


def _yes_and(i: Insights) -> list[str]:
    if not i.yes_and:
        return []
    asks: dict[str, list[str]] = defaultdict(list)
    for ask in i.client_asks:
        asks[ask.client].append(f'"{inline(ask.shown)}" came up in {ask.count} conversations')
    intro = "What we owned, and what each client contributed or we need from them."
    lines = ["## Yes, AND", "", intro, ""]
    for entry in i.yes_and:
        lines += [f"### {inline(entry.client)}", ""]
        if entry.owned:
            lines += ["**Yes, we owned:**", ""]
            lines += [f"- {inline(text)} ({inline(member)})" for member, text in entry.owned]
            lines.append("")
        if entry.client_side:
            lines += ["**AND, from the client:**", ""]
            lines += [f"- {inline(text)} ({inline(member)})" for member, text in entry.client_side]
            lines.append("")
        for text in asks.get(entry.client, []):
            lines += [f"> Repeated ask: {text}.", ""]
    return lines


def _cost(i: Insights) -> list[str]:
    if not i.cost:
        return []
    lines = ["## Cost absorbed", ""]
    for currency, summary in i.cost.items():
        cross: dict[tuple[str, CostKind], Decimal] = defaultdict(Decimal)
        for r in i.in_period:
            if r.cost_absorbed is not None and r.cost_absorbed.currency == currency:
                cross[(r.client, r.cost_absorbed.kind)] += r.cost_absorbed.amount
        lines += [
            f"### {currency}",
            "",
            f"| Client | Kind | Amount ({currency}) |",
            "|---|---|--:|",
        ]
        for (client, kind), amount in sorted(cross.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"| {cell(client)} | {kind.label} | {format_amount(amount)} |")
        lines += [f"| **Total** | | **{format_amount(summary.total)}** |", ""]
    return lines


def _actions(i: Insights) -> list[str]:
    a = i.actions
    if not (a.open or a.done or a.overdue_items):
        return []
    lines = ["## Action items", "",
             f"As of {long_date(i.as_of)}: {a.open} open, {a.overdue} overdue, "
             f"{a.done} done this period.", "",
             "| Party | Open | Overdue | Done this period | Kept by the due date |",
             "|---|--:|--:|--:|--:|"]  # fmt: skip
    for party, p in a.by_party.items():
        rate = "-" if p.kept_rate is None else f"{p.kept:d} of {p.due:d} ({p.kept_rate:.0%})"
        name = "Us" if party == "us" else "Client"
        lines.append(f"| {name} | {p.open} | {p.overdue} | {p.done} | {rate} |")
    lines.append("")
    if a.overdue_items:
        lines += ["### Overdue", "", "| Due | Days late | Owner | Party | Client | Item |",
                  "|---|--:|---|---|---|---|"]  # fmt: skip
        for o in a.overdue_items:
            due = o.item.due.isoformat() if o.item.due else "-"
            who = f"{cell(o.item.owner)} | {o.item.party.value} | {cell(o.client)}"
            lines.append(f"| {due} | {o.days_late} | {who} | {cell(o.item.text)} |")
        lines.append("")
        if (more := a.overdue - len(a.overdue_items)) > 0:
            lines += [
                f"And {more:,} more overdue: `aftercall actions --overdue` lists them all.",
                "",
            ]
    return lines


def _follow_ups(i: Insights) -> list[str]:
    if not i.follow_ups:
        return []
    lines = ["## Follow-ups due", ""]
    for f in i.follow_ups:
        past = " (date passed)" if f.on < i.as_of else ""
        lines.append(f"- {long_date(f.on)}{past}: {inline(f.client)} ({inline(f.member)})")
    return [*lines, ""]


def _accounts(i: Insights) -> list[str]:
    """Accounts at risk (one row per client of the period, least healthy first, with the health
    rule's reasons), then the period's outcomes by client style."""
    lines: list[str] = []
    if i.accounts:
        lines += ["## Accounts at risk", "",
                  "| Client | Health | Why | Outcomes | Temperature | Cost absorbed "
                  "| Overdue (us / them) | Repeated ask | Next follow-up |",
                  "|---|---|---|---|--:|--:|--:|---|---|"]  # fmt: skip
        for a in i.accounts:
            moods = f"{a.mood_before or '-'} -> {a.mood_after or '-'}"
            cost = ", ".join(f"{c} {format_amount(v)}" for c, v in a.cost.items()) or "-"
            follow = long_date(a.next_follow_up) if a.next_follow_up else "-"
            ask = cell(a.repeated_ask) if a.repeated_ask else "-"
            lines.append(
                f"| {cell(a.client)} | {a.health.label} | {cell('; '.join(a.health.reasons))} "
                f"| {', '.join(Outcome(o).label for o in a.outcomes)} | {moods} | {cost} "
                f"| {a.overdue_ours} / {a.overdue_theirs} | {ask} "
                f"| {follow} |"
            )
        lines.append("")
    styles = {k: v for k, v in i.by_style.items() if v.conversations}
    if styles:
        lines += ["## By client style", "",
                  "| Style | Conversations | Clients | Resolved | Escalated, at risk or lost "
                  "| All four parts | Ended warmer |", "|---|--:|--:|--:|--:|--:|--:|"]  # fmt: skip
        for style, v in styles.items():
            bad = sum(v.outcomes.get(o, 0) for o in ("escalated", "at_risk", "lost"))
            lines.append(f"| {style} | {v.conversations} | {v.clients} "
                         f"| {v.outcomes.get('resolved', 0)} | {bad} | {v.all_four} "
                         f"| {v.turned_around} |")  # fmt: skip
        lines.append("")
    return lines


def _repeats(i: Insights) -> list[str]:
    flagged = spikes(i)
    if not i.client_repeats and not flagged:
        return []
    lines = ["## Repeat patterns", "", *flagged]
    if flagged and i.client_repeats:
        lines += ["", "Over the longer run:", ""]
    lines += [
        f"- {c.count} {ConversationType(c.type).label} conversations with {inline(c.client)} "
        f"since {long_date(c.since)}"
        for c in i.client_repeats
    ]
    return [*lines, ""]


def _snippet(r: Reflection) -> str:
    text = " ".join((r.yes_we_owned or r.what_worked or r.what_to_change).split())
    return text if len(text) <= APPENDIX_SNIPPET else text[: APPENDIX_SNIPPET - 1].rstrip() + "…"


def _appendix(i: Insights) -> list[str]:
    if not i.in_period:
        return []
    lines = ["## Appendix: every conversation", ""]
    for r in i.in_period:
        head = (f"{r.conversation_date:%d %b}: {inline(r.client)}, {r.type.label}, "
                f"{inline(r.member)}, {r.outcome.label}")  # fmt: skip
        snippet = _snippet(r)
        lines.append(f"- {head}" + (f". {inline(snippet)}" if snippet else ""))
    return [*lines, ""]


def _opening(i: Insights, previous: Insights | None) -> list[str]:
    return [f"# Team digest: {i.period.label}", "",
            f"{counted(i.reflections, 'hard conversation')}, "
            f"{counted(len(i.members), 'member')}, {counted(len(i.clients), 'client')}. "
            f"As of {long_date(i.as_of)}.", "", *_summary(i, previous), ""]  # fmt: skip


def _lead(e: Extras | None, charts: bool) -> list[str]:
    """What a team lead reads first (needs the team's practices, so only when given)."""
    if e is None:
        return []
    return [*drivers_section(e), *next_month_section(e), *practices_section(e),
            *trends_section(e, charts=charts)]  # fmt: skip


def _rest(i: Insights) -> list[str]:
    lines = _learned("What worked", i.themes_worked, _best(i.in_period, "what_worked", True),
                     "what_worked", i.solo_worked)  # fmt: skip
    lines += _learned("What to change", i.themes_change,
                      _best(i.in_period, "what_to_change", False), "what_to_change",
                      i.solo_change)  # fmt: skip
    for section in (_yes_and, _cost, _actions, _follow_ups, _accounts, _repeats, _appendix):
        lines += section(i)
    return lines


def _text(lines: list[str]) -> str:
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"


def render_digest(
    current: Insights,
    previous: Insights | None = None,
    *,
    charts: bool = False,
    extras: Extras | None = None,
) -> str:
    """The digest for `current`, compared with `previous` (the period before); with `extras`,
    the outcome drivers, next month's commitments, practices and trends follow the summary."""
    lines = _opening(current, previous)
    if charts and current.in_period:
        lines += type_pie_chart(current) + cost_by_week_chart(current)
    return _text(lines + _lead(extras, charts) + _rest(current))


def digest_parts(
    current: Insights, previous: Insights | None = None, extras: Extras | None = None
) -> tuple[str, str, str]:
    """The digest without charts, cut where the charts go: after the summary, and after the
    sections a lead reads first (where the trend chart goes). The HTML digest puts SVG there."""
    return (
        _text(_opening(current, previous)),
        _text(_lead(extras, charts=False)),
        _text(_rest(current)),
    )
