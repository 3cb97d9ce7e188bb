"""Figures over the last periods as small sparklines with labelled ends:
"Resolved   Aug 2026 30% ▁▆▆ 35% Oct 2026"."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Grid
from textual.widgets import Static

from tui.learnings_rows import TrendLine, spark


class TrendLines(Grid):
    """Shows `lines` two a row on a wide terminal, one on a narrow one; the screen sets them."""

    DEFAULT_CSS = """
    TrendLines { layout: grid; grid-size: 2; grid-gutter: 0 3; height: auto; padding: 0 1; }
    TrendLines > .trend-line { height: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._widest = 1
        """Cells the longest line needs: two columns only when two fit side by side."""

    def compose(self) -> ComposeResult:
        yield from ()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        gutter = 3
        columns = (self.size.width - 2 + gutter) // (self._widest + gutter)  # 2: the padding
        self.styles.grid_size_columns = max(1, min(2, columns))

    def show(self, lines: Sequence[TrendLine]) -> None:
        label = max((len(line.label) for line in lines), default=0)
        first = max((len(line.first_value) for line in lines), default=0)
        last = max((len(line.last_value) for line in lines), default=0)
        texts = [
            Text.assemble((line.label.ljust(label), "dim"), "  ", (line.first, "dim"), " ",
                          line.first_value.rjust(first), " ", (spark(line.values), "bold"), " ",
                          line.last_value.ljust(last), " ", (line.last, "dim"))
            for line in lines
        ]  # fmt: skip
        self._widest = max((text.cell_len for text in texts), default=1)
        self.remove_children()
        self.mount_all(Static(text, classes="trend-line") for text in texts)
        self._fit()
