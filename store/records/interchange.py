"""The interchange format: reflections to and from plain JSON-able dicts, validated field by field.

This is what `add`, `import` and `list --format json` speak, and what the store writes on disk.
Every refusal names the field (``cost_absorbed.amount: must be ...``) so callers can prefix a line.
"""

from __future__ import annotations

import json
import re
import unicodedata
import uuid
from collections.abc import Callable, Collection, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, TypeVar

from store.records.currencies import CURRENCIES
from store.records.errors import ValidationError
from store.records.models import (
    SCHEMA_VERSION,
    STRUCTURE_PARTS,
    ActionItem,
    Channel,
    ConversationType,
    CostAbsorbed,
    CostKind,
    Outcome,
    Party,
    Reflection,
    Structure,
)
from store.records.practices import check_practice_ids
from store.records.text_safety import describe, first_unsafe, neutralise

FIELDS = (
    "id", "member", "client", "conversation_at", "issue_noticed_at", "type", "channel",
    "participants", "structure", "what_worked", "what_to_change", "practices_used",
    "practices_missed", "yes_we_owned", "and_client_contribution", "cost_absorbed",
    "action_items", "follow_up_on", "follow_up_done", "mood_before", "mood_after", "outcome",
    "tags", "created_at", "updated_at", "schema_version",
)  # fmt: skip
"""Top-level keys of the interchange format, in the order they are written."""

TEXT_FIELDS = ("what_worked", "what_to_change", "yes_we_owned", "and_client_contribution")
COST_FIELDS = ("amount", "currency", "kind", "note")
ACTION_FIELDS = ("id", "text", "owner", "party", "due", "done_on", "internal")
MAX_TAG_LENGTH = 40
MAX_NAME_LENGTH = 200
"""Characters in a member, client, participant or owner name."""
MAX_TEXT_LENGTH = 1_000_000
"""Characters in one free-text field (what worked, a note, an action item...)."""
MAX_AMOUNT_DIGITS = 15
"""Digits before the decimal point of an amount: anything from a quadrillion up is a typo."""
FIRST_YEAR, LAST_YEAR = 1900, 2999
"""Every date and time must fall in these years, so date arithmetic can never overflow."""
_PLAIN_AMOUNT = re.compile(r"[0-9]+(?:\.[0-9]+)?").fullmatch

E = TypeVar("E", bound=StrEnum)


def shown(value: Any) -> str:
    """A short JSON-ish rendering of a bad value for an error message."""
    if isinstance(value, str) and len(value) > 60:
        value = value[:60]  # (a 10 MB value is not dumped whole only to be cut)
    elif isinstance(value, int) and value.bit_length() > 192:  # (str() refuses 4,300 digits)
        return f"a number of about {int(value.bit_length() * 0.30103):,} digits"
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except (ValueError, RecursionError):
        text = repr(value)
    return neutralise(text if len(text) <= 60 else text[:57] + "...")


def _fail(path: str, message: str, value: Any = ...) -> ValidationError:
    suffix = "" if value is ... else f", got {shown(value)}"
    return ValidationError(path, message + suffix)


# --- scalar readers -------------------------------------------------------------------------


def _text(value: Any, path: str, *, required: bool = False) -> str:
    """Free text: any length up to MAX_TEXT_LENGTH, newlines and tabs kept (CR LF becomes LF)."""
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise _fail(path, "must be text", value)
    text: str = value
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    _safe(text, path, one_line=False, limit=MAX_TEXT_LENGTH)
    if required and not text.strip():
        raise _fail(path, "must not be empty")
    return text.strip() if required else text


def _name(value: Any, path: str, *, required: bool = True, limit: int = MAX_NAME_LENGTH) -> str:
    """A name on one line: no newline, tab or control character, at most `limit` characters.

    Kept in Unicode NFC, so "Dána" typed with a combining accent is the same name as "Dána".
    """
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise _fail(path, "must be text", value)
    text = value.strip()
    _safe(text, path, one_line=True, limit=limit)
    if required and not text:
        raise _fail(path, "must not be empty")
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _safe(text: str, path: str, *, one_line: bool, limit: int) -> None:
    if len(text) > limit:
        raise _fail(path, f"must be at most {limit:,} characters (got {len(text):,})")
    bad = first_unsafe(text, one_line=one_line)
    if bad is not None:
        what = "a line break or control character" if one_line else "a control character"
        raise _fail(path, f"must not contain {what} ({describe(bad)})")


