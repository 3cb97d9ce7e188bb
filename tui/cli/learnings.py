"""`aftercall learnings`: what the team is learning over a period, as text or JSON."""

from __future__ import annotations

import json
from datetime import date

import click

from exports.insights_json import insights_to_dict
from exports.markdown_text import counted
from store.insights import (
    Extras,
    Insights,
    adherence,
    compute_insights,
    digest_records,
    extras_to_dict,
    full_learnings,
    period_extras,
    period_records,
)
from store.records import format_amount, json_safe
from store.storage import load_directory
from tui.cli.periods import period_options, resolve_period
from tui.cli.session import Session


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def learnings_text(i: Insights) -> str:
    """A terminal summary; the digest is the shareable long form."""
    lines = [f"{i.period.label} (as of {i.as_of.isoformat()})",
             f"  {counted(i.reflections, 'reflection')} by {counted(len(i.members), 'member')} "
             f"about {counted(len(i.clients), 'client')}"]  # fmt: skip
    for currency, cost in i.cost.items():
        lines.append(f"  cost absorbed: {format_amount(cost.total)} {currency}")
    lines.append(f"  all four parts covered: {_percent(adherence(i))}")
    if i.lag.median_days is not None:
        lines.append(f"  median response lag: {i.lag.median_days:g} days")
    if i.mood.mean_shift is not None:
        lines.append(f"  mean temperature shift: {i.mood.mean_shift:+g}")
    a = i.actions
    lines.append(f"  action items: {a.open} open, {a.overdue} overdue, {a.done} done")
    for title, themes in (("what worked", i.themes_worked), ("what to change", i.themes_change)):
        if themes:
            lines.append(f"  recurring in {title}: " + ", ".join(
                f"{t.shown} ({t.count})" for t in themes[:5]))  # fmt: skip
    for t in (*i.solo_worked, *i.solo_change)[:3]:
        lines.append(f'  one member\'s own: {t.members[0]} noted "{t.shown}" {t.count} times')
    for ask in i.client_asks[:5]:
        lines.append(f'  client ask, {ask.client}: "{ask.shown}" in {ask.count} conversations')
    for repeat in i.client_repeats[:5]:
        kind = repeat.type.replace("_", "-")
        lines.append(f"  {repeat.count} {kind} conversations with {repeat.client} "
                     f"since {repeat.since.isoformat()}")  # fmt: skip
    return "\n".join(lines)


@click.command("learnings")
@period_options
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)  # fmt: skip
@click.pass_obj
def learnings_command(
    session: Session,
    period: str | None,
    since: date | None,
    until: date | None,
    as_of: date | None,
    fmt: str,
) -> None:
    """The team's learnings for a period (default: this month)."""
    chosen, day = resolve_period(period, since, until, as_of, today=date.today())
    store = session.store()
    directory = load_directory(store.root)
    practices = store.practices()
    if fmt == "text":  # reads only the files that hold the period (issue 19)
        records, rest, problems = period_records(store, chosen, day)
        session.warn(problems)
        records = directory.canonical(records)
        rest = rest.renamed(directory.display) if directory.profiles else rest
        current = compute_insights(records, chosen, day, rest)
        click.echo(learnings_text(current) + practices_text(period_extras(current, practices)))
        return
    records, rest, problems = digest_records(store, chosen, day)  # the digest's files alone
    session.warn(problems)
    records = directory.canonical(records)  # a client's aliases count as the client
    rest = rest.renamed(directory.display) if directory.profiles else rest
    current, previous, extras = full_learnings(records, chosen, day, directory, practices, rest)
    data = insights_to_dict(current, previous) | extras_to_dict(extras)
    click.echo(json_safe(json.dumps(data, indent=2, ensure_ascii=False)))


def practices_text(e: Extras) -> str:
    """The practices part of the terminal summary: counts, adopted ones, next month."""
    lines = [""] if e.practices or e.next_month else []
    for s in e.practices[:8]:
        rate = "" if s.with_it.rate is None else f", resolved {s.with_it.rate:.0%} when used"
        lines.append(f'  practice "{s.practice.wording}": used {s.used}, missed {s.missed}{rate}')
    for c in e.next_month:
        lines.append(f"  next month: {c.text} (owner {c.owner or '-'}; {c.evidence})")
    return "\n".join(lines)
