"""Commands that move reflections in and out: add, import, list, show."""

from __future__ import annotations

import json
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path

import click

from store import (
    ConflictError,
    ConversationType,
    Outcome,
    ReflectionFilter,
    ValidationError,
    reflection_from_dict,
    reflection_to_dict,
)
from store.records import (
    decode_input,
    format_of,
    json_safe,
    parse_json_text,
    read_records,
    refuse_future_conversation,
)
from store.storage import load_directory, vocabulary
from tui.cli.dates import DAY
from tui.cli.progress import progress_bar, read_store_with_progress
from tui.cli.session import Session

IMPORT_BAR = 5_000
"""Records in a file from which checking them is slow enough to show a bar."""


def _read_text(source: str) -> str:
    """The text of FILE or standard input, decoded as `import` does (a UTF-8 BOM is fine)."""
    if source != "-":
        return decode_input(Path(source).read_bytes())
    stream = getattr(sys.stdin, "buffer", None)
    return decode_input(stream.read()) if stream is not None else sys.stdin.read().lstrip("\ufeff")


def _dump(data: object) -> str:
    return json_safe(json.dumps(data, indent=2, ensure_ascii=False))


@click.command("add")
@click.option("--from", "source", required=True, metavar="FILE|-",
              help="Interchange JSON of one reflection, or - for standard input.")  # fmt: skip
@click.pass_obj
def add_command(session: Session, source: str) -> None:
    """Add one reflection from interchange JSON; prints its id."""
    data = parse_json_text(_read_text(source))
    store = session.store(writing=True)
    known = vocabulary(store.root).practices
    reflection = reflection_from_dict(data, default_member=store.member, practices=known)
    click.echo(store.add(reflection).id)
    session.warn_problems(seen_only=True)


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check everything and report; write nothing.")
@click.option("--update", is_flag=True, help="Replace reflections whose id is already stored.")
@click.pass_obj
def import_command(session: Session, file: Path, dry_run: bool, update: bool) -> None:
    """Import reflections from a .json array, .jsonl or .csv file: all of them or none.

    Every record keeps its member; they are written into this device's own files.
    """
    records = read_records(decode_input(file.read_bytes()), format_of(file))
    store = session.store(writing=True)
    read_store_with_progress(store)
    parsed = []
    seen: dict[str, str] = {}
    now = store.clock()
    known = vocabulary(store.root).practices
    with progress_bar(f"Checking {file.name}", threshold=IMPORT_BAR) as progress:
        for n, (where, data) in enumerate(records, start=1):
            try:
                reflection = reflection_from_dict(
                    data, default_member=store.member, practices=known
                )
                refuse_future_conversation(reflection, now)
            except ValidationError as error:
                raise error.at(where) from None
            if reflection.id in seen:
                raise ValidationError("id", f"repeats {seen[reflection.id]}", where)
            seen[reflection.id] = where
            parsed.append(reflection)
            if n % 1000 == 0 or n == len(records):
                progress(n, len(records))
    existing = store.existing_ids(seen)
    if existing and not update:
        first = next(rid for rid in seen if rid in existing)
        raise ConflictError(
            f"{seen[first]}: id {first} is already in the store (use --update to replace "
            f"it); {len(existing)} such record(s), nothing imported"
        )
    new = len(parsed) - len(existing)
    summary = f"{new} new, {len(existing)} updated"
    if dry_run:
        click.echo(f"would import {len(parsed)} reflection(s) from {file.name}: {summary}")
        return
    store.put_many(parsed, replace=update)
    click.echo(f"imported {len(parsed)} reflection(s) from {file.name}: {summary}")


def _enum_choice(kind: type[StrEnum]) -> click.Choice[str]:
    return click.Choice([member.value for member in kind])


@click.command("list")
@click.option("--since", type=DAY, help='Conversations on or after ("last monday", 2026-10-01).')
@click.option("--until", type=DAY, help='Conversations on or before ("yesterday").')
@click.option("--member", "member_name", help="Only this member's reflections.")
@click.option("--client", help="Only this client's.")
@click.option("--type", "kind", type=_enum_choice(ConversationType))
@click.option("--outcome", type=_enum_choice(Outcome))
@click.option("--tag")
@click.option("--search", help="Text anywhere in the reflection.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)  # fmt: skip
@click.pass_obj
def list_command(
    session: Session,
    since: date | None,
    until: date | None,
    member_name: str | None,
    client: str | None,
    kind: str | None,
    outcome: str | None,
    tag: str | None,
    search: str | None,
    fmt: str,
) -> None:
    """List reflections, newest first; `--format json` prints interchange JSON."""
    store = session.store()
    where = ReflectionFilter(
        since=since,
        until=until,
        member=member_name,
        client_names=load_directory(store.root).spellings_of(client) if client else None,
        type=ConversationType(kind) if kind else None,
        outcome=Outcome(outcome) if outcome else None,
        tag=tag,
        text=search,
    )
    session.warn_problems()
    found = store.query(where)
    if fmt == "json":
        click.echo(_dump([reflection_to_dict(r) for r in found]))
    else:
        from tui.text_views import reflection_table  # deferred: `add` needs no insights

        click.echo(reflection_table(found))


@click.command("show")
@click.argument("ref", metavar="ID")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)  # fmt: skip
@click.pass_obj
def show_command(session: Session, ref: str, fmt: str) -> None:
    """Show one reflection (ID or its first few characters)."""
    store = session.store()
    session.warn_problems()
    reflection = store.get(ref)
    if fmt == "json":
        click.echo(_dump(reflection_to_dict(reflection)))
    else:
        from tui.text_views import reflection_text  # deferred: `add` needs no insights

        click.echo(reflection_text(reflection, vocabulary(session.store().root)))
