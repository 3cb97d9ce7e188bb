"""The `aftercall` command: the TUI by default, and subcommands for scripts and teams.

`main()` turns every error into one line on stderr and an exit status; it never calls sys.exit.
"""

from __future__ import annotations

import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import click

from store import StoreError
from tui.cli.actions import actions_command
from tui.cli.clients import calendar_command, client_group, due_command, prep_command
from tui.cli.demo import demo_command
from tui.cli.exporting import digest_command, recap_command
from tui.cli.form_commands import edit_command, new_command
from tui.cli.learnings import learnings_command
from tui.cli.practices import practices_command
from tui.cli.records import add_command, import_command, list_command, show_command
from tui.cli.session import Session
from tui.cli.team import sync_command, team_command


def _version() -> str:
    try:
        return version("aftercall")
    except PackageNotFoundError:
        return "unknown"


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--store", "store_dir", type=click.Path(file_okay=False, path_type=Path),
    help="Store folder (default: AFTERCALL_STORE, the config file, then the user data dir).",
)  # fmt: skip
@click.option("--member", help="Your name on reflections (default: AFTERCALL_MEMBER or config).")
@click.version_option(_version(), "--version", prog_name="aftercall")
@click.pass_context
def cli(ctx: click.Context, store_dir: Path | None, member: str | None) -> None:
    """Reflect on hard client conversations and share what the team learns.

    Run without a command to open the app.
    """
    ctx.obj = Session(store_option=store_dir, member_option=member)
    if ctx.invoked_subcommand is None:
        from tui.launch import run_app  # deferred: Textual takes ~150 ms to import

        run_app(ctx.obj)


@cli.command("locate")
@click.pass_obj
def locate_command(session: Session) -> None:
    """Print the store folder, this device's own files and the config file."""
    store = session.store()
    click.echo(f"store:   {store.root}")
    click.echo(f"device:  {store.own_dir}")
    for path in store.own_files():
        click.echo(f"  own:   {path}")
    click.echo(f"config:  {session.config_path}")


for command in (
    add_command,
    import_command,
    list_command,
    show_command,
    team_command,
    sync_command,
    actions_command,
    recap_command,
    learnings_command,
    practices_command,
    digest_command,
    new_command,
    edit_command,
    demo_command,
    prep_command,
    due_command,
    calendar_command,
    client_group,
):
    cli.add_command(command)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit status."""
    try:
        result = cli.main(args=argv, prog_name="aftercall", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aftercall: aborted", err=True)
        return 130
    except click.ClickException as error:
        # One line, not click's usage block: scripts and people both read the first line.
        click.echo(f"aftercall: error: {error.format_message()}", err=True)
        return error.exit_code
    except StoreError as error:
        click.echo(f"aftercall: error: {error}", err=True)
        return 1
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        click.echo(f"aftercall: error: {where}{error.strerror or error}", err=True)
        return 1
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main())
