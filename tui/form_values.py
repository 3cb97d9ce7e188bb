"""The reflection form's raw values, to and from the interchange format. No widgets here.

The form keeps what was typed as text (so a half-typed date survives a draft and a failed save);
this module turns that text into an interchange dict for the one validator the CLI uses too, and
turns a stored reflection back into text for editing.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from store import Reflection, ValidationError
from store.records import STRUCTURE_PARTS, format_amount
from tui.money_text import read_money
from tui.natural_dates import DateInputError, as_text, parse_day, parse_when

Values = dict[str, Any]

TEXT_AREAS = ("yes_we_owned", "and_client_contribution", "what_worked", "what_to_change")
WIDGET_OF_FIELD = {
    "client": "client", "conversation_at": "when", "issue_noticed_at": "noticed",
    "participants": "participants", "type": "type", "channel": "channel", "outcome": "outcome",
    "mood_before": "mood_before", "mood_after": "mood_after", "follow_up_on": "follow_up",
    "follow_up_done": "follow_up_done",
    "tags": "tags", "cost_absorbed.amount": "cost_amount",
    "cost_absorbed.currency": "cost_currency", "cost_absorbed.kind": "cost_kind",
    "cost_absorbed.note": "cost_note", "member": "client",
    **{name: name for name in TEXT_AREAS}, **{part: part for part in STRUCTURE_PARTS},
}  # fmt: skip
"""Which widget to focus for an error about an interchange field."""

LABELS = {
    "client": "Client", "when": "When", "noticed": "First noticed", "type": "Type",
    "channel": "Channel", "led": "Who led", "participants": "Others on the call",
    "mood_before": "Temperature before", "mood_after": "Temperature after",
    "outcome": "Outcome", "yes_we_owned": "Yes: what we owned",
    "and_client_contribution": "AND: the client's part", "what_worked": "What worked",
    "what_to_change": "What to change", "cost_amount": "Cost amount",
    "cost_currency": "Currency", "cost_kind": "Kind of cost", "cost_note": "Cost note",
    "follow_up": "Follow up on", "follow_up_done": "Followed up", "tags": "Tags",
    "practices_used": "Practices used", "practices_missed": "Practices missed",
    "text": "what", "owner": "owner", "party": "whose", "due": "due", "done_on": "done",
}  # fmt: skip
"""What the form calls each field, for errors that name it the way the user sees it."""


def _names(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def _iso(value: date | datetime) -> str:
    return value.isoformat()


def _moment(values: Values, key: str, field: str, now: datetime) -> str | None:
    text = str(values.get(key, "")).strip()
    if not text:
        return None
    try:
        return _iso(parse_when(text, now, "past"))
    except DateInputError as error:
        raise ValidationError(field, str(error)) from None


def _day(text: str, field: str, now: datetime) -> str | None:
    if not text.strip():
        return None
    try:
        return _iso(parse_day(text, now, "future"))
    except DateInputError as error:
        raise ValidationError(field, str(error)) from None


def _mood(value: Any) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() else None


def _done_day(values: Values, today: date) -> str | None:
    """The follow-up's done mark: the day it was first ticked, kept through edits."""
    if not values.get("follow_up_done"):
        return None
    return values.get("follow_up_done_on") or today.isoformat()


