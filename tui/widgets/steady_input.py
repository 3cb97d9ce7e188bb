"""Textual's Input, without laying the whole screen out again on every key.

The stock Input stores the width of its text as its virtual size (for scrolling) on every
change, and that reactive asks for a layout of the screen. On the form (about a hundred
widgets) that layout, and the map of every widget it makes the next size lookup rebuild, was
two thirds of what a key cost, and with a store loading beside it a key could take 150 ms.
An input's own size never depends on its text here (`width` and `height` are set, not auto),
so the virtual size is kept without the layout: the input still scrolls its text (it reads the
virtual size directly) and repaints as before.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class SteadyInput(Input):
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), repaint=True)
