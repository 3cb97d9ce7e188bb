"""A Select whose border title shows, like an Input's: Select draws its box on an inner widget."""

from __future__ import annotations

from textual.widgets import Select


class TitledSelect(Select[str]):
    """Set `border_title` as on any widget; it is drawn on the visible box once mounted."""

    def on_mount(self) -> None:
        for current in self.query("SelectCurrent"):
            current.border_title = self.border_title
