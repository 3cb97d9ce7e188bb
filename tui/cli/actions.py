"""`aftercall actions`: every open action item across the team, ours and the client's."""

from __future__ import annotations

import json
from datetime import date

import click

from store import Party
from store.insights import ActionFilter, ActionRow, action_rows, in_range
from store.records import action_to_dict, json_safe
from tui.cli.dates import DAY
from tui.cli.session import Session
from tui.text_views import actions_table


def _row_dict(row: ActionRow, as_of: date) -> dict[str, object]:
    return {
        "reflection_id": row.reflection.id,
        "client": row.client,
        "member": row.reflection.member,
        **action_to_dict(row.item),
        "days_late": row.days_late(as_of),
    }


@click.command("actions")
@click.option("--overdue", is_flag=True, help="Only items past their due date.")
@click.option("--party", type=click.Choice([p.value for p in Party]), help="Ours or the client's.")
@click.option("--owner", help="Only this owner's items.")
@click.option("--all", "include_done", is_flag=True, help="Include items already done.")
@click.option("--as-of", type=DAY, help='Judge lateness on this day ("yesterday", 2026-10-31).')
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)  # fmt: skip
@click.pass_obj
def actions_command(
    session: Session,
    overdue: bool,
    party: str | None,
    owner: str | None,
    include_done: bool,
    as_of: date | None,
    fmt: str,
) -> None:
    """List action items across the team, the most overdue first."""
    day = in_range(as_of, "as-of") if as_of else date.today()
    where = ActionFilter(
        open_only=not include_done,
        overdue_only=overdue,
        party=Party(party) if party else None,
        owner=owner,
    )
    store = session.store()
    session.warn_problems()
    rows = action_rows(store.query(), day, where)
    if fmt == "json":
        rows_json = json.dumps([_row_dict(row, day) for row in rows], indent=2, ensure_ascii=False)
        click.echo(json_safe(rows_json))
    else:
        click.echo(actions_table(rows, day))
