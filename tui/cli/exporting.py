"""Commands that produce shareable files: the digest and the client recap."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import click

from exports.recap import render_recap
from exports.registry import RENDERERS, DigestRequest, check_request, render
from exports.writer import write_export
from store import ValidationError
from store.insights import Period, digest_records, previous_full_month
from store.storage import load_directory
from tui.cli.periods import period_options, resolve_period
from tui.cli.progress import progress_bar, read_store_with_progress
from tui.cli.session import Session
from tui.shared_digests import share_variants


def _path_or_stdout(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Path | None:
    """`-` (as typed, so `./-` still names a file) means standard output, as for most tools."""
    return None if value in (None, "-") else Path(value)


def output_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """--output PATH for every command that writes a shareable file; `-` is standard output."""
    return click.option(
        "--output", type=click.Path(dir_okay=False, allow_dash=True), callback=_path_or_stdout,
        help="Write to this file (atomically) instead of standard output; - is standard output.",
    )(command)  # fmt: skip


def emit(text: str, output: Path | None) -> None:
    """Print to stdout, or write atomically to `output` and say where."""
    if output is None:
        click.echo(text, nl=False)
    else:
        click.echo(f"wrote {write_export(output, text)}", err=True)


@click.command("recap")
@click.argument("ref", metavar="ID")
@output_option
@click.pass_obj
def recap_command(session: Session, ref: str, output: Path | None) -> None:
    """The follow-up email for a conversation: what was agreed, by whom, by when.

    Internal notes (cost absorbed, what to change, what we owned, temperature, tags) stay out.
    """
    emit(render_recap(session.store().get(ref)), output)


@click.command("digest")
@period_options
@click.option("--format", "fmt", type=click.Choice(list(RENDERERS)), default="md",
              show_default=True)  # fmt: skip
@output_option
@click.option("--pseudonymise-clients", is_flag=True, help='Clients become "Client A", ...')
@click.option("--anonymise-members", is_flag=True, help='Members become "Member A", ...')
@click.option("--charts", is_flag=True,
              help="Add charts, md and html only: Mermaid in md, inline SVG in html.")  # fmt: skip
@click.option("--actions", is_flag=True, help="CSV: one row per action item.")
@click.option("--share", is_flag=True,
              help="Put the Markdown digest in the team store's digests/ folder for the next "
                   "sync (with the aliases asked for, a second, aliased copy too).")  # fmt: skip
@click.pass_obj
def digest_command(
    session: Session,
    period: str | None,
    since: date | None,
    until: date | None,
    as_of: date | None,
    fmt: str,
    output: Path | None,
    pseudonymise_clients: bool,
    anonymise_members: bool,
    charts: bool,
    actions: bool,
    share: bool,
) -> None:
    """The team digest for a period (default: the previous full month)."""
    today = date.today()
    chosen, day = resolve_period(
        period, since, until, as_of, today=today, default=previous_full_month
    )
    if share:
        given = {"--format": fmt != "md", "--charts": charts, "--actions": actions,
                 "--output": output is not None, "--as-of": as_of is not None}  # fmt: skip
        _refuse_with_share(given)
        _share(session, chosen, today, pseudonymise_clients, anonymise_members)
        return
    request = DigestRequest(chosen, day, fmt, pseudonymise_clients, anonymise_members, charts,
                            actions)  # fmt: skip
    check_request(request)  # before the store is read: a big team's store takes a while
    store = session.store()
    request = replace(request, clients=load_directory(store.root), practices=store.practices())
    if pseudonymise_clients or anonymise_members:  # aliases need the whole store (`render`)
        read_store_with_progress(store)
        session.warn_problems()
        emit(render(store.query(), request), output)
        return
    # Only the files holding the windows the digest shows are read (issue 19); the bar shows
    # while a first run reads every file once to fill the cache.
    with progress_bar("Reading the store") as progress:
        records, rest, problems = digest_records(store, chosen, day, progress)
    session.warn(problems)
    emit(render(records, request, rest), output)


def _refuse_with_share(given: dict[str, bool]) -> None:
    """A shared digest is rendered again from its name at every sync, so it takes no option
    the name cannot carry."""
    for option, is_given in given.items():
        if is_given:
            raise ValidationError(
                "--share", f"the shared digest is Markdown for a whole period, judged at its "
                f"end; leave out {option}",
            )  # fmt: skip


def _share(
    session: Session, period: Period, today: date, pseudonymise_clients: bool,
    anonymise_members: bool,
) -> None:  # fmt: skip
    store = session.store()
    read_store_with_progress(store)
    session.warn_problems()
    for path in share_variants(store, period, today, pseudonymise_clients=pseudonymise_clients,
                               anonymise_members=anonymise_members):  # fmt: skip
        click.echo(f"shared {path}", err=True)
    click.echo("`aftercall sync` sends it to the team", err=True)
