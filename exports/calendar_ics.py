"""Due work as an iCalendar file: one all-day event per dated action item and follow-up.

UIDs come from the item and reflection ids, so importing the file again updates the events
rather than adding copies. DTSTAMP is the reflection's last update, never the wall clock, so the
same store gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

from store.insights import DueEntry

_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)


def render_calendar(entries: Iterable[DueEntry]) -> str:
    cal = Calendar()
    cal.add("prodid", "-//aftercall//due work//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "aftercall: due work")
    for entry in entries:
        event = Event()
        event.add("uid", entry.uid)
        stamp = entry.reflection.updated_at or entry.reflection.created_at or _EPOCH
        event.add("dtstamp", stamp.astimezone(UTC))
        event.add("dtstart", entry.on)
        event.add("dtend", entry.on + timedelta(days=1))
        owner = f" ({entry.owner})" if entry.owner and entry.item is not None else ""
        event.add("summary", f"{entry.client}: {entry.what}{owner}")
        party = f"Party: {entry.item.party.value}. " if entry.item is not None else ""
        event.add("description", f"{party}From the {entry.reflection.type.value.replace('_', ' ')} "
                  f"conversation of {entry.reflection.conversation_date.isoformat()} "
                  f"(reflection {entry.reflection.id[:8]}).")  # fmt: skip
        event.add("categories", [entry.kind])
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data.decode("utf-8")