def to_interchange(values: Values, now: datetime, today: date) -> tuple[dict[str, Any], list[int]]:
    """An interchange dict from the form's raw values (natural dates resolved against `now`),
    and for each action item the form row it came from (blank rows are skipped).

    Raises ValidationError naming the field for a date that cannot be read; everything else is
    left to the interchange validator.
    """
    led = str(values.get("led", "")).strip()
    others = _names(str(values.get("participants", "")))
    participants = ([led] if led else []) + [p for p in others if p != led]
    amount = str(values.get("cost_amount", "")).strip()
    cost = None
    if amount:
        money = read_money(amount, str(values.get("cost_currency", "")))
        cost = {
            "amount": money.amount,
            "currency": money.currency,
            "kind": values.get("cost_kind") or "other",
            "note": str(values.get("cost_note", "")),
        }
    items: list[dict[str, Any]] = []
    rows: list[int] = []
    for index, row in enumerate(values.get("action_items", [])):
        if not str(row.get("text", "")).strip() and not str(row.get("owner", "")).strip():
            continue
        rows.append(index)
        done_on = row.get("done_on") if row.get("done") else None
        if row.get("done") and not done_on:
            done_on = today.isoformat()
        items.append({
            "id": row.get("id") or None,
            "text": str(row.get("text", "")),
            "owner": str(row.get("owner", "")),
            "party": row.get("party") or "us",
            "due": _day(str(row.get("due", "")), f"action_items[{len(items)}].due", now),
            "done_on": done_on,
            "internal": bool(row.get("internal")),
        })  # fmt: skip
    record: dict[str, Any] = {
        "client": str(values.get("client", "")),
        "conversation_at": _moment(values, "when", "conversation_at", now) or "",
        "issue_noticed_at": _moment(values, "noticed", "issue_noticed_at", now),
        "type": values.get("type") or "other",
        "channel": values.get("channel") or "call",
        "participants": participants,
        "structure": {part: bool(values.get(part)) for part in STRUCTURE_PARTS},
        **{name: str(values.get(name, "")) for name in TEXT_AREAS},
        "cost_absorbed": cost,
        "action_items": items,
        "follow_up_on": _day(str(values.get("follow_up", "")), "follow_up_on", now),
        "follow_up_done": _done_day(values, today),
        "practices_used": list(values.get("practices_used") or []),
        "practices_missed": list(values.get("practices_missed") or []),
        "mood_before": _mood(values.get("mood_before")),
        "mood_after": _mood(values.get("mood_after")),
        "outcome": values.get("outcome") or "in_progress",
        "tags": _names(str(values.get("tags", ""))),
    }
    if not record["conversation_at"]:
        raise ValidationError("conversation_at", "when did the conversation happen?")
    return record, rows


def from_reflection(r: Reflection) -> Values:
    """The form's raw values for editing `r`."""
    return {
        "client": r.client,
        "when": as_text(r.conversation_at),
        "noticed": as_text(r.issue_noticed_at),
        "type": r.type.value,
        "channel": r.channel.value,
        "led": r.participants[0] if r.participants else "",
        "participants": ", ".join(r.participants[1:]),
        **{part: getattr(r.structure, part) for part in STRUCTURE_PARTS},
        "mood_before": str(r.mood_before or ""),
        "mood_after": str(r.mood_after or ""),
        "outcome": r.outcome.value,
        **{name: getattr(r, name) for name in TEXT_AREAS},
        "cost_amount": format_amount(r.cost_absorbed.amount) if r.cost_absorbed else "",
        "cost_currency": r.cost_absorbed.currency if r.cost_absorbed else "",
        "cost_kind": r.cost_absorbed.kind.value if r.cost_absorbed else "other",
        "cost_note": r.cost_absorbed.note if r.cost_absorbed else "",
        "action_items": [
            {
                "id": i.id,
                "text": i.text,
                "owner": i.owner,
                "party": i.party.value,
                "due": i.due.isoformat() if i.due else "",
                "done": i.done_on is not None,
                "done_on": i.done_on.isoformat() if i.done_on else None,
                "internal": i.internal,
            }
            for i in r.action_items
        ],
        "follow_up": r.follow_up_on.isoformat() if r.follow_up_on else "",
        "follow_up_done": r.follow_up_done is not None,
        "follow_up_done_on": r.follow_up_done.isoformat() if r.follow_up_done else None,
        "practices_used": list(r.practices_used),
        "practices_missed": list(r.practices_missed),
        "tags": ", ".join(r.tags),
    }


def widget_for(error: ValidationError, rows: list[int]) -> str | None:
    """The id of the widget an error is about (action item fields: "item-<row>-<field>")."""
    field = error.field
    if field.startswith("action_items["):
        index = int(field[len("action_items[") : field.index("]")])
        part = field.split(".", 1)[1] if "." in field else "text"
        row = rows[index] if index < len(rows) else index
        return f"item-{row}-{part}"
    return WIDGET_OF_FIELD.get(field) or WIDGET_OF_FIELD.get(field.split(".")[0].split("[")[0])


def error_text(error: ValidationError, target: str | None) -> str:
    """The error naming the field as the form labels it: "Cost amount: must be a number..."."""
    if target is None:
        return str(error)
    if target.startswith("item-"):
        _, row, part = target.split("-", 2)
        return f"Action item {int(row) + 1}, {LABELS.get(part, part)}: {error.message}"
    return f"{LABELS.get(target, target)}: {error.message}"
