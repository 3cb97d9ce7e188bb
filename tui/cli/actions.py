"""`aftercall actions`: every open action item across the team, ours and the client's."""

from __future__ import annotations

import json
from datetime import date, datetime

import click

from store import Party
from store.action_items import ActionFilter, ActionRow, action_rows
from store.interchange import action_to_dict
from tui.cli.session import Session


def _row_dict(row: ActionRow, as_of: date) -> dict[str, object]:
    return {
        "reflection_id": row.reflection.id,
        "client": row.client,
        "member": row.reflection.member,
        **action_to_dict(row.item),
        "days_late": row.days_late(as_of),
    }


def _lateness(row: ActionRow, as_of: date) -> str:
    if row.item.done_on is not None:
        return f"done {row.item.done_on.isoformat()}"
    if row.item.due is None:
        return "no due date"
    late = row.days_late(as_of)
    if late:
        return f"overdue by {late} day{'s' * (late != 1)}"
    ahead = (row.item.due - as_of).days
    return "due today" if ahead == 0 else f"due in {ahead} day{'s' * (ahead != 1)}"


def actions_table(rows: list[ActionRow], as_of: date) -> str:
    if not rows:
        return "no action items"
    lines = [f"{'DUE':10}  {'STATUS':18}  {'PARTY':6}  {'OWNER':14}  {'CLIENT':16}  ITEM"]
    for row in rows:
        due = row.item.due.isoformat() if row.item.due else "-"
        lines.append(
            f"{due:10}  {_lateness(row, as_of):18}  {row.item.party.value:6}  "
            f"{row.item.owner[:14]:14}  {row.client[:16]:16}  {row.item.text}"
        )
    return "\n".join(lines)


@click.command("actions")
@click.option("--overdue", is_flag=True, help="Only items past their due date.")
@click.option("--party", type=click.Choice([p.value for p in Party]), help="Ours or the client's.")
@click.option("--owner", help="Only this owner's items.")
@click.option("--all", "include_done", is_flag=True, help="Include items already done.")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), help="Judge lateness on this date.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)  # fmt: skip
@click.pass_obj
def actions_command(
    session: Session,
    overdue: bool,
    party: str | None,
    owner: str | None,
    include_done: bool,
    as_of: datetime | None,
    fmt: str,
) -> None:
    """List action items across the team, the most overdue first."""
    day = as_of.date() if as_of else date.today()
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
        click.echo(json.dumps([_row_dict(row, day) for row in rows], indent=2, ensure_ascii=False))
    else:
        click.echo(actions_table(rows, day))
