"""Clients as people: the profile of a client, built by folding the edits teammates made to it.

A profile is never stored whole. Each edit is a `ProfileEvent` carrying only the fields it
changed, written into the editing member's own file; reading folds every event of every member
and device. The fold is **per field**: the newest `at` wins for each field on its own, so Ana
setting the style on her laptop and Ben adding a contact on his desktop the same hour both
survive. A tie on `at` goes to the higher event id, so every device folds to the same profile.

Aliases and contacts are fields of their own ("alias:acme retail", "contact:helen ward"), so two
people adding different aliases or contacts never overwrite each other; removing one is a newer
event setting it to null.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from functools import lru_cache
from typing import Any

PROFILE_SCHEMA_VERSION = 1
"""Version of the profile event shape written by this code."""

_NAMESPACE = uuid.UUID("0c1f7a3e-5b2d-4e8f-9a61-c11e47a00018")


class Style(StrEnum):
    """How a client prefers hard news delivered."""

    ANALYTICAL = "analytical"
    EMOTIONAL = "emotional"
    ASSERTIVE = "assertive"
    UNKNOWN = "unknown"


STYLE_HINTS: dict[Style, str] = {
    Style.ANALYTICAL: "Bring facts and data: dates, figures, the plan step by step.",
    Style.EMOTIONAL: "Let them be heard first; reflect back what you heard before the fix.",
    Style.ASSERTIVE: "Be direct and firm: the point first, then the decision you need.",
    Style.UNKNOWN: "Style not known yet: listen for whether they want data, a hearing or brevity.",
}
"""One line per style, shown beside the guidance for the conversation's type."""

SERIOUS_CHANNELS = ("call", "video", "in_person", "email", "chat")
"""Channels a client may prefer for serious topics (the reflection's channel values)."""

PROFILE_FIELDS = ("name", "style", "channel", "approver")
"""Scalar fields of a profile; aliases and contacts are keyed fields (see the module doc)."""
ALIAS_PREFIX = "alias:"
CONTACT_PREFIX = "contact:"


@lru_cache(maxsize=8192)
def fold_name(text: str) -> str:
    """A name as clients are matched: accents dropped, case folded, spaces collapsed.

    "  ACME  Retail " and "Acmé retail" both give "acme retail".
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", plain.casefold()).strip()


def client_id_for(name: str) -> str:
    """The id a profile first created under `name` gets: the same on every device, so two
    teammates creating "Acme" at once make one profile, not two."""
    return str(uuid.uuid5(_NAMESPACE, fold_name(name)))


@dataclass(frozen=True, slots=True)
class Contact:
    """One of the client's people we have met."""

    name: str
    role: str = ""
    style: Style = Style.UNKNOWN
    email: str = ""

    def to_doc(self) -> dict[str, str]:
        return {"name": self.name, "role": self.role, "style": self.style.value,
                "email": self.email}  # fmt: skip

    @classmethod
    def from_doc(cls, doc: Any) -> Contact:
        """Raises KeyError, TypeError or ValueError for a malformed document."""
        if not isinstance(doc, dict):
            raise TypeError("a contact is an object")
        return cls(
            name=_text(doc["name"]),
            role=_text(doc.get("role", "")),
            style=Style(doc.get("style") or "unknown"),
            email=_text(doc.get("email", "")),
        )


@dataclass(frozen=True, slots=True)
class ProfileEvent:
    """`member` on `device` set `fields` of client `client_id` at `at`."""

    id: str
    client_id: str
    at: datetime
    member: str
    device: str
    fields: Mapping[str, Any]
    schema_version: int = PROFILE_SCHEMA_VERSION

    def to_doc(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "client_id": self.client_id,
            "at": self.at.isoformat(),
            "member": self.member,
            "device": self.device,
            "schema_version": self.schema_version,
            "fields": dict(self.fields),
        }

    @classmethod
    def from_doc(cls, doc: Any) -> ProfileEvent:
        """Raises KeyError, TypeError or ValueError for a malformed document."""
        if not isinstance(doc, dict) or not isinstance(doc.get("fields"), dict):
            raise TypeError("a profile event is an object with a fields object")
        at = datetime.fromisoformat(doc["at"])
        if at.tzinfo is None:
            raise ValueError("at has no time zone")
        fields = dict(doc["fields"])
        for key, value in fields.items():
            _check_field(key, value)
        return cls(
            id=_text(doc["id"]), client_id=_text(doc["client_id"]), at=at,
            member=_text(doc["member"]), device=_text(doc["device"]), fields=fields,
            schema_version=int(doc.get("schema_version", 1)),
        )  # fmt: skip


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    return value


def _check_field(key: str, value: Any) -> None:
    """Refuse a field a reader could not fold (a hostile or hand-edited file)."""
    if key == "style":
        Style(value)
    elif key in PROFILE_FIELDS:
        _text(value)
    elif key.startswith(ALIAS_PREFIX):
        if value is not None and not isinstance(value, str):
            raise TypeError(f"{key}: expected text or null")
    elif key.startswith(CONTACT_PREFIX) and value is not None:
        Contact.from_doc(value)
    # Unknown keys are kept and ignored: a newer aftercall may write fields this one lacks.


