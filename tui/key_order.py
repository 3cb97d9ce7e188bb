"""Keys handled one at a time, in the order typed, each by the widget focused when it was typed.

Why: in Textual a key goes from the app's queue to the focused widget's queue; if that widget
does not use it, it bubbles back up through each parent's queue to the app, which only then
looks up the bindings of whatever is focused *by then*. A priority binding (tab, ctrl+s) runs
as soon as the app takes it from its own queue, ahead of keys still on their way. So at
typing speed `tab space` ticked the box after the intended one, `tab space tab space` ticked
none, and ctrl+s saved before the last letters had reached their field. A focus change asked
for by an action (Select's enter) also waits in the app's queue, behind keys typed after it.

`KeysInOrder` holds each key the terminal sends until the previous one has been handled all
the way: it follows the key up through the queues of the widget it went to and that widget's
ancestors (a callback queued behind it at each step runs once the key has been dealt with
there), then lets the next key go through the app's queue, behind any focus change the last
key asked for. A key costs a few queued callbacks; nothing waits on a clock, apart from a
safety net that lets keys go again if a widget closes with a key inside.
"""

from __future__ import annotations

import asyncio
from collections import deque
from time import monotonic
from typing import TypeVar

from textual import events
from textual.app import App
from textual.message_pump import MessagePump

MAX_HOPS = 200
"""Passes through the app's queue a key waits at most for the screen to settle (a widget that
never stops receiving messages, such as a spinner, must not hold keys back for ever)."""
STUCK_SECONDS = 2.0
"""A key still in flight after this long (its widget closed as it arrived) stops holding
back the keys typed after it."""


ReturnT = TypeVar("ReturnT")


class KeysInOrder(App[ReturnT]):
    """An App whose keys are handled strictly one after another (see the module docstring)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._held: deque[events.Key] = deque()
        self._in_flight: events.Key | None = None
        self._sent_at = 0.0

    @property
    def keys_pending(self) -> bool:
        """True while a typed key is still being handled or waits its turn (tests wait on it)."""
        return self._in_flight is not None or bool(self._held)

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, events.Key) or event.is_forwarded:
            await super().on_event(event)
            return
        if self._in_flight is not None or self._held:
            self._held.append(event)  # typed while another key is on its way
            return
        await self._send(event)

    async def _send(self, event: events.Key) -> None:
        """Let `event` through, and follow it until it has been handled."""
        self._in_flight, self._sent_at = event, monotonic()
        await super().on_event(event)
        if event.is_forwarded:  # no priority binding took it: it went to the focused widget
            self._follow(event, self.focused or self.screen)
        else:
            self._finished(event)

    def _follow(self, key: events.Key, node: MessagePump) -> None:
        """Wait for `key` to be handled at `node`, then at each parent it bubbles to."""

        def handled_here() -> None:
            parent = node._parent
            bubbled_on = key.bubble and parent is not None and node is not self
            if bubbled_on and (not key._stop_propagation or parent is key._sender):
                self._follow(key, parent)  # type: ignore[arg-type]
            else:
                self._finished(key)

        if not node.call_later(handled_here):
            self._finished(key)  # the widget is closing: the key goes nowhere

    def _on_mount(self, event: events.Mount) -> None:
        self.set_interval(STUCK_SECONDS / 2, self._unstick, name="stuck key safety net")

    def _unstick(self) -> None:
        key = self._in_flight
        if key is not None and monotonic() - self._sent_at > STUCK_SECONDS:
            self._finished(key)

    def _finished(self, key: events.Key) -> None:
        if self._in_flight is not key:
            return  # already let go (the safety net or the normal path, whichever came second)
        self._in_flight = None
        if self._held:
            # Through the app's queue: behind any focus change the last key's action asked for.
            self.call_later(self._release)

    async def _release(self, hops: int = 0, waited: bool = False) -> None:
        """Hand the next held key on, once what the last one set off has run its course.

        Waits (a pass through the app's queue at a time, yielding to the other widgets in
        between) while the screen is still being mounted or any of its widgets still has
        messages to handle: an option chosen in a Select puts the focus back on the Select
        a few messages after the key that chose it.
        """
        if self._in_flight is not None or not self._held:
            return
        if hops < MAX_HOPS and not self._settled():
            await asyncio.sleep(0)  # let the other widgets' tasks run
            self.call_later(self._release, hops + 1, True)
            return
        if waited:  # just settled: what it asked of the app (a focus change) is queued ahead
            self.call_later(self._release, hops + 1, False)
            return
        await self._send(self._held.popleft())

    def _settled(self) -> bool:
        screen = self.screen
        if not screen.is_mounted:
            return False
        return all(node.message_queue_size == 0 for node in screen.walk_children(with_self=True))
