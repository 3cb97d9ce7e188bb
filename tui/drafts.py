"""Reflections being typed, kept on disk so a crash or a closed terminal loses nothing.

A draft is the raw text of every form field (not a validated record: half-typed amounts must
survive too; dates are kept as the day they meant when typed), written atomically every few
seconds and on exit, and removed once the reflection is saved or discarded. Each form writes
its own file, so resuming later never overwrites another unsaved reflection.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from store.storage import write_atomic

_NAME = re.compile(r"^draft-([0-9a-f]{12})\.json$")


def new_draft_id() -> str:
    return secrets.token_hex(6)


@dataclass(frozen=True, slots=True)
class Draft:
    id: str
    """Names the draft's file; one per form opened."""
    fields: dict[str, Any]
    """Field id -> raw value (text, bool, or list of action item rows)."""
    editing: str | None = None
    """Id of the reflection being edited, or None for a new one."""
    saved_at: str = ""

    @property
    def client(self) -> str:
        return str(self.fields.get("client", "")).strip()


class DraftBox:
    """Save, list and discard the drafts in `folder`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, draft_id: str) -> Path:
        return self.folder / f"draft-{draft_id}.json"

    def save(self, draft: Draft, now: datetime) -> None:
        payload = {"fields": draft.fields, "editing": draft.editing,
                   "saved_at": now.isoformat(timespec="seconds")}  # fmt: skip
        data = json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False)
        write_atomic(self.path(draft.id), data.encode("utf-8"))

    def load_all(self) -> list[Draft]:
        """Every readable draft with something typed in it, the most recent first."""
        drafts = []
        for path in self.folder.glob("draft-*.json"):
            match = _NAME.match(path.name)
            draft = _read(path, match[1]) if match else None
            if draft is not None:
                drafts.append(draft)
        return sorted(drafts, key=lambda d: (d.saved_at, d.id), reverse=True)

    def discard(self, draft_id: str) -> None:
        self.path(draft_id).unlink(missing_ok=True)


class DraftKeeper:
    """One form's draft: written from a worker thread or on exit, never after the form is done.

    A write and `finish()` take the same lock, so a write that was under way when the reflection
    was saved cannot bring its draft back after it was removed.
    """

    def __init__(self, box: DraftBox, draft_id: str, editing: str | None) -> None:
        self.box, self.draft_id, self.editing = box, draft_id, editing
        self._lock = threading.Lock()
        self._finished = False
        self._written: dict[str, Any] | None = None

    def keep(self, fields: dict[str, Any], now: datetime) -> bool:
        """Write `fields` unless they are what was written last; False once finished."""
        with self._lock:
            if self._finished:
                return False
            if fields != self._written:
                self.box.save(Draft(self.draft_id, fields, self.editing), now)
                self._written = fields
            return True

    def finish(self) -> None:
        """The reflection was saved or thrown away: remove the draft, and write no more."""
        with self._lock:
            self._finished = True
            self.box.discard(self.draft_id)


def _read(path: Path, draft_id: str) -> Draft | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        fields, editing = data["fields"], data.get("editing")
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(fields, dict) or not any(_typed(v) for v in fields.values()):
        return None
    return Draft(draft_id, fields, editing if isinstance(editing, str) else None,
                 str(data.get("saved_at", "")))  # fmt: skip


def _typed(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list):
        return any(isinstance(row, dict) and str(row.get("text", "")).strip() for row in value)
    return False
