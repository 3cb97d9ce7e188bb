"""Dates typed the way people say them right after a call: "yesterday 4pm", "2 hours ago",
"mon 10:30", "in 3 days", "oct 14", "fri", as well as ISO. Always relative to the app's clock.

A bare weekday or day of the year means the most recent one for when something happened ("mon"
on a Wednesday is two days ago) and the next one for when something is due.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any, Literal

import arrow

Direction = Literal["past", "future"]

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_NAMES = {
    **{name: index for index, name in enumerate(_WEEKDAYS)},
    **{name[:3]: index for index, name in enumerate(_WEEKDAYS)},
    "tues": 1, "weds": 2, "thur": 3, "thurs": 3,
}  # fmt: skip
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")  # fmt: skip
_UNIT_WORDS = {
    "minutes": ("minute", "minutes", "min", "mins", "m"),
    "hours": ("hour", "hours", "hr", "hrs", "h"),
    "days": ("day", "days", "d"),
    "weeks": ("week", "weeks", "wk", "wks", "w"),
    "months": ("month", "months", "mo"),
}
_UNIT = {word: unit for unit, words in _UNIT_WORDS.items() for word in words}
_SPAN = r"(\d+|an?|one)\s*(" + "|".join(sorted(_UNIT, key=len, reverse=True)) + r")"
_AGO = re.compile(rf"^{_SPAN}\s+ago$")
_IN = re.compile(rf"^in\s+{_SPAN}$")
_TIME = re.compile(r"^(?:at\s+)?(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$")

HINT = 'try "yesterday 4pm", "2 hours ago", "mon 10:30", "oct 14" or 2026-10-14 16:30'


class DateInputError(ValueError):
    """Text that is neither ISO nor one of the natural forms; the message says what works."""


def _count(word: str) -> int:
    return 1 if word in ("a", "an", "one") else int(word)


def _month(word: str) -> int | None:
    """1-12 for "oct", "sept", "october"; None for anything else."""
    if len(word) < 3:
        return None
    found = [i for i, name in enumerate(_MONTHS, start=1) if name.startswith(word)]
    return found[0] if len(found) == 1 else None


def _clock(text: str) -> time | None:
    if text in ("noon", "midday"):
        return time(12, 0)
    if text == "midnight":
        return time(0, 0)
    match = _TIME.match(text)
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


def _weekday(words: list[str], today: date, direction: Direction) -> date | None:
    lead = words[0] if len(words) == 2 else None
    target = _WEEKDAY_NAMES.get(words[-1])
    if len(words) > 2 or target is None or lead not in (None, "last", "next", "this"):
        return None
    if lead == "next" or (lead in (None, "this") and direction == "future"):
        ahead = (target - today.weekday()) % 7
        return today + timedelta(days=ahead or (0 if lead == "this" else 7))
    back = (today.weekday() - target) % 7
    if lead == "last" and back == 0:
        back = 7
    return today - timedelta(days=back)


def _day_of_year(text: str, today: date, direction: Direction) -> date | None:
    """ "oct 14" or "14 october": the latest such day for the past, the next one for the future."""
    words = text.replace(".", " ").split()
    if len(words) != 2:
        return None
    first, second = words
    month_name, day_text = (first, second) if second.isdigit() else (second, first)
    month = _month(month_name)
    if month is None or not day_text.isdigit() or len(day_text) > 2:
        return None
    day = int(day_text)
    candidates: list[date] = []
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    if direction == "past":
        return next((d for d in reversed(candidates) if d <= today), None)
    return next((d for d in candidates if d >= today), None)


def _day(text: str, today: date, direction: Direction) -> date | None:
    fixed = {"today": 0, "yesterday": -1, "tomorrow": 1, "last week": -7, "next week": 7}
    if text in fixed:
        return today + timedelta(days=fixed[text])
    return _weekday(text.split(), today, direction) or _day_of_year(text, today, direction)


def _span(match: re.Match[str], local: datetime, sign: int) -> date | datetime:
    unit, count = _UNIT[match[2]], _count(match[1]) * sign
    shift: dict[str, Any] = {unit: count}  # arrow's stubs type **kwargs by its one bool flag
    moment = arrow.get(local).shift(**shift).naive
    return moment if unit in ("minutes", "hours") else moment.date()


def _iso(raw: str) -> date | datetime | None:
    try:
        return date.fromisoformat(raw) if len(raw) == 10 else datetime.fromisoformat(raw.upper())
    except ValueError:
        return None


def _day_and_time(raw: str, today: date, direction: Direction) -> date | datetime | None:
    """A day phrase, a time, or both in either order ("yesterday 4pm", "4pm yesterday")."""
    words = raw.split()
    for cut in range(len(words), 0, -1):
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        for day_text, clock_text in ((head, tail), (tail, head)):
            day = _day(day_text, today, direction) if day_text else None
            if day is None:
                continue
            if not clock_text:
                return day
            clock = _clock(clock_text)
            if clock is not None:
                return datetime.combine(day, clock)
    clock = _clock(raw)
    return datetime.combine(today, clock) if clock is not None else None


def parse_when(text: str, now: datetime, direction: Direction = "past") -> date | datetime:
    """A date or a datetime (naive, in the user's local time) for `text`, read at `now`."""
    raw = " ".join(text.strip().lower().split())
    if not raw:
        raise DateInputError(f"a date is needed; {HINT}")
    local = now.replace(tzinfo=None, second=0, microsecond=0)
    if raw in ("now", "just now"):
        return local
    for pattern, sign in ((_AGO, -1), (_IN, 1)):
        if match := pattern.match(raw):
            return _span(match, local, sign)
    found = _iso(raw) or _day_and_time(raw, local.date(), direction)
    if found is None:
        raise DateInputError(f'cannot read "{text.strip()}"; {HINT}')
    return found


def parse_day(text: str, now: datetime, direction: Direction = "future") -> date:
    """A calendar day (due dates, follow-ups); a time of day, if typed, is dropped."""
    value = parse_when(text, now, direction)
    return value.date() if isinstance(value, datetime) else value


def as_text(value: date | datetime | None) -> str:
    """The unambiguous form a resolved date is kept in: "2026-10-30 16:00" or "2026-10-30"."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def describe(value: date | datetime, today: date) -> str:
    """How a resolved date reads back to the user: "Fri 30 Oct, 16:00", with the year when it
    is not this year."""
    day = value.date() if isinstance(value, datetime) else value
    shown = f"{day:%a} {day.day} {day:%b}" + (f" {day.year}" if day.year != today.year else "")
    return f"{shown}, {value:%H:%M}" if isinstance(value, datetime) else shown
