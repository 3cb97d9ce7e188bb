"""App-wide messages. `StoreChanged` is the one channel for "the store changed": whoever changed
it (a screen's save, delete or toggle; the sync worker) posts one to the app, and the app hands a
copy to every open screen in every mode, then syncs if the user asked for that."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from textual.message import Message


class Change(StrEnum):
    SAVED = "saved"
    DELETED = "deleted"
    ITEM_TOGGLED = "item toggled"
    DIGEST_SHARED = "digest shared"
    PRACTICE_ADOPTED = "practice adopted"
    SYNCED = "synced"

    @property
    def is_local(self) -> bool:
        """A write made here (which a sync-after-save should share), not one brought in."""
        return self is not Change.SYNCED


@dataclass
class StoreChanged(Message, bubble=False):
    """The store changed: `what` happened, to `reflection_id` when it was one reflection."""

    what: Change
    reflection_id: str | None = None


@dataclass
class FormClosed(Message, bubble=False):
    """A reflection form was saved or left: the app builds the next one ahead."""
