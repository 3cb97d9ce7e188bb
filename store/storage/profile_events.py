"""Client profile edits on disk: one `profiles.json` per member@device folder, one writer each.

```
<store>/shards/<member-slug>@<device>/profiles.json   {"profile_events": {"1": {...}, ...}}
```

The file has TinyDB's layout, so a sync merges two versions of it by event id like any shard
(`store.sync.shard_merge`). It is written whole, atomically, under this device's write lock. Reading
never locks; a bad file or event is skipped with one warning line and never rewritten.
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store.records.clients import (
    SERIOUS_CHANNELS,
    ClientDirectory,
    ClientProfile,
    Contact,
    ProfileEvent,
    Style,
    alias_field,
    client_id_for,
    contact_field,
    fold_profiles,
)
from store.records.errors import ReadOnlyStoreError, StoreError, ValidationError
from store.storage.atomic import write_atomic
from store.storage.json_storage import dump_json, parse_json

if TYPE_CHECKING:
    from store.storage.store import Store

PROFILE_FILE = "profiles.json"
PROFILE_TABLE = "profile_events"
_SHARDS_DIR = "shards"


@dataclass(frozen=True, slots=True)
class ProfileEvents:
    events: tuple[ProfileEvent, ...]
    problems: tuple[str, ...]
    """One line per file that could not be read in full; the rest of the events still count."""


def profile_files(root: Path) -> list[Path]:
    base = root / _SHARDS_DIR
    if not base.is_dir():
        return []
    return sorted(
        folder / PROFILE_FILE
        for folder in base.iterdir()
        if folder.is_dir() and "@" in folder.name and (folder / PROFILE_FILE).is_file()
    )


def _table(raw: bytes) -> dict[str, Any]:
    data = parse_json(raw)
    table = data.get(PROFILE_TABLE, {}) if isinstance(data, dict) else None
    if not isinstance(table, dict):
        raise ValueError(f'"{PROFILE_TABLE}" is not a table')
    return table


def read_file(path: Path) -> tuple[list[ProfileEvent], str | None]:
    """The good events of one file and, if any were bad, one line saying so."""
    try:
        table = _table(path.read_bytes())
    except (OSError, ValueError) as error:
        return [], f"{path}: cannot be read ({error}); it was skipped"
    events: list[ProfileEvent] = []
    bad = 0
    for doc in table.values():
        try:
            events.append(ProfileEvent.from_doc(doc))
        except (KeyError, TypeError, ValueError):
            bad += 1
    problem = f"{path}: {bad} client profile edit(s) could not be read and were skipped"
    return events, problem if bad else None


def read_profile_events(root: Path) -> ProfileEvents:
    events: list[ProfileEvent] = []
    problems: list[str] = []
    for path in profile_files(root):
        found, problem = read_file(path)
        events += found
        if problem:
            problems.append(problem)
    return ProfileEvents(tuple(events), tuple(problems))


def load_directory(root: Path) -> ClientDirectory:
    """Every client profile in the store at `root`, folded from every member's edits."""
    return ClientDirectory(fold_profiles(read_profile_events(root).events).values())


def append_profile_event(
    store: Store, client_id: str, fields: Mapping[str, Any], *, event_id: str | None = None
) -> ProfileEvent:
    """Record an edit of client `client_id` in this device's own profile file.

    The stamp is the store's clock, moved just past the newest edit already read for this
    client when the clock lags behind it (clock skew), so an edit always wins over what the
    editor saw.
    """
    path = store.own_dir / PROFILE_FILE
    if store.read_only:
        raise ReadOnlyStoreError(
            f"{store.root} was written by a newer aftercall; upgrade to edit it"
        )
    with store.write_lock():
        table: dict[str, Any] = {}
        if path.exists():
            try:
                table = _table(path.read_bytes())
            except ValueError as error:  # our own file: refuse rather than drop its events
                raise StoreError(
                    f"{path}: cannot be read ({error}); nothing was written. Restore it with "
                    "git checkout -- FILE (or from a backup), then edit the profile again"
                ) from None
        at = store.clock()
        seen = [e.at for e in read_profile_events(store.root).events if e.client_id == client_id]
        if seen and at <= max(seen):
            at = max(seen) + timedelta(microseconds=1)
        event = ProfileEvent(
            id=event_id or str(uuid.uuid4()), client_id=client_id, at=at, member=store.member,
            device=store.device, fields=dict(fields),
        )  # fmt: skip
        keys = [int(k) for k in table if str(k).isdigit()]
        table[str(max(keys, default=0) + 1)] = event.to_doc()
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, dump_json({PROFILE_TABLE: table}))
        return event


def edit_profile(
    store: Store,
    client: str,
    *,
    style: str | None = None,
    channel: str | None = None,
    approver: str | None = None,
    aliases: tuple[str, ...] = (),
    contact: Contact | None = None,
) -> ClientProfile:
    """Change the profile of `client` (its name or an alias), creating it when there is none.

    Raises ValidationError naming the option for a bad value; nothing is written then.
    """
    name = clean_text(client, "NAME")
    fields: dict[str, Any] = {}
    if style is not None:
        try:
            fields["style"] = Style(style.strip().lower()).value
        except ValueError:
            choices = ", ".join(s.value for s in Style)
            raise ValidationError("--style", f"{style!r} is not one of {choices}") from None
    if channel is not None:
        chosen = channel.strip().lower().replace(" ", "_").replace("-", "_")
        if chosen not in SERIOUS_CHANNELS:
            choices = ", ".join(SERIOUS_CHANNELS)
            raise ValidationError("--channel", f"{channel!r} is not one of {choices}")
        fields["channel"] = chosen
    if approver is not None:
        fields["approver"] = clean_text(approver, "--approver", empty_ok=True)
    with store.write_lock():
        directory = load_directory(store.root)
        profile = directory.resolve(name)
        for alias in aliases:
            text = clean_text(alias, "--alias")
            owner = directory.resolve(text)
            if owner is not None and (profile is None or owner.client_id != profile.client_id):
                raise ValidationError("--alias", f"{text!r} already names {owner.name}")
            fields[alias_field(text)] = text
        if contact is not None:
            fields[contact_field(contact.name)] = contact.to_doc()
        if profile is None:
            fields["name"] = name
        cid = profile.client_id if profile is not None else client_id_for(name)
        if fields:
            append_profile_event(store, cid, fields)
        return fold_profiles(read_profile_events(store.root).events)[cid]


def clean_text(value: str, option: str, *, empty_ok: bool = False) -> str:
    """One line of text, or ValidationError naming `option`."""
    text = " ".join(value.split())
    if not text and not empty_ok:
        raise ValidationError(option, "is empty")
    if len(text) > 200:
        raise ValidationError(option, "is longer than 200 characters")
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in text):
        raise ValidationError(option, "holds control characters")
    return text
