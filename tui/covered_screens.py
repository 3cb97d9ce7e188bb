"""A screen wholly covered by an opaque screen does no layout or painting until it shows again.

Textual counts the screen just below the top one as a background screen (one that may show
through) whatever the top screen's background, and a background screen is "current": it lays
itself out when its widgets change, and any region it repaints is repainted on the screen above.
Home sits under the reflection form, so when home's reflections finished loading, or its
footer changed with the focus, the UI thread laid home out and then repainted the whole form,
and every frame of home's loading indicators was repainted onto the form: about 0.2 s after
every `n` (three full repaints), and while a 100k store loaded a key took 60 ms (median) to
show, up to a second. Under an opaque screen nothing below can show, so nothing below is
background; a covered screen keeps its pending layout and does it when it is shown again
(Textual refreshes a screen as it resumes). Screens under a translucent one (a dialog) are
still drawn as before.
"""

from __future__ import annotations

from typing import Any, TypeVar

from textual.app import App
from textual.screen import Screen

ReturnT = TypeVar("ReturnT")


class CoveredScreensRest(App[ReturnT]):
    @property
    def _background_screens(self) -> list[Screen[Any]]:
        stack = self._screen_stack
        if stack and stack[-1].styles.background.a == 1:
            return []
        return super()._background_screens
