"""Textual's Footer, rebuilt only when the keys it shows change.

The stock footer rebuilds all its keys whenever the bindings are refreshed, which Textual does on
every focus change: in the form each Tab made a dozen new key widgets to style and lay out,
about half of what the Tab cost, for a footer that showed the same keys before and after.
A hidden screen's footer waits until its screen shows again.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


class SteadyFooter(Footer):
    _shown: tuple[Any, ...] | None = None

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if not screen.is_current and screen in screen.app.screen_stack:
            # Hidden under another screen (home as the form opens, tui/covered_screens.py):
            # what it would show is drawn when it shows again, as a resumed screen refreshes
            # its bindings. (A form built ahead, not yet in the stack, gets its keys now.)
            return
        shown = _shown_keys(screen)
        if shown == self._shown:
            return
        self._shown = shown
        super().bindings_changed(screen)


def _shown_keys(screen: Screen[Any]) -> tuple[Any, ...]:
    """What the footer draws from the bindings, as it draws it: per action, the first shown key
    (f1 and ? both open the keys panel; ? is not a key in a text field, and the footer shows f1
    either way) with its label, group, whether it is enabled and its tooltip; the palette's key;
    and whether the app has focus (without it the stock footer waits)."""
    palette = screen.app.COMMAND_PALETTE_BINDING
    first: dict[str, tuple[Any, ...]] = {}
    for key, (_, binding, enabled, tooltip) in screen.active_bindings.items():
        if binding.show or key == palette:
            first.setdefault(binding.action, (binding.key, binding.description, binding.group,
                                              enabled, tooltip))  # fmt: skip
    return (screen.app.app_focus, *first.items())
