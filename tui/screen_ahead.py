"""A screen made ready before it is shown, so that showing it costs only its paint.

Opening the reflection form is the product's main job right after a call. Textual composes,
styles, lays out and renders a screen when it is pushed, and for the form's hundred widgets that
took most of a second. Textual has no public call that does any of it for a screen not on show,
so this module is the one place that reaches into its internals (`App._register`, and the
screen's layout and compositor); tests/tui/test_form_built_ahead.py fails if an upgrade changes
what they do.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.screen import Screen
from textual.widget import AwaitMount


async def build(app: App[Any], screen: Screen[Any], name: str) -> None:
    """Compose, mount and style `screen` without showing it. It is installed as `name`, so the
    app closes it on exit if it is never used; uninstall it before pushing it."""
    app.install_screen(screen, name)
    await AwaitMount(screen, app._register(app, screen))


def lay_out(app: App[Any], screen: Screen[Any]) -> bool:
    """Lay `screen` out at the app's size and render it into its widgets' caches, if anything
    moved since the last time (its widgets ask for layouts as they settle after mounting).
    Then showing it finds its size unchanged and paints from the caches. True if it did."""
    if screen.is_current or not screen.is_attached:
        return False
    if screen.outer_size == app.size and not (screen._layout_required or screen._layout_widgets):
        return False
    screen._refresh_layout(app.size)
    screen._layout_required = False
    screen._compositor.render_update(full=True)
    return True
