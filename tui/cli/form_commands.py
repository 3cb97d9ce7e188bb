"""`aftercall new` and `aftercall edit`: straight into the form."""

from __future__ import annotations

import click

from tui.cli.session import Session


@click.command("new")
@click.option("--client", default="", help="Start the form with this client filled in.")
@click.pass_obj
def new_command(session: Session, client: str) -> None:
    """Record a reflection now, while the call is fresh."""
    from tui.launch import run_app  # deferred: Textual takes ~150 ms to import

    run_app(session, start_with=("new", client))


@click.command("edit")
@click.argument("ref", metavar="ID")
@click.pass_obj
def edit_command(session: Session, ref: str) -> None:
    """Edit a reflection (ID or its first few characters)."""
    from tui.launch import run_app

    reflection = session.store(writing=True).get(ref)  # a bad id fails here, in one line
    run_app(session, start_with=("edit", reflection.id))
