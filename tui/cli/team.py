"""Commands that share a store through git: team init, team join, sync."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from store import locations
from store.sync import default_join_folder, init_team_store, join_team_store
from tui.cli.session import Session
from tui.digest_sync import sync_with_digests


@click.group("team")
def team_command() -> None:
    """Share the store with a team through git."""


@team_command.command("init")
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--remote", metavar="URL", help="Push the new team store to this git remote.")
@click.pass_obj
def team_init_command(session: Session, folder: Path | None, remote: str | None) -> None:
    """Make the store folder (or FOLDER) a git repository, and push it with --remote."""
    target = (folder or session.store_dir).expanduser().resolve()
    click.echo(init_team_store(target, remote))
    if folder is not None and target != session.store_dir.resolve():
        session.update_config(store=str(target))
        click.echo(f"aftercall now uses {target} (saved in {session.config_path})")


@team_command.command("join")
@click.argument("url")
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.pass_obj
def team_join_command(session: Session, url: str, folder: Path | None) -> None:
    """Clone the team store at URL and make it this machine's store."""
    target = (folder or default_join_folder(locations.data_dir(), url)).expanduser().resolve()
    join_team_store(url, target)
    session.update_config(store=str(target))
    click.echo(f"joined {url}: aftercall now uses {target}")


@click.command("sync")
@click.pass_obj
def sync_command(session: Session) -> None:
    """Share your reflections and receive your teammates' (commit, fetch, merge by id, push).

    Shared digests (digests/) are then rendered from the merged records and shared too. Exits 0
    when synced, 1 when a step failed; either way nothing saved is lost.
    """
    report = sync_with_digests(session.store(writing=True), date.today())
    click.echo(report.summary())
    session.warn_problems()
