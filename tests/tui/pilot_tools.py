"""Shared helpers for pilot tests: wait until the app is still, and read what it told the user.

Both use only Textual's public API (`workers`, `pause`, `run_test(message_hook=...)`), never its
private attributes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual import events
from textual.app import App
from textual.message import Message
from textual.notifications import Notification, Notify
from textual.pilot import Pilot
from textual.widgets import Input


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


def burst(app: App, *keys: str) -> None:
    """Post `keys` all at once, as a fast typist or a held key sends them: nothing is drawn
    and no worker finishes between two of them (`pilot.press` waits for idle after each)."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


def still(app: App) -> None:
    """Stop every cursor blinking so a snapshot does not depend on the moment it is taken."""
    for field in app.screen.query(Input):
        field.cursor_blink = False


def after_keys(*keys: str) -> Callable[[Pilot], Awaitable[None]]:
    """A snapshot's `run_before`: press `keys` one by one, each once the app has settled, then
    settle the picture itself (footers, cursors, animations)."""

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        # Under a dialog, the screen behind keeps whichever footer it drew last, and whether
        # that was before or after the dialog opened is down to timing: draw it as settled.
        for screen in pilot.app.screen_stack[:-1]:
            screen.refresh_bindings()
        await pilot.pause(0.1)
        still(pilot.app)
        await settle(pilot)
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        await pilot.pause()

    return run_before


class Notices:
    """Every notification the app raised; pass it as `run_test(message_hook=notices)`."""

    def __init__(self) -> None:
        self.shown: list[Notification] = []

    def __call__(self, message: Message) -> None:
        if isinstance(message, Notify):
            self.shown.append(message.notification)

    def said(self, text: str) -> bool:
        return any(text in notification.message for notification in self.shown)
