"""Changes a member makes to another member's record, kept in the acting member's own file.

A lead closing a teammate's action item must not write into the teammate's file (one writer per
file), so the change is an event appended to the lead's file and replayed over the records on read.
For each action item the last writer by timestamp wins: the record's own `updated_at` counts as
the owner's write of every item in it; a tie goes to the event, then to the higher event id.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from store.records.models import Reflection


@dataclass(frozen=True, slots=True)
class ItemEvent:
    """`by` set action item `item_id` of reflection `record_id` to done on `done_on` (or open)."""

    id: str
    record_id: str
    item_id: str
    done_on: date | None
    by: str
    at: datetime

    def to_doc(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "record_id": self.record_id,
            "item_id": self.item_id,
            "done_on": self.done_on.isoformat() if self.done_on else None,
            "by": self.by,
            "at": self.at.isoformat(),
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> ItemEvent:
        """Raises KeyError, TypeError or ValueError for a malformed document."""
        done = doc["done_on"]
        return cls(
            id=str(doc["id"]),
            record_id=str(doc["record_id"]),
            item_id=str(doc["item_id"]),
            done_on=date.fromisoformat(done) if done else None,
            by=str(doc["by"]),
            at=datetime.fromisoformat(doc["at"]),
        )


def replay(records: dict[str, Reflection], events: Iterable[ItemEvent]) -> dict[str, Reflection]:
    """`records` with every event that is newer than its record applied (a new dict)."""
    latest: dict[tuple[str, str], ItemEvent] = {}
    for event in events:
        key = (event.record_id, event.item_id)
        current = latest.get(key)
        if current is None or (event.at, event.id) > (current.at, current.id):
            latest[key] = event
    by_record: dict[str, dict[str, ItemEvent]] = {}
    for (record_id, item_id), event in latest.items():
        record = records.get(record_id)
        if record is not None and (record.updated_at is None or event.at >= record.updated_at):
            by_record.setdefault(record_id, {})[item_id] = event
    if not by_record:
        return records
    result = dict(records)
    for record_id, changes in by_record.items():
        record = records[record_id]
        items = tuple(
            dataclasses.replace(item, done_on=changes[item.id].done_on) if item.id in changes
            else item
            for item in record.action_items
        )  # fmt: skip
        result[record_id] = dataclasses.replace(record, action_items=items)
    return result
