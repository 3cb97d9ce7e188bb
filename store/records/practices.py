"""The team's practices: a shared vocabulary built by folding everyone's practice events.

Each member's device writes its changes (add, reword, retarget, retire, adopt) as events in its
own file; the vocabulary is the seed (store/records/practice_seed.py) with every event applied in
order of (`at`, event id), so the newest change of each field wins and two devices that saw the
same events always agree. The event shape (id, practice_id, at, member, device, schema_version,
fields) is deliberately generic: any other team-owned list can be folded the same way.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from store.records.errors import ValidationError
from store.records.models import ConversationType
from store.records.practice_seed import SEED
from store.records.text_safety import describe, first_unsafe

EVENT_SCHEMA_VERSION = 1
"""Version of the practice event shape written by this code."""
MAX_WORDING = 200
PRACTICE_FIELDS = ("wording", "types", "retired", "adopted_from")
"""What an event may set; a field an older aftercall does not know is kept in the file, ignored."""


@dataclass(frozen=True, slots=True)
class Practice:
    """One entry of the vocabulary. An empty `types` means it applies to every conversation."""

    id: str
    wording: str
    types: tuple[ConversationType, ...] = ()
    added_by: str = ""
    """Who added it; empty for a practice of the seed."""
    added_at: datetime | None = None
    retired: bool = False
    adopted_from: str = ""
    """The recurring theme's phrase this practice was adopted from, if any."""
    adopted_at: datetime | None = None

    def applies_to(self, kind: ConversationType) -> bool:
        return not self.types or kind in self.types


@dataclass(frozen=True, slots=True)
class PracticeEvent:
    """`member` on `device` set `fields` of practice `practice_id` at `at`."""

    id: str
    practice_id: str
    at: datetime
    member: str
    device: str
    fields: Mapping[str, Any] = field(default_factory=dict)
    schema_version: int = EVENT_SCHEMA_VERSION

    def to_doc(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "practice_id": self.practice_id,
            "at": self.at.isoformat(),
            "member": self.member,
            "device": self.device,
            "schema_version": self.schema_version,
            "fields": dict(self.fields),
        }

    @classmethod
    def from_doc(cls, doc: Any) -> PracticeEvent:
        """Validated; raises ValidationError naming the key for anything malformed."""
        if not isinstance(doc, Mapping):
            raise ValidationError("", "is not an object")
        version = doc.get("schema_version")
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise ValidationError("schema_version", "must be a whole number")
        if version > EVENT_SCHEMA_VERSION:
            raise ValidationError("schema_version", "written by a newer aftercall")
        at = doc.get("at")
        try:
            stamp = datetime.fromisoformat(at) if isinstance(at, str) else None
        except ValueError:
            stamp = None
        if stamp is None:
            raise ValidationError("at", "must be an ISO 8601 datetime")
        fields = doc.get("fields")
        if not isinstance(fields, Mapping):
            raise ValidationError("fields", "must be an object")
        return cls(
            id=_uuid(doc.get("id"), "id"),
            practice_id=_uuid(doc.get("practice_id"), "practice_id"),
            at=stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp.astimezone(UTC),
            member=_line(doc.get("member"), "member"),
            device=_line(doc.get("device"), "device"),
            fields=check_fields(fields),
            schema_version=version,
        )


def _uuid(value: Any, path: str) -> str:
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return str(uuid.UUID(value))
    raise ValidationError(path, "must be a UUID")


def _line(value: Any, path: str, limit: int = MAX_WORDING) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(path, "must be non-empty text")
    text = value.strip()
    if len(text) > limit:
        raise ValidationError(path, f"must be at most {limit} characters")
    bad = first_unsafe(text, one_line=True)
    if bad is not None:
        raise ValidationError(
            path, f"must not contain a line break or control character ({describe(bad)})"
        )
    return text


