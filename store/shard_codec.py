"""Fast decoding of a shard file straight into typed records, at the speed of a plain JSON parse.

msgspec decodes and type-checks in one C pass (measured: about as fast as orjson.loads alone, where
parse + the field-by-field validator took five times longer). The few rules a type cannot express
(currency codes, minor units, non-empty names, unique item ids) are checked here afterwards. A file
that fails any of it returns None, and the caller falls back to the validator, which names each bad
record precisely. Records from an older schema take the same fallback, which migrates them.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import msgspec

from store.currencies import CURRENCIES
from store.events import ItemEvent
from store.interchange import MAX_TAG_LENGTH
from store.json_storage import gc_paused
from store.models import (
    SCHEMA_VERSION,
    ActionItem,
    Channel,
    ConversationType,
    CostAbsorbed,
    Outcome,
    Reflection,
    Structure,
)

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class _Record(msgspec.Struct, gc=False):
    id: str
    member: str
    client: str
    conversation_at: str
    issue_noticed_at: str | None = None
    type: ConversationType = ConversationType.OTHER
    channel: Channel = Channel.CALL
    participants: tuple[str, ...] = ()
    structure: Structure = msgspec.field(default_factory=Structure)
    what_worked: str = ""
    what_to_change: str = ""
    yes_we_owned: str = ""
    and_client_contribution: str = ""
    cost_absorbed: CostAbsorbed | None = None
    action_items: tuple[ActionItem, ...] = ()
    follow_up_on: date | None = None
    mood_before: int | None = None
    mood_after: int | None = None
    outcome: Outcome = Outcome.IN_PROGRESS
    tags: tuple[str, ...] = ()
    created_at: datetime | None = None
    updated_at: datetime | None = None
    schema_version: int = 1


class _Tombstone(msgspec.Struct, gc=False):
    id: str
    deleted_at: datetime


class _Event(msgspec.Struct, gc=False):
    id: str
    record_id: str
    item_id: str
    done_on: date | None
    by: str
    at: datetime


class _Shard(msgspec.Struct, gc=False):
    reflections: dict[str, _Record] = {}
    tombstones: dict[str, _Tombstone] = {}
    events: dict[str, _Event] = {}


_DECODER = msgspec.json.Decoder(_Shard)


class _Reject(Exception):
    """A record the fast path will not vouch for; the validator will say exactly why."""


def _moment(text: str) -> date | datetime:
    return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)


def _utc(stamp: datetime | None) -> datetime | None:
    if stamp is None or stamp.tzinfo is UTC:
        return stamp
    return stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp.astimezone(UTC)


def _check_cost(cost: CostAbsorbed) -> None:
    digits = CURRENCIES.get(cost.currency)
    exponent = cost.amount.as_tuple().exponent
    if digits is None or exponent != -digits or cost.amount < 0 or not cost.amount.is_finite():
        raise _Reject


def _check_names(names: tuple[str, ...], limit: int | None = None) -> None:
    if len(set(names)) != len(names):
        raise _Reject
    for name in names:
        if not name.strip() or name != name.strip() or (limit and len(name) > limit):
            raise _Reject


def _reflection(raw: _Record) -> Reflection:
    if raw.schema_version != SCHEMA_VERSION or not _UUID.fullmatch(raw.id):
        raise _Reject
    for name in (raw.client, raw.member):
        if not name or name != name.strip():
            raise _Reject
    for mood in (raw.mood_before, raw.mood_after):
        if mood is not None and not 1 <= mood <= 5:
            raise _Reject
    if raw.cost_absorbed is not None:
        _check_cost(raw.cost_absorbed)
    ids = [item.id for item in raw.action_items]
    if len(set(ids)) != len(ids) or any(not _UUID.fullmatch(i) for i in ids):
        raise _Reject
    for item in raw.action_items:
        if not item.text or item.text != item.text.strip() or item.owner != item.owner.strip():
            raise _Reject
    _check_names(raw.participants)
    _check_names(raw.tags, MAX_TAG_LENGTH)
    try:
        at = _moment(raw.conversation_at)
        noticed = _moment(raw.issue_noticed_at) if raw.issue_noticed_at else None
    except ValueError:
        raise _Reject from None
    return Reflection(
        raw.id, raw.member, raw.client, at, raw.type, raw.channel, noticed, raw.participants,
        raw.structure, raw.what_worked, raw.what_to_change, raw.yes_we_owned,
        raw.and_client_contribution, raw.cost_absorbed, raw.action_items, raw.follow_up_on,
        raw.mood_before, raw.mood_after, raw.outcome, raw.tags, _utc(raw.created_at),
        _utc(raw.updated_at), raw.schema_version,
    )  # fmt: skip


DecodedShard = tuple[tuple[Reflection, ...], dict[str, datetime], tuple[ItemEvent, ...], int]


def decode_shard(data: bytes) -> DecodedShard | None:
    """(reflections, tombstones by id, events, document count), or None to take the slow path."""
    try:
        with gc_paused():
            shard = _DECODER.decode(data)
            reflections = tuple(_reflection(raw) for raw in shard.reflections.values())
    except (msgspec.DecodeError, _Reject, ValueError, TypeError):
        return None
    tombstones: dict[str, datetime] = {}
    for stone in shard.tombstones.values():
        when = _utc(stone.deleted_at) or stone.deleted_at
        tombstones[stone.id] = max(when, tombstones.get(stone.id, when))
    events = tuple(
        ItemEvent(e.id, e.record_id, e.item_id, e.done_on, e.by, _utc(e.at) or e.at)
        for e in shard.events.values()
    )
    size = len(shard.reflections) + len(shard.tombstones) + len(shard.events)
    return reflections, tombstones, events, size