@dataclass(frozen=True, slots=True)
class ClientProfile:
    client_id: str
    name: str
    aliases: tuple[str, ...] = ()
    style: Style = Style.UNKNOWN
    channel: str = ""
    """Preferred channel for serious topics ("" when not known)."""
    approver: str = ""
    contacts: tuple[Contact, ...] = ()
    updated_at: datetime | None = None
    created_at: datetime | None = None

    @property
    def style_hint(self) -> str:
        return STYLE_HINTS[self.style]

    def names(self) -> tuple[str, ...]:
        """Every spelling that means this client: the display name, then the aliases."""
        return (self.name, *self.aliases)


def fold_profiles(events: Iterable[ProfileEvent]) -> dict[str, ClientProfile]:
    """Every client's profile: per field, the event with the newest (at, id) wins."""
    latest: dict[str, dict[str, tuple[datetime, str, Any]]] = {}
    first: dict[str, datetime] = {}
    for event in events:
        fields = latest.setdefault(event.client_id, {})
        first[event.client_id] = min(event.at, first.get(event.client_id, event.at))
        for key, value in event.fields.items():
            current = fields.get(key)
            if current is None or (event.at, event.id) > current[:2]:
                fields[key] = (event.at, event.id, value)
    return {cid: _profile(cid, fields, first[cid]) for cid, fields in latest.items()}


def _profile(
    cid: str, fields: dict[str, tuple[datetime, str, Any]], first: datetime
) -> ClientProfile:
    values = {key: value for key, (_, _, value) in fields.items()}
    aliases = sorted(
        (v for k, v in values.items() if k.startswith(ALIAS_PREFIX) and v), key=fold_name
    )
    contacts = sorted(
        (Contact.from_doc(v) for k, v in values.items() if k.startswith(CONTACT_PREFIX) and v),
        key=lambda c: fold_name(c.name),
    )
    name = values.get("name") or (aliases[0] if aliases else cid[:8])
    return ClientProfile(
        client_id=cid,
        name=name,
        aliases=tuple(a for a in aliases if fold_name(a) != fold_name(name)),
        style=Style(values.get("style") or "unknown"),
        channel=values.get("channel") or "",
        approver=values.get("approver") or "",
        contacts=tuple(contacts),
        updated_at=max(at for at, _, _ in fields.values()),
        created_at=first,
    )


def alias_field(alias: str) -> str:
    return ALIAS_PREFIX + fold_name(alias)


def contact_field(name: str) -> str:
    return CONTACT_PREFIX + fold_name(name)


class ClientDirectory:
    """Every profile, and the one function that maps a client name to its profile.

    Used by queries, the learnings per client, the briefing and the pseudonymised digest, so
    "Acme", "ACME  Retail" and "Acmé" are one client everywhere. When two profiles claim the same
    name the older profile keeps it (then the lower id), the same on every device.
    """

    def __init__(self, profiles: Iterable[ClientProfile] = ()) -> None:
        self.profiles: dict[str, ClientProfile] = {p.client_id: p for p in profiles}
        self._by_name: dict[str, ClientProfile] = {}
        ordered = sorted(
            self.profiles.values(), key=lambda p: (p.created_at or datetime.max, p.client_id)
        )
        for profile in ordered:
            for name in profile.names():
                self._by_name.setdefault(fold_name(name), profile)

    def __repr__(self) -> str:
        """Deterministic, so a request holding the directory can key a cache."""
        return f"ClientDirectory({sorted(self.profiles.values(), key=lambda p: p.client_id)!r})"

    def resolve(self, name: str) -> ClientProfile | None:
        """The profile `name` (display name or alias, however spelled) belongs to, if any."""
        return self._by_name.get(fold_name(name))

    def display(self, name: str) -> str:
        """The client's display name, or `name` itself when it has no profile."""
        profile = self.resolve(name)
        return profile.name if profile is not None else name.strip()

    def key(self, name: str) -> str:
        """What groups a client's reflections: its profile id, else its folded name."""
        profile = self.resolve(name)
        return profile.client_id if profile is not None else "name:" + fold_name(name)

    def same_client(self, a: str, b: str) -> bool:
        return self.key(a) == self.key(b)

    def spellings_of(self, name: str) -> frozenset[str]:
        """Every folded spelling of the client `name` names (just `name` without a profile)."""
        profile = self.resolve(name)
        if profile is None:
            return frozenset({fold_name(name)})
        return frozenset(fold_name(n) for n in profile.names())

    def style_of(self, name: str) -> Style:
        profile = self.resolve(name)
        return profile.style if profile is not None else Style.UNKNOWN

    def contact_names(self) -> list[str]:
        """Every contact and approver named in any profile (for pseudonymising)."""
        names = {c.name for p in self.profiles.values() for c in p.contacts}
        names |= {p.approver for p in self.profiles.values() if p.approver}
        return sorted(names, key=fold_name)

    def spellings(self) -> dict[str, str]:
        """Folded alias or display name -> display name, for every profile."""
        return {key: profile.name for key, profile in self._by_name.items()}

    def canonical(self, records: Iterable[Any]) -> list[Any]:
        """Reflections with each client spelled as its profile's display name."""
        if not self.profiles:
            return list(records)
        return [
            r if (shown := self.display(r.client)) == r.client else replace(r, client=shown)
            for r in records
        ]


EMPTY_DIRECTORY = ClientDirectory()
