"""Moving the example team's dates next to today, so the demo reads like a live team.

Every date and time in the copied shard files moves by the same number of days, so every gap
(call to reflection, due date to done, one call to the next) is kept. The shift is whole weeks:
weekdays are kept too, so Monday stand-up calls stay on Mondays and nothing lands on a weekend
that the stories put on a weekday. The latest thing that happened (a call, a save, an item done)
lands `DAYS_AGO` to `DAYS_AGO + 6` days before today. Dates written inside free text are left as
the stories wrote them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from store.storage import SHARDS_DIR, dump_json, parse_json

DAYS_AGO = 2
"""The latest event of the example lands at least this many days before today."""
HAPPENED = frozenset(
    {"conversation_at", "issue_noticed_at", "created_at", "updated_at", "done_on", "deleted_at",
     "at"}
)  # fmt: skip
"""Keys whose value is something that already happened: none may land after today."""
PLANNED = frozenset({"due", "follow_up_on"})
"""Keys whose value is a plan: these move too, and may be in the future."""


def _parse(text: str) -> date | datetime | None:
    try:
        return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
    except ValueError:
        return None


def _walk(value: Any, visit: Any) -> Any:
    """`value` with every date string under a known key replaced by `visit(key, parsed)`."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            parsed = _parse(item) if isinstance(item, str) and key in HAPPENED | PLANNED else None
            out[key] = visit(key, parsed) if parsed is not None else _walk(item, visit)
        return out
    if isinstance(value, list):
        return [_walk(item, visit) for item in value]
    return value


def _shard_files(root: Path) -> list[Path]:
    return sorted((root / SHARDS_DIR).glob("*/*.json"))


def latest_happened(root: Path) -> date | None:
    """The day of the latest call, save, deletion or item done in the store at `root`."""
    days: list[date] = []

    def note(key: str, moment: date | datetime) -> date | datetime:
        if key in HAPPENED:
            days.append(moment.date() if isinstance(moment, datetime) else moment)
        return moment

    for path in _shard_files(root):
        _walk(parse_json(path.read_bytes()), note)
    return max(days, default=None)


def weeks_to_today(latest: date, today: date) -> int:
    """Days (a multiple of 7) that put `latest` between DAYS_AGO and DAYS_AGO + 6 days ago."""
    return (today - timedelta(days=DAYS_AGO) - latest).days // 7 * 7


def shift_dates(root: Path, days: int) -> None:
    """Move every date and time in the shard files under `root` by `days` (rewritten in place:
    meant for a private copy, such as the demo's)."""
    if days == 0:
        return
    delta = timedelta(days=days)
    for path in _shard_files(root):
        data = _walk(
            parse_json(path.read_bytes()), lambda _key, moment: (moment + delta).isoformat()
        )
        path.write_bytes(dump_json(data))


def bring_to_today(root: Path, today: date) -> int:
    """Shift the store at `root` so its latest event was a few days before `today`; the days."""
    latest = latest_happened(root)
    if latest is None:
        return 0
    days = weeks_to_today(latest, today)
    shift_dates(root, days)
    return days
