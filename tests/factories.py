"""Builders of valid test records."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from store import Reflection, reflection_from_dict


def full_record(**overrides: Any) -> dict[str, Any]:
    """An interchange dict with every field set to a non-default value."""
    record: dict[str, Any] = {
        "id": "0b7f3c1e-2a44-4f0e-9a51-5d7f6c1b2a10",
        "member": "Dana Lee",
        "client": "Acme Retail",
        "conversation_at": "2026-10-14T16:30:00",
        "issue_noticed_at": "2026-10-12",
        "type": "missed_deadline",
        "channel": "video",
        "participants": ["Priya (Acme, head of marketing)", "Sam Ortiz"],
        "structure": {"acknowledged": True, "explained": True, "resolved": True,
                      "committed": False},
        "what_worked": "Named the slip in the first minute and owned its impact on their launch.",
        "what_to_change": "Warn them the moment the timeline is at risk, not on the due date.",
        "practices_used": ["aa695b1c-3d19-5f7c-bf93-264d8574b5e7",
                           "b4acaaa8-f249-53eb-8291-5f181ada72d4"],
        "practices_missed": ["f724446e-65e8-52de-a7d2-a8cf3d70c776"],
        "yes_we_owned": "We missed the report deadline by two days.",
        "and_client_contribution": "Feedback came from four people on three days; "
                                   "we need one consolidated round.",
        "cost_absorbed": {"amount": "1250.50", "currency": "EUR", "kind": "rush_fee",
                          "note": "Rush printing at the second vendor"},
        "action_items": [
            {"id": "5d1b2c3a-0000-4000-8000-000000000001", "text": "Send the revised plan",
             "owner": "Dana Lee", "party": "us", "due": "2026-10-16", "done_on": "2026-10-15",
             "internal": True},
            {"id": "5d1b2c3a-0000-4000-8000-000000000002", "text": "Name a single approver",
             "owner": "Priya", "party": "client", "due": "2026-10-21", "done_on": None,
             "internal": False},
        ],
        "follow_up_on": "2026-10-28",
        "follow_up_done": "2026-10-29",
        "mood_before": 2,
        "mood_after": 4,
        "outcome": "resolved",
        "tags": ["deadline", "q4-launch"],
    }  # fmt: skip
    record.update(overrides)
    return record


def make_reflection(**overrides: Any) -> Reflection:
    """A valid Reflection with every field set; override any interchange key."""
    return reflection_from_dict(full_record(**overrides))


def numbered_id(n: int) -> str:
    """A valid UUID that reads as its number, so a test can name the record it expects."""
    return f"00000000-0000-4000-8000-{n:012d}"


def bare_reflection(n: int, **fields: Any) -> Reflection:
    """A reflection with nothing optional set, so each test sets only what it measures."""
    base: dict[str, Any] = {
        "id": numbered_id(n), "member": "Dana", "client": "Acme",
        "conversation_at": "2026-10-05", "issue_noticed_at": None, "type": "missed_deadline",
        "channel": "call", "participants": [],
        "structure": {"acknowledged": True, "explained": True, "resolved": True,
                      "committed": True},
        "what_worked": "", "what_to_change": "", "yes_we_owned": "",
        "and_client_contribution": "", "cost_absorbed": None, "action_items": [],
        "follow_up_on": None, "follow_up_done": None, "practices_used": [],
        "practices_missed": [], "mood_before": None, "mood_after": None, "outcome": "resolved",
        "tags": [],
    }  # fmt: skip
    return make_reflection(**(base | fields))


def backlog(count: int) -> Reflection:
    """One reflection holding `count` open items of ours, due on consecutive days of 2026."""
    items = [
        {"id": f"5d1b2c3a-0000-4000-8000-{n:012d}", "text": f"item {n}", "owner": "Kim",
         "party": "us", "due": (date(2026, 1, 1) + timedelta(days=n)).isoformat()}
        for n in range(count)
    ]  # fmt: skip
    return make_reflection(follow_up_on=None, action_items=items)