def _bool(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise _fail(path, "must be true or false", value)
    return value


def _enum(kind: type[E], value: Any, path: str) -> E:
    try:
        return kind(value)
    except ValueError:
        choices = " | ".join(member.value for member in kind)
        raise _fail(path, f"must be one of {choices}", value) from None


def _in_range(day: date, path: str, value: Any) -> None:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise _fail(path, f"must fall between the years {FIRST_YEAR} and {LAST_YEAR}", value)


def _date(value: Any, path: str) -> date:
    if isinstance(value, str):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            pass
        else:
            _in_range(day, path, value)
            return day
    raise _fail(path, "must be an ISO date (YYYY-MM-DD)", value)


def _optional_date(value: Any, path: str) -> date | None:
    return None if value is None or value == "" else _date(value, path)


def _date_or_datetime(value: Any, path: str) -> date | datetime:
    if isinstance(value, str):
        text = value.strip()
        try:
            moment = date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
        except ValueError:
            pass
        else:
            _in_range(moment, path, value)
            if isinstance(moment, datetime) and moment.tzinfo is not None:
                _in_range(moment.astimezone(UTC), path, value)  # (in range: cannot overflow)
            return moment
    raise _fail(path, "must be an ISO 8601 date or datetime", value)


def _timestamp(value: Any, path: str) -> datetime | None:
    if value is None:
        return None
    stamp = _date_or_datetime(value, path)
    if not isinstance(stamp, datetime):
        raise _fail(path, "must be an ISO 8601 datetime", value)
    return stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp.astimezone(UTC)


def _mood(value: Any, path: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise _fail(path, "must be a whole number from 1 to 5", value)
    return value


def _uuid(value: Any, path: str) -> str:
    if value is None or value == "":
        return str(uuid.uuid4())
    if isinstance(value, str):
        try:
            return str(uuid.UUID(value.strip()))
        except ValueError:
            pass
    raise _fail(path, "must be a UUID", value)


def _names(value: Any, path: str, *, max_length: int | None = None) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list | tuple):
        raise _fail(path, "must be a list of text", value)
    names: list[str] = []
    for index, item in enumerate(value):
        name = _name(item, f"{path}[{index}]", limit=max_length or MAX_NAME_LENGTH)
        if name not in names:
            names.append(name)
    return tuple(names)


def parse_amount(value: Any, currency: str, path: str = "cost_absorbed.amount") -> Decimal:
    """An exact, non-negative amount quantised to `currency`'s minor unit (never via float).

    Written in plain ASCII digits with an optional decimal point: a sign ("-0"), an exponent
    ("1E+30"), underscores ("1_000") or other scripts' digits are refused, as are amounts of
    MAX_AMOUNT_DIGITS digits or more before the point.
    """
    bad = _fail(path, "must be a non-negative number", value)
    if isinstance(value, bool):
        raise bad
    if isinstance(value, int):
        if not 0 <= value < 10**MAX_AMOUNT_DIGITS:  # (compared before str(): 4300-digit ints)
            raise _too_large(path) if value > 0 else bad
        text = str(value)
    elif isinstance(value, str):
        text = value.strip()
    elif isinstance(value, float | Decimal):
        text = str(value)
    else:
        raise bad
    if not _PLAIN_AMOUNT(text):
        raise bad
    if len(text.partition(".")[0].lstrip("0")) > MAX_AMOUNT_DIGITS:
        raise _too_large(path)
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise bad from None
    digits = CURRENCIES.get(currency, 2)
    quantum = Decimal(1).scaleb(-digits)
    if amount != amount.quantize(quantum, rounding="ROUND_DOWN"):
        raise _fail(path, f"{currency} allows at most {digits} decimal places", value)
    return amount.quantize(quantum)


def _too_large(path: str) -> ValidationError:
    return _fail(path, f"must have at most {MAX_AMOUNT_DIGITS} digits before the decimal point")


def format_amount(amount: Decimal) -> str:
    """The decimal-string form of an amount, as written to JSON and CSV."""
    return f"{amount:f}"


# --- composite readers ----------------------------------------------------------------------


def _mapping(value: Any, path: str, allowed: tuple[str, ...]) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _fail(path, "must be an object", value)
    for key in value:
        if key not in allowed:
            name = shown(str(key))[1:-1]  # escapes newlines, quotes and control characters
            raise ValidationError(f"{path}.{name}" if path else name, "unknown field")
    return value


def _structure(value: Any) -> Structure:
    if value is None:
        return Structure()
    data = _mapping(value, "structure", STRUCTURE_PARTS)
    return Structure(**{p: _bool(data.get(p, False), f"structure.{p}") for p in STRUCTURE_PARTS})


def _cost(value: Any) -> CostAbsorbed | None:
    if value is None:
        return None
    data = _mapping(value, "cost_absorbed", COST_FIELDS)
    raw_currency = data.get("currency")
    if raw_currency is None:
        raise _fail("cost_absorbed.currency", "is required")
    currency = raw_currency.strip().upper() if isinstance(raw_currency, str) else raw_currency
    if not isinstance(currency, str) or currency not in CURRENCIES:
        raise _fail("cost_absorbed.currency", "must be an ISO 4217 currency code", raw_currency)
    if "amount" not in data:
        raise _fail("cost_absorbed.amount", "is required")
    return CostAbsorbed(
        amount=parse_amount(data["amount"], currency),
        currency=currency,
        kind=_enum(CostKind, data.get("kind", CostKind.OTHER.value), "cost_absorbed.kind"),
        note=_text(data.get("note"), "cost_absorbed.note"),
    )


def _action(value: Any, path: str) -> ActionItem:
    data = _mapping(value, path, ACTION_FIELDS)
    return ActionItem(
        id=_uuid(data.get("id"), f"{path}.id"),
        text=_text(data.get("text"), f"{path}.text", required=True),
        owner=_name(data.get("owner"), f"{path}.owner", required=False),
        party=_enum(Party, data.get("party", Party.US.value), f"{path}.party"),
        due=_optional_date(data.get("due"), f"{path}.due"),
        done_on=_optional_date(data.get("done_on"), f"{path}.done_on"),
        internal=_bool(data.get("internal", False), f"{path}.internal"),
    )


def _actions(value: Any) -> tuple[ActionItem, ...]:
    if value is None:
        return ()
    if not isinstance(value, list | tuple):
        raise _fail("action_items", "must be a list", value)
    items = tuple(_action(item, f"action_items[{i}]") for i, item in enumerate(value))
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item.id in seen:
            raise _fail(f"action_items[{index}].id", "repeats another item's id", item.id)
        seen.add(item.id)
    return items


def _schema_version(value: Any) -> int:
    if value is None:
        return SCHEMA_VERSION
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= SCHEMA_VERSION:
        raise _fail("schema_version", f"must be a whole number from 1 to {SCHEMA_VERSION}", value)
    return value


def _optional(reader: Callable[[Any, str], Any], value: Any, path: str) -> Any:
    return None if value is None or value == "" else reader(value, path)


def _texts(data: Mapping[str, Any]) -> dict[str, Any]:
    return {name: _text(data.get(name), name) for name in TEXT_FIELDS}


def _practices(data: Mapping[str, Any], known: Collection[str] | None) -> dict[str, Any]:
    used = check_practice_ids(data.get("practices_used"), "practices_used", known)
    missed = check_practice_ids(data.get("practices_missed"), "practices_missed", known)
    for index, pid in enumerate(missed):
        if pid in used:
            raise _fail(f"practices_missed[{index}]", f"{pid} is also in practices_used")
    return {"practices_used": used, "practices_missed": missed}


def reflection_from_dict(
    data: Any, *, default_member: str = "", practices: Collection[str] | None = None
) -> Reflection:
    """Validate interchange `data` into a Reflection; raises ValidationError naming the field.

    An absent `id` (and action item ids) are generated; an absent `member` is `default_member`.
    With `practices` (the team's practice ids), a practice id outside it is refused; without,
    any UUID is taken (a teammate's file may name a practice whose events are not here yet).
    """
    if not isinstance(data, Mapping):
        raise ValidationError("", f"a reflection must be a JSON object, got {shown(data)}")
    _mapping(data, "", FIELDS)
    member = data.get("member")
    if member is None or member == "":
        member = default_member
    if not member:
        raise _fail("member", "is required (set one with --member or AFTERCALL_MEMBER)")
    if "client" not in data:
        raise _fail("client", "is required")
    if "conversation_at" not in data:
        raise _fail("conversation_at", "is required")
    return Reflection(
        id=_uuid(data.get("id"), "id"),
        member=_name(member, "member"),
        client=_name(data.get("client"), "client"),
        conversation_at=_date_or_datetime(data.get("conversation_at"), "conversation_at"),
        issue_noticed_at=_optional(_date_or_datetime, data.get("issue_noticed_at"),
                                   "issue_noticed_at"),
        type=_enum(ConversationType, data.get("type", "other"), "type"),
        channel=_enum(Channel, data.get("channel", "call"), "channel"),
        participants=_names(data.get("participants"), "participants"),
        structure=_structure(data.get("structure")),
        **_texts(data),
        **_practices(data, practices),
        cost_absorbed=_cost(data.get("cost_absorbed")),
        action_items=_actions(data.get("action_items")),
        follow_up_on=_optional_date(data.get("follow_up_on"), "follow_up_on"),
        follow_up_done=_optional_date(data.get("follow_up_done"), "follow_up_done"),
        mood_before=_mood(data.get("mood_before"), "mood_before"),
        mood_after=_mood(data.get("mood_after"), "mood_after"),
        outcome=_enum(Outcome, data.get("outcome", "in_progress"), "outcome"),
        tags=_names(data.get("tags"), "tags", max_length=MAX_TAG_LENGTH),
        created_at=_timestamp(data.get("created_at"), "created_at"),
        updated_at=_timestamp(data.get("updated_at"), "updated_at"),
        schema_version=_schema_version(data.get("schema_version")),
    )  # fmt: skip


# --- writers --------------------------------------------------------------------------------


def _iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def cost_to_dict(cost: CostAbsorbed | None) -> dict[str, str] | None:
    if cost is None:
        return None
    return {
        "amount": format_amount(cost.amount),
        "currency": cost.currency,
        "kind": cost.kind.value,
        "note": cost.note,
    }


def action_to_dict(item: ActionItem) -> dict[str, str | bool | None]:
    return {
        "id": item.id,
        "text": item.text,
        "owner": item.owner,
        "party": item.party.value,
        "due": _iso(item.due),
        "done_on": _iso(item.done_on),
        "internal": item.internal,
    }


def reflection_to_dict(reflection: Reflection) -> dict[str, Any]:
    """The interchange form: JSON-able, keys in FIELDS order, money as a decimal string."""
    r = reflection
    return {
        "id": r.id,
        "member": r.member,
        "client": r.client,
        "conversation_at": _iso(r.conversation_at),
        "issue_noticed_at": _iso(r.issue_noticed_at),
        "type": r.type.value,
        "channel": r.channel.value,
        "participants": list(r.participants),
        "structure": {part: getattr(r.structure, part) for part in STRUCTURE_PARTS},
        "what_worked": r.what_worked,
        "what_to_change": r.what_to_change,
        "practices_used": list(r.practices_used),
        "practices_missed": list(r.practices_missed),
        "yes_we_owned": r.yes_we_owned,
        "and_client_contribution": r.and_client_contribution,
        "cost_absorbed": cost_to_dict(r.cost_absorbed),
        "action_items": [action_to_dict(item) for item in r.action_items],
        "follow_up_on": _iso(r.follow_up_on),
        "follow_up_done": _iso(r.follow_up_done),
        "mood_before": r.mood_before,
        "mood_after": r.mood_after,
        "outcome": r.outcome.value,
        "tags": list(r.tags),
        "created_at": _iso(r.created_at),
        "updated_at": _iso(r.updated_at),
        "schema_version": r.schema_version,
    }