def check_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The known fields of an event, validated (`fields.types: ...` names the bad one)."""
    checked: dict[str, Any] = {}
    for name, value in fields.items():
        path = f"fields.{name}"
        if name == "wording":
            checked[name] = " ".join(_line(value, path).split())
        elif name == "adopted_from":
            checked[name] = _line(value, path)
        elif name == "retired":
            if not isinstance(value, bool):
                raise ValidationError(path, "must be true or false")
            checked[name] = value
        elif name == "types":
            if not isinstance(value, list | tuple):
                raise ValidationError(path, "must be a list of conversation types")
            checked[name] = [_kind(v, f"{path}[{i}]").value for i, v in enumerate(value)]
    return checked


def _kind(value: Any, path: str) -> ConversationType:
    try:
        return ConversationType(value)
    except ValueError:
        choices = " | ".join(kind.value for kind in ConversationType)
        raise ValidationError(path, f"must be one of {choices}") from None


def seed() -> dict[str, Practice]:
    """The vocabulary before any event."""
    return {
        pid: Practice(pid, wording, tuple(ConversationType(t) for t in types))
        for pid, wording, types in SEED
    }


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The team's practices by id, retired ones included (old reflections still name them)."""

    practices: Mapping[str, Practice]

    def active(self) -> list[Practice]:
        return [p for p in self.ordered() if not p.retired]

    def ordered(self) -> list[Practice]:
        """Seed order first, then added practices oldest first."""
        order = {pid: n for n, (pid, _, _) in enumerate(SEED)}
        return sorted(
            self.practices.values(),
            key=lambda p: (order.get(p.id, len(order)), p.added_at or _NEVER, p.id),
        )

    def get(self, ref: str) -> Practice:
        """The practice whose id is or starts with `ref` (4+ characters), or whose wording is it."""
        key = ref.strip().casefold()
        if key in self.practices:
            return self.practices[key]
        found = [p for p in self.practices.values() if p.wording.casefold() == key]
        if not found and len(key) >= 4:
            found = [p for pid, p in self.practices.items() if pid.startswith(key)]
        if len(found) == 1:
            return found[0]
        what = "is ambiguous" if found else "is not a practice of the team"
        raise ValidationError("practice", f"{ref!r} {what} (see `aftercall practices list`)")

    def by_phrase(self, phrase: str) -> Practice | None:
        """The practice adopted from the theme `phrase`, if one was."""
        return next((p for p in self.ordered() if p.adopted_from == phrase), None)


_NEVER = datetime.min.replace(tzinfo=UTC)


def fold(events: Iterable[PracticeEvent]) -> Vocabulary:
    """The seed with every event applied in (`at`, id) order: the newest change of a field wins."""
    practices = seed()
    for event in sorted(events, key=lambda e: (e.at, e.id)):
        current = practices.get(event.practice_id)
        fields = event.fields
        if current is None:
            if "wording" not in fields:
                continue  # a change to a practice whose creation is not here (yet): wait for it
            current = Practice(event.practice_id, str(fields["wording"]), added_by=event.member,
                               added_at=event.at)  # fmt: skip
        changes: dict[str, Any] = {}
        if "wording" in fields:
            changes["wording"] = fields["wording"]
        if "types" in fields:
            changes["types"] = tuple(ConversationType(t) for t in fields["types"])
        if "retired" in fields:
            changes["retired"] = bool(fields["retired"])
        if "adopted_from" in fields:
            changes["adopted_from"] = fields["adopted_from"]
            changes["adopted_at"] = event.at
        practices[event.practice_id] = replace(current, **changes)
    return Vocabulary(practices)


def check_practice_ids(value: Any, path: str, known: Collection[str] | None) -> tuple[str, ...]:
    """A list of practice ids, each a UUID (and, when `known` is given, a practice of the team)."""
    if value is None or value == "":
        return ()
    if not isinstance(value, list | tuple):
        raise ValidationError(path, "must be a list of practice ids")
    ids: list[str] = []
    for index, item in enumerate(value):
        pid = _uuid(item.strip() if isinstance(item, str) else item, f"{path}[{index}]")
        if known is not None and pid not in known:
            raise ValidationError(f"{path}[{index}]", f"{pid} is not a practice of the team")
        if pid not in ids:
            ids.append(pid)
    return tuple(ids)
