"""Commands about clients as people: their profiles, the briefing before a call, due work."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from exports.briefing import BRIEFING_RENDERERS
from exports.calendar_ics import render_calendar
from store import ConversationType, Reflection, StoreError
from store.insights import (
    build_briefing,
    due_entries,
    due_soon,
    in_range,
    records_of,
    team_cost_norm,
)
from store.records import ClientDirectory, ClientProfile, Contact, Style, neutralise
from store.storage import clean_text, edit_profile, load_directory, read_profile_events
from tui.cli.dates import DAY
from tui.cli.exporting import emit, output_option
from tui.cli.session import Session
from tui.guidance import conversation_guidance

DUE_LINES = 8
"""Entries `aftercall due` prints (the oldest first): a shell prompt or login wants a few lines."""


def _directory(session: Session) -> ClientDirectory:
    store = session.store()
    session.warn_problems()
    for problem in read_profile_events(store.root).problems:
        click.echo(f"aftercall: warning: {neutralise(problem, one_line=True)}", err=True)
    return load_directory(store.root)


def _today(as_of: date | None) -> date:
    return in_range(as_of, "as-of") if as_of else date.today()


def _guidance() -> dict[str, str]:
    return conversation_guidance(kind.value for kind in ConversationType)


def _known_client(session: Session, directory: ClientDirectory, name: str) -> None:
    """Refuse a name that is neither a profile nor a client of any reflection."""
    if directory.resolve(name) is None and not records_of(directory, name, session.store().all()):
        raise StoreError(f"NAME: no client or profile is called {name!r}")


@click.command("prep")
@click.argument("client", metavar="CLIENT")
@click.option("--format", "fmt", type=click.Choice(list(BRIEFING_RENDERERS)), default="text",
              show_default=True)  # fmt: skip
@click.option("--as-of", type=DAY, help='Judge promises on this day ("yesterday", 2026-10-31).')
@output_option
@click.pass_obj
def prep_command(
    session: Session, client: str, fmt: str, as_of: date | None, output: Path | None
) -> None:
    """What to know before calling CLIENT, in one screen."""
    today = _today(as_of)
    directory = _directory(session)
    _known_client(session, directory, client)
    records = session.store().all()
    groups: dict[str, list[Reflection]] = {}
    for r in records:
        groups.setdefault(directory.key(r.client), []).append(r)
    norm = team_cost_norm(groups.values(), today)
    briefing = build_briefing(client, records, directory, today, _guidance(), norm)
    emit(BRIEFING_RENDERERS[fmt](briefing), output)


@click.command("due")
@click.option("--mine", is_flag=True, help="Only what you owe: your items and follow-ups.")
@click.option("--as-of", type=DAY, help='Judge lateness on this day ("yesterday", 2026-10-31).')
@click.pass_obj
def due_command(session: Session, mine: bool, as_of: date | None) -> int:
    """What is due or overdue, in a few lines; exit status 1 when anything is overdue."""
    today = _today(as_of)
    directory = _directory(session)
    member = session.store().member if mine else None
    entries = due_soon(due_entries(session.store().all(), directory, today, member=member), today)
    overdue = [e for e in entries if e.on < today]
    if not entries:
        click.echo("nothing due in the next 7 days")
        return 0
    click.echo(f"{len(overdue)} overdue, {len(entries) - len(overdue)} due within 7 days")
    for e in entries[:DUE_LINES]:
        when = f"{e.days_late(today)}d late" if e.on < today else (
            "today" if e.on == today else e.on.isoformat())  # fmt: skip
        owner = f" ({e.owner})" if e.owner and e.item is not None else ""
        click.echo(neutralise(f"  {when:>10}  {e.client}: {e.what}{owner}", one_line=True))
    if len(entries) > DUE_LINES:
        click.echo(f"  and {len(entries) - DUE_LINES} more: `aftercall actions` lists every item")
    return 1 if overdue else 0


@click.command("calendar")
@click.option("--mine", is_flag=True, help="Only what you owe: your items and follow-ups.")
@click.option("--as-of", type=DAY, help="Leave out follow-ups held by this day.")
@output_option
@click.pass_obj
def calendar_command(session: Session, mine: bool, as_of: date | None, output: Path | None) -> None:
    """An iCalendar file of open action items' due dates and follow-ups (--output due.ics)."""
    today = _today(as_of)
    directory = _directory(session)
    member = session.store().member if mine else None
    emit(render_calendar(due_entries(session.store().all(), directory, today, member=member)),
         output)  # fmt: skip


