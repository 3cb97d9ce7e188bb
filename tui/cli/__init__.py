"""The `aftercall` command: the TUI by default, and subcommands for scripts and teams.

`main()` turns every error into one line on stderr and an exit status; it never calls sys.exit.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from store import StoreError
from tui.cli.lazy_group import Lazy, LazyGroup
from tui.cli.session import Session

COMMANDS = {
    "actions": Lazy("tui.cli.actions:actions_command",
                    "List action items across the team, the most overdue first."),
    "add": Lazy("tui.cli.records:add_command",
                "Add one reflection from interchange JSON; prints its id."),
    "calendar": Lazy("tui.cli.clients:calendar_command",
                     "An iCalendar file of open action items' due dates and follow-ups"
                     " (--output due.ics)."),
    "client": Lazy("tui.cli.clients:client_group",
                   "Client profiles: style, preferred channel, approver, aliases and contacts."),
    "demo": Lazy("tui.cli.demo:demo_command",
                 "Try aftercall on an example team's three months (a temporary copy)."),
    "digest": Lazy("tui.cli.exporting:digest_command",
                   "The team digest for a period (default: the previous full month)."),
    "due": Lazy("tui.cli.clients:due_command",
                "What is due or overdue, in a few lines; exit status 1 when anything is overdue."),
    "edit": Lazy("tui.cli.form_commands:edit_command",
                 "Edit a reflection (ID or its first few characters)."),
    "import": Lazy("tui.cli.records:import_command",
                   "Import reflections from a .json array, .jsonl or .csv file: all of them or"
                   " none."),
    "learnings": Lazy("tui.cli.learnings:learnings_command",
                      "The team's learnings for a period (default: this month)."),
    "list": Lazy("tui.cli.records:list_command",
                 "List reflections, newest first; `--format json` prints interchange JSON."),
    "new": Lazy("tui.cli.form_commands:new_command",
                "Record a reflection now, while the call is fresh."),
    "practices": Lazy("tui.cli.practices:practices_command",
                      "The team's practices: what reflections tick as used or missed."),
    "prep": Lazy("tui.cli.clients:prep_command",
                 "What to know before calling CLIENT, in one screen."),
    "recap": Lazy("tui.cli.exporting:recap_command",
                  "The follow-up email for a conversation: what was agreed, by whom, by when."),
    "show": Lazy("tui.cli.records:show_command",
                 "Show one reflection (ID or its first few characters)."),
    "sync": Lazy("tui.cli.team:sync_command",
                 "Share your reflections and receive your teammates' (commit, fetch, merge by"
                 " id, push)."),
    "team": Lazy("tui.cli.team:team_command", "Share the store with a team through git."),
}  # fmt: skip
"""Every subcommand but `locate`, imported when it runs: `add` need not load the exports,
markdown-it and arrow. The helps are the commands' own first sentences, for `--help` (a test
keeps them equal)."""


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # deferred: ~30 ms, for --version

    try:
        return version("aftercall")
    except PackageNotFoundError:
        return "unknown"


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(f"aftercall, version {_version()}")
        ctx.exit()


@click.group(
    cls=LazyGroup, lazy=COMMANDS, invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)  # fmt: skip
@click.option(
    "--store", "store_dir", type=click.Path(file_okay=False, path_type=Path),
    help="Store folder (default: AFTERCALL_STORE, the config file, then the user data dir).",
)  # fmt: skip
@click.option("--member", help="Your name on reflections (default: AFTERCALL_MEMBER or config).")
@click.option("--version", is_flag=True, expose_value=False, is_eager=True,
              callback=_print_version, help="Show the version and exit.")  # fmt: skip
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
