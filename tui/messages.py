"""App-wide messages: screens listen for them to refresh what they show."""

from __future__ import annotations

from textual.message import Message


class StoreChanged(Message):
    """The store changed (a save here, or a sync brought teammates' reflections in)."""
