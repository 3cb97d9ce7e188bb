"""The reflection being typed, kept on disk so a crash or a closed terminal loses nothing.

A draft is the raw text of every form field (not a validated record: half-typed dates and
amounts must survive too), written atomically every few seconds and on exit, and removed once
the reflection is saved or discarded. One draft per device.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from store.atomic import write_atomic


@dataclass(frozen=True, slots=True)
class Draft:
    fields: dict[str, Any]
    """Field id -> raw value (text, bool, or list of action item rows)."""
    editing: str | None = None
    """Id of the reflection being edited, or None for a new one."""
    saved_at: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def client(self) -> str:
        return str(self.fields.get("client", "")).strip()


class DraftBox:
    """Load, save and discard the one draft in `folder`."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "reflection-draft.json"

    def save(self, draft: Draft, now: datetime) -> None:
        payload = {"fields": draft.fields, "editing": draft.editing,
                   "saved_at": now.isoformat(timespec="seconds")}  # fmt: skip
        write_atomic(self.path, json.dumps(payload, indent=2, sort_keys=True).encode("utf-8"))

    def load(self) -> Draft | None:
        """The saved draft, or None when there is none (or it cannot be read)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            fields = data["fields"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if not isinstance(fields, dict) or not any(_typed(v) for v in fields.values()):
            return None
        return Draft(fields, data.get("editing"), str(data.get("saved_at", "")))

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


def _typed(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list):
        return any(isinstance(row, dict) and str(row.get("text", "")).strip() for row in value)
    return False
