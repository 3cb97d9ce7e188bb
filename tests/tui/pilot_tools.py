"""Shared helpers for pilot tests: type at a typist's speed, wait until the app is still, and
read what it told the user.

`pilot.press` waits for the app to go idle after each key, which hides any race between a key and
the ones queued behind it. A terminal does not wait: its keys arrive in the app's queue back to
back. `burst` builds each key event the way `pilot.press` does and posts the whole lot with
`app.post_message` before the app handles any of them, then settles.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Awaitable, Callable, Iterable

from textual import events
from textual.app import App
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.message import Message
from textual.notifications import Notification, Notify
from textual.pilot import Pilot
from textual.widgets import Input


async def settle(pilot: Pilot, rounds: int = 200) -> None:
    """Until nothing is left to do: the keys still queued behind the app's key order, the
    messages the last keys sent, the workers those started, and the messages (and further
    workers) those workers posted on finishing."""
    app = pilot.app
    for _ in range(rounds):
        await pilot.pause()
        keys_pending = getattr(app, "keys_pending", False)
        if not keys_pending and not any(worker.is_running for worker in app.workers):
            break
        await app.workers.wait_for_complete()
    else:
        if getattr(app, "keys_pending", False):
            raise AssertionError("the app never finished handling the keys")
    await pilot.pause()


def key_event(key: str) -> events.Key:
    """The event a terminal driver makes for `key` ("a", "space", "ctrl+s", ",")."""
    if len(key) == 1:  # a character, as typed: "€" is the key euro_sign with character "€"
        return events.Key(key if key.isalnum() else _character_to_key(key), key)
    original = REPLACED_KEYS.get(key, key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        char = None
    return events.Key(key, char)


def keys_of(*parts: str | Iterable[str]) -> list[str]:
    """Key names from parts: a str of length > 1 that is not a key name is typed as text
    only when given as a list, e.g. keys_of("tab", list("Acme"), "ctrl+s")."""
    out: list[str] = []
    for part in parts:
        out.extend([part] if isinstance(part, str) else part)
    return out


async def burst(pilot: Pilot, *parts: str | Iterable[str]) -> None:
    """Post every key at once, as a fast typist or a held key sends them (nothing is drawn and
    no worker finishes between two of them), then wait until the app has handled them all."""
    app = pilot.app
    for key in keys_of(*parts):
        event = key_event(key)
        event.set_sender(app)
        app.post_message(event)
    await settle(pilot)


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
