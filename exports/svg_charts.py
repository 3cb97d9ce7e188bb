"""The digest's charts as inline SVG for the HTML digest: drawn by hand, no script, no network.

A browser, a mail client or a wiki shows them as they are. Every label is escaped, and the
coordinates are rounded to a tenth, so the same data always gives the same bytes.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from exports.digest_charts import Chart
from store.records import format_amount

WIDTH = 640
ROW = 24
"""Height of one bar's row in the horizontal chart."""
LABEL_WIDTH = 150
COLUMN_HEIGHT = 180
"""Height of the plotting area in the column chart."""
_BAR = 'fill="#4c78a8"'
_TEXT = 'font-family="sans-serif" font-size="12" fill="#1f2328"'


def _n(value: float) -> str:
    """A coordinate: at most one decimal, no trailing zeros."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _value(value: Decimal) -> str:
    return format_amount(value)


def _open(chart: Chart, height: float) -> list[str]:
    title = escape(chart.title)
    return [
        f'<figure class="chart"><svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'width="{WIDTH}" height="{_n(height)}" viewBox="0 0 {WIDTH} {_n(height)}" '
        'style="max-width: 100%; height: auto">',
        f"<title>{title}</title>",
        f'<text x="0" y="16" {_TEXT} font-weight="bold">{title}</text>',
    ]


def _close() -> list[str]:
    return ["</svg></figure>"]


def bar_chart(chart: Chart) -> str:
    """Horizontal bars, one row per label: fits long labels such as conversation types."""
    top = 28
    most = max((value for _, value in chart.bars), default=Decimal(0))
    room = WIDTH - LABEL_WIDTH - 60
    lines = _open(chart, top + ROW * len(chart.bars) + 8)
    for n, (label, value) in enumerate(chart.bars):
        y = top + n * ROW
        width = float(value / most) * room if most > 0 else 0.0
        lines += [
            f'<text x="{LABEL_WIDTH - 8}" y="{_n(y + 16)}" text-anchor="end" {_TEXT}>'
            f"{escape(label)}</text>",
            f'<rect x="{LABEL_WIDTH}" y="{_n(y + 4)}" width="{_n(width)}" height="{ROW - 8}" '
            f"{_BAR}/>",
            f'<text x="{_n(LABEL_WIDTH + width + 6)}" y="{_n(y + 16)}" {_TEXT}>'
            f"{escape(_value(value))}</text>",
        ]
    return "\n".join([*lines, *_close()])


def column_chart(chart: Chart) -> str:
    """Vertical columns over a time axis (weeks), with the value above each column."""
    top, left, bottom = 44, 8, 36
    most = max((value for _, value in chart.bars), default=Decimal(0))
    step = (WIDTH - 2 * left) / max(len(chart.bars), 1)
    base = top + COLUMN_HEIGHT
    lines = _open(chart, base + bottom)
    axis = f'x1="{left}" y1="{base}" x2="{WIDTH - left}" y2="{base}"'
    lines.append(f'<line {axis} stroke="#8c959f"/>')
    for n, (label, value) in enumerate(chart.bars):
        height = float(value / most) * COLUMN_HEIGHT if most > 0 else 0.0
        x, middle = left + n * step + step * 0.15, left + n * step + step / 2
        lines += [
            f'<rect x="{_n(x)}" y="{_n(base - height)}" width="{_n(step * 0.7)}" '
            f'height="{_n(height)}" {_BAR}/>',
            f'<text x="{_n(middle)}" y="{_n(base - height - 4)}" text-anchor="middle" {_TEXT}>'
            f"{escape(_value(value))}</text>",
            f'<text x="{_n(middle)}" y="{base + 16}" text-anchor="middle" {_TEXT}>'
            f"{escape(label)}</text>",
        ]
    return "\n".join([*lines, *_close()])
