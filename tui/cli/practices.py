"""`aftercall practices`: the team's vocabulary of practices, listed, grown, retired, adopted."""

from __future__ import annotations

from datetime import date

import click

from store import ValidationError
from store.insights import compute_insights
from store.records import Practice, neutralise
from store.storage import (
    add_practice,
    adopt_practice,
    record_practice_change,
    refuse_duplicate,
    vocabulary,
)
from tui.cli.periods import period_options, resolve_period
from tui.cli.session import Session


def _line(p: Practice) -> str:
    kinds = ", ".join(t.value for t in p.types) or "all"
    who = f"; added by {p.added_by}" if p.added_by else ""
    adopted = f"; adopted from the theme '{p.adopted_from}'" if p.adopted_from else ""
    retired = " (retired)" if p.retired else ""
    return neutralise(f"{p.id[:8]}  {p.wording}{retired}  [{kinds}{who}{adopted}]", one_line=True)


@click.group("practices")
def practices_command() -> None:
    """The team's practices: what reflections tick as used or missed."""


@practices_command.command("list")
@click.option("--all", "everything", is_flag=True, help="Retired practices too.")
@click.pass_obj
def list_practices(session: Session, everything: bool) -> None:
    """Every practice of the team, with its id (reflections name practices by id)."""
    vocab = vocabulary(session.store().root)
    for p in vocab.ordered() if everything else vocab.active():
        click.echo(_line(p))


@practices_command.command("add")
@click.argument("wording")
@click.option("--type", "types", multiple=True, metavar="TYPE",
              help="A conversation type it fits (repeat for more; default: all).")  # fmt: skip
@click.pass_obj
def add_command(session: Session, wording: str, types: tuple[str, ...]) -> None:
    """Add a practice to the team's vocabulary; prints its id."""
    store = session.store(writing=True)
    refuse_duplicate(vocabulary(store.root), wording)
    click.echo(add_practice(store, wording, list(types)).practice_id)


@practices_command.command("retire")
@click.argument("practice")
@click.pass_obj
def retire_practice(session: Session, practice: str) -> None:
    """Retire PRACTICE (an id, its first characters, or its wording); old reflections keep it."""
    store = session.store(writing=True)
    found = vocabulary(store.root).get(practice)
    record_practice_change(store, found.id, {"retired": True})
    click.echo(f"retired: {neutralise(found.wording, one_line=True)}")


@practices_command.command("adopt")
@click.argument("phrase")
@period_options
@click.pass_obj
def adopt_theme(
    session: Session, phrase: str, period: str | None, since: date | None, until: date | None,
    as_of: date | None,
) -> None:  # fmt: skip
    """Adopt the recurring theme PHRASE (as `learnings` shows it) as a practice of the team."""
    chosen, day = resolve_period(period, since, until, as_of, today=date.today())
    store = session.store(writing=True)
    insights = compute_insights(store.query(), chosen, day)
    themes = (*insights.themes_worked, *insights.themes_change)
    key = " ".join(phrase.casefold().split())
    theme = next((t for t in themes if key in (t.phrase.casefold(), t.shown.casefold())), None)
    if theme is None:
        shown = "; ".join(t.shown for t in themes[:5]) or "none this period"
        raise ValidationError(
            "PHRASE", f"{phrase!r} is not a recurring theme of {chosen.label} (themes: {shown})"
        )
    event = adopt_practice(store, theme.shown, [], theme.phrase)
    click.echo(event.practice_id)