def _profile_text(profile: ClientProfile) -> str:
    lines = [profile.name]
    if profile.aliases:
        lines.append(f"  also:     {', '.join(profile.aliases)}")
    lines.append(f"  style:    {profile.style.value}: {profile.style_hint}")
    lines.append(f"  channel:  {profile.channel.replace('_', ' ') or 'not known yet'}")
    lines.append(f"  approver: {profile.approver or 'not known yet'}")
    for c in profile.contacts:
        extra = ", ".join(x for x in (c.role, c.style.value, c.email) if x)
        lines.append(f"  contact:  {c.name}" + (f" ({extra})" if extra else ""))
    return "\n".join(neutralise(line, one_line=True) for line in lines)


@click.group("client")
def client_group() -> None:
    """Client profiles: style, preferred channel, approver, aliases and contacts."""


@client_group.command("show")
@click.argument("name", metavar="NAME")
@click.pass_obj
def client_show(session: Session, name: str) -> None:
    """Show the profile of NAME (its name or any alias)."""
    directory = _directory(session)
    profile = directory.resolve(name)
    if profile is None:
        _known_client(session, directory, name)
        click.echo(f"{neutralise(name, one_line=True)}: no profile yet; "
                   "`aftercall client set NAME --style ...` starts one")  # fmt: skip
        return
    click.echo(_profile_text(profile))


@client_group.command("set")
@click.argument("name", metavar="NAME")
@click.option("--style", help="analytical, emotional, assertive or unknown.")
@click.option("--channel", help="Preferred channel for serious topics (call, video, ...).")
@click.option("--approver", help="Who signs off on the client's side.")
@click.option(
    "--alias", "aliases", multiple=True, help="Another name for this client (repeatable)."
)
@click.pass_obj
def client_set(
    session: Session, name: str, style: str | None, channel: str | None, approver: str | None,
    aliases: tuple[str, ...],
) -> None:  # fmt: skip
    """Set parts of NAME's profile (created on first use)."""
    if style is None and channel is None and approver is None and not aliases:
        raise StoreError("client set: give at least one of --style, --channel, --approver, --alias")
    store = session.store(writing=True)
    profile = edit_profile(store, name, style=style, channel=channel, approver=approver,
                           aliases=aliases)  # fmt: skip
    click.echo(_profile_text(profile))


@client_group.command("contact")
@click.argument("name", metavar="NAME")
@click.option("--name", "person", required=True, help="The contact's name.")
@click.option("--role", default="", help="Their role at the client.")
@click.option("--style", default="unknown", help="analytical, emotional, assertive or unknown.")
@click.option("--email", default="", help="Their e-mail address (optional).")
@click.pass_obj
def client_contact(
    session: Session, name: str, person: str, role: str, style: str, email: str
) -> None:
    """Add or update a contact of NAME (matched by the contact's name)."""
    try:
        chosen = Style(style.strip().lower())
    except ValueError:
        raise StoreError(f"--style: {style!r} is not one of "
                         f"{', '.join(s.value for s in Style)}") from None  # fmt: skip
    address = clean_text(email, "--email", empty_ok=True)
    if address and ("@" not in address or " " in address):
        raise StoreError(f"--email: {email!r} is not an e-mail address")
    contact = Contact(clean_text(person, "--name"), clean_text(role, "--role", empty_ok=True),
                      chosen, address)  # fmt: skip
    profile = edit_profile(session.store(writing=True), name, contact=contact)
    click.echo(_profile_text(profile))
