"""The practice events on disk: `practices.json` in each member@device folder, one writer each.

A TinyDB file with one table, `practice_events`, keyed "1", "2", ... like every shard; a sync
merges two versions of it by event id (store/sync/shard_merge.py). Reading treats every teammate's
file as hostile: a file that cannot be parsed is reported and skipped, a bad event is skipped
with one warning per file, and neither is ever rewritten.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tinydb import TinyDB

from store.records.errors import ReadOnlyStoreError, StoreError, ValidationError
from store.records.practices import PracticeEvent, Vocabulary, check_fields, fold
from store.storage.json_storage import AtomicJSONStorage, parse_json
from store.storage.shards import SHARDS_DIR, FileProblem

if TYPE_CHECKING:
    from store.storage.store import Store

PRACTICES_FILE = "practices.json"
PRACTICE_EVENTS = "practice_events"


@dataclass(frozen=True, slots=True)
class PracticeFiles:
    """Every readable practice event of the store, and what could not be read."""

    events: tuple[PracticeEvent, ...]
    problems: tuple[FileProblem, ...]


def practice_files(root: Path) -> list[Path]:
    base = root / SHARDS_DIR
    if not base.is_dir():
        return []
    return sorted(
        folder / PRACTICES_FILE
        for folder in base.iterdir()
        if folder.is_dir() and "@" in folder.name and (folder / PRACTICES_FILE).is_file()
    )


def _table(path: Path) -> dict[str, Any]:
    """The events table of one file; raises ValueError when the file as a whole is unusable."""
    raw = path.read_bytes()
    if not raw.strip():
        return {}
    data = parse_json(raw)
    table = data.get(PRACTICE_EVENTS, {}) if isinstance(data, dict) else None
    if not isinstance(table, dict):
        raise ValueError(f'"{PRACTICE_EVENTS}" is not a table')
    return table


def read_events(root: Path) -> PracticeFiles:
    events: list[PracticeEvent] = []
    problems: list[FileProblem] = []
    for path in practice_files(root):
        try:
            table = _table(path)
        except (OSError, ValueError) as error:
            problems.append(FileProblem(path, f"cannot be read ({error})"))
            continue
        bad, first = 0, ""
        for key, doc in table.items():
            try:
                events.append(PracticeEvent.from_doc(doc))
            except ValidationError as error:
                bad += 1
                first = first or f"practice event {str(key)[:40]}: {error}"
        if bad:
            more = f"{bad:,} practice events could not be read; the first: " if bad > 1 else ""
            problems.append(FileProblem(path, more + first, partial=True))
    return PracticeFiles(tuple(events), tuple(problems))


def vocabulary(root: Path) -> Vocabulary:
    """The team's practices: the seed with everyone's events folded over it."""
    return fold(read_events(root).events)


def record(store: Store, practice_id: str, fields: Mapping[str, Any]) -> PracticeEvent:
    """Write one event into this device's own practices file, under the device write lock."""
    if store.read_only:
        raise ReadOnlyStoreError(
            f"{store.root} was written by a newer aftercall; upgrade aftercall to write to it"
        )
    event = PracticeEvent(
        id=str(uuid.uuid4()),
        practice_id=practice_id,
        at=store.clock(),
        member=store.member,
        device=store.device,
        fields=check_fields(fields),
    )
    path = store.own_dir / PRACTICES_FILE
    with store.write_lock():
        if path.exists():
            try:
                _table(path)
            except (OSError, ValueError) as error:
                raise StoreError(
                    f"{path} cannot be read ({error}); it is never overwritten: restore it "
                    "from git (git checkout -- FILE), then try again"
                ) from None
        db = TinyDB(path, storage=AtomicJSONStorage)
        db.table(PRACTICE_EVENTS).insert(event.to_doc())
    return event


def add(store: Store, wording: str, types: list[str], adopted_from: str = "") -> PracticeEvent:
    fields: dict[str, Any] = {"wording": wording, "types": types, "retired": False}
    if adopted_from:
        fields["adopted_from"] = adopted_from
    return record(store, str(uuid.uuid4()), fields)


def check_adoption(vocab: Vocabulary, wording: str, types: list[str], phrase: str) -> None:
    """Refuse, naming the field, what `adopt` would refuse: a theme adopted already, a wording
    that is empty, too long or another practice's, a type that is not one. Pure, so a dialog
    can ask before it closes; `adopt` asks again under the lock."""
    found = vocab.by_phrase(phrase)
    if found is not None:
        raise ValidationError("phrase", f"{phrase!r} is already a practice: {found.wording!r}")
    try:
        checked = check_fields({"wording": wording, "types": types})
    except ValidationError as error:  # "fields.wording" -> "wording": the name the user sees
        raise ValidationError(error.field.removeprefix("fields."), error.message) from None
    refuse_duplicate(vocab, checked["wording"])


def refuse_duplicate(vocab: Vocabulary, wording: str) -> None:
    key = " ".join(wording.casefold().split())
    for p in vocab.active():
        if p.wording.casefold() == key:
            raise ValidationError("wording", f"{wording!r} is already a practice ({p.id[:8]})")


def adopt(store: Store, wording: str, types: list[str], phrase: str) -> PracticeEvent:
    """Adopt the recurring theme `phrase` as a practice worded `wording`: checked and written
    under the device write lock, so two adoptions of one theme (a key pressed twice, the CLI
    and the app at once) write one practice."""
    with store.write_lock():
        check_adoption(vocabulary(store.root), wording, types, phrase)
        return add(store, wording, types, adopted_from=phrase)
