"""Keys as a fast typist sends them: every key posted at once, none waiting for the last.

`pilot.press` waits for the app to go idle after each key, which hides any race between a
key and the ones queued behind it. A terminal does not wait: its keys arrive in the app's
queue back to back. `burst` builds each key event the way `pilot.press` does and posts the
whole lot to the app's queue with `app.post_message` before the app handles any of them,
then waits for the app to settle (keys, messages and workers).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot


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


async def burst(pilot: Pilot[object], *parts: str | Iterable[str]) -> None:
    """Post every key at once, then wait until the app has handled them all."""
    app = pilot.app
    for key in keys_of(*parts):
        event = key_event(key)
        event.set_sender(app)
        app.post_message(event)
    await settle(pilot)


async def settle(pilot: Pilot[object]) -> None:
    """Wait for queued keys, the messages they cause and the workers they start."""
    app = pilot.app
    for _ in range(200):
        await pilot.pause()
        await app.workers.wait_for_complete()
        if not getattr(app, "keys_pending", False):
            await pilot.pause()
            return
    raise AssertionError("the app never finished handling the keys")
