"""Dates typed the way people say them right after a call: "yesterday 4pm", "2 hours ago",
"mon 10:30", "in 3 days", "fri", as well as ISO. Always relative to the app's clock.

A bare weekday means the most recent one for when something happened ("mon" on a Wednesday is two
days ago) and the next one for when something is due.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Literal

Direction = Literal["past", "future"]

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_UNITS = {"minute": 60, "min": 60, "hour": 3600, "hr": 3600, "day": 86400, "week": 604800}
_AGO = re.compile(r"^(\d+|an?|one)\s*(minute|min|hour|hr|day|week)s?\s+ago$")
_IN = re.compile(r"^in\s+(\d+|an?|one)\s*(minute|min|hour|hr|day|week)s?$")
_TIME = re.compile(r"^(?:at\s+)?(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$")


class DateInputError(ValueError):
    """Text that is neither ISO nor one of the natural forms; the message says what works."""


HINT = 'try "yesterday 4pm", "2 hours ago", "mon 10:30" or 2026-10-14 16:30'


def _count(word: str) -> int:
    return 1 if word in ("a", "an", "one") else int(word)


def _clock(text: str) -> time | None:
    match = _TIME.match(text.strip())
    if not match:
        return None
    hour, minute, half = int(match[1]), int(match[2] or 0), match[3]
    if half and not 1 <= hour <= 12:
        return None
    if half == "pm" and hour < 12:
        hour += 12
    if half == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _day_word(word: str, today: date, direction: Direction) -> date | None:
    if word == "today":
        return today
    if word == "yesterday":
        return today - timedelta(days=1)
    if word == "tomorrow":
        return today + timedelta(days=1)
    parts = word.split()
    lead = parts[0] if len(parts) == 2 and parts[0] in ("last", "next", "this") else None
    name = parts[-1][:3] if parts and parts[-1][:3] in _WEEKDAYS else None
    if name is None or (len(parts) == 2 and lead is None) or len(parts) > 2:
        return None
    target = _WEEKDAYS.index(name)
    if lead == "next" or (lead is None and direction == "future"):
        ahead = (target - today.weekday()) % 7 or 7
        return today + timedelta(days=ahead)
    back = (today.weekday() - target) % 7
    if lead == "last" and back == 0:
        back = 7
    return today - timedelta(days=back)


def parse_when(text: str, now: datetime, direction: Direction = "past") -> date | datetime:
    """A date or a datetime (naive, in the user's local time) for `text`."""
    raw = " ".join(text.strip().lower().split())
    if not raw:
        raise DateInputError(f"a date is needed; {HINT}")
    local = now.replace(tzinfo=None, second=0, microsecond=0)
    if raw == "now":
        return local
    for pattern, sign in ((_AGO, -1), (_IN, 1)):
        if match := pattern.match(raw):
            seconds = _count(match[1]) * _UNITS[match[2]] * sign
            moment = local + timedelta(seconds=seconds)
            return moment if match[2] in ("minute", "min", "hour", "hr") else moment.date()
    try:
        return date.fromisoformat(raw) if len(raw) == 10 else datetime.fromisoformat(raw.upper())
    except ValueError:
        pass
    words = raw.split()
    for split in range(len(words), 0, -1):
        day = _day_word(" ".join(words[:split]), local.date(), direction)
        if day is None:
            continue
        rest = " ".join(words[split:])
        if not rest:
            return day
        clock = _clock(rest)
        if clock is not None:
            return datetime.combine(day, clock)
        break
    clock = _clock(raw)
    if clock is not None:
        return datetime.combine(local.date(), clock)
    raise DateInputError(f'cannot read "{text.strip()}"; {HINT}')


def parse_day(text: str, now: datetime, direction: Direction = "future") -> date:
    """A calendar day (due dates, follow-ups); a time of day, if typed, is dropped."""
    value = parse_when(text, now, direction)
    return value.date() if isinstance(value, datetime) else value
