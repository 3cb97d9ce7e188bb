"""Commands that produce shareable files: recap (and the digest)."""

from __future__ import annotations

from pathlib import Path

import click

from exports.recap import render_recap
from exports.writer import write_export
from tui.cli.session import Session


def emit(text: str, output: Path | None) -> None:
    """Print to stdout, or write atomically to `output` and say where."""
    if output is None:
        click.echo(text, nl=False)
    else:
        click.echo(f"wrote {write_export(output, text)}", err=True)


@click.command("recap")
@click.argument("ref", metavar="ID")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")  # fmt: skip
@click.pass_obj
def recap_command(session: Session, ref: str, output: Path | None) -> None:
    """The follow-up email for a conversation: what was agreed, by whom, by when.

    Internal notes (cost absorbed, what to change, what we owned, temperature, tags) stay out.
    """
    emit(render_recap(session.store().get(ref)), output)
