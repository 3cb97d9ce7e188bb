"""Spreadsheet exports: one row per reflection (the interchange columns), or per action item.

Every cell goes through `defuse`, so `=HYPERLINK(...)` in a reflection stays text in a spreadsheet.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from store import Reflection, reflection_to_dict
from store.records import COLUMNS, action_to_dict, defuse, flatten

ACTION_COLUMNS = (
    "reflection_id", "member", "client", "conversation_at", "id", "text", "owner", "party",
    "due", "done_on", "internal",
)  # fmt: skip


def _csv(header: Sequence[str], rows: Iterable[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows({key: defuse(value) for key, value in row.items()} for row in rows)
    return buffer.getvalue()


def render_reflections_csv(reflections: Iterable[Reflection]) -> str:
    """Flattened interchange columns (`cost_absorbed.amount`, ...); `aftercall import` reads it."""
    return _csv(COLUMNS, (flatten(reflection_to_dict(r)) for r in reflections))


def render_actions_csv(reflections: Iterable[Reflection]) -> str:
    """One row per action item, with the reflection it belongs to."""
    rows = (
        {
            "reflection_id": r.id,
            "member": r.member,
            "client": r.client,
            "conversation_at": r.conversation_at.isoformat(),
            **{key: "" if value is None else str(value)
               for key, value in action_to_dict(item).items()},
        }
        for r in reflections
        for item in r.action_items
    )  # fmt: skip
    return _csv(ACTION_COLUMNS, rows)
