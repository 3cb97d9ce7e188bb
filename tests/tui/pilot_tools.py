"""Shared helpers for pilot tests: wait until the app is still, and read what it told the user.

Both use only Textual's public API (`workers`, `pause`, `run_test(message_hook=...)`), never its
private attributes.
"""

from __future__ import annotations

from textual.message import Message
from textual.notifications import Notification, Notify
from textual.pilot import Pilot


async def settle(pilot: Pilot, rounds: int = 5) -> None:
    """Until nothing is left to do: the messages the last keys sent, the workers those started,
    and the messages (and further workers) those workers posted on finishing."""
    app = pilot.app
    for _ in range(rounds):
        await pilot.pause()
        if not any(worker.is_running for worker in app.workers):
            break
        await app.workers.wait_for_complete()
    await pilot.pause()


class Notices:
    """Every notification the app raised; pass it as `run_test(message_hook=notices)`."""

    def __init__(self) -> None:
        self.shown: list[Notification] = []

    def __call__(self, message: Message) -> None:
        if isinstance(message, Notify):
            self.shown.append(message.notification)

    def said(self, text: str) -> bool:
        return any(text in notification.message for notification in self.shown)
