"""A row of headline figures, each with its change from the previous period."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Grid
from textual.widgets import Static


@dataclass(frozen=True, slots=True)
class Figure:
    label: str
    value: str
    change: str = ""


class HeadlineRow(Grid):
    """Shows `figures` in a grid of small cards; the screen sets them, the row only draws."""

    DEFAULT_CSS = """
    HeadlineRow { layout: grid; grid-size: 5; grid-gutter: 0 1; height: auto; padding: 0 1; }
    HeadlineRow > .figure { height: 5; padding: 0 1; border: round $panel-lighten-2; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._figures: Sequence[Figure] = ()

    CARD_WIDTH = 18
    """Cells a card needs for its longest usual label ("EUR absorbed", "reflections")."""

    def compose(self) -> ComposeResult:
        yield from ()

    def on_resize(self) -> None:
        """Fewer cards a row on a narrow terminal, so no label is cut to a stub."""
        self.styles.grid_size_columns = max(1, min(5, self.size.width // self.CARD_WIDTH))

    def show(self, figures: Sequence[Figure]) -> None:
        self._figures = figures
        self.remove_children()
        self.mount_all(
            Static(Text.assemble((f.value, "bold"), "\n", (f.change or " ", "dim"), "\n", f.label),
                   classes="figure")
            for f in figures
        )  # fmt: skip
