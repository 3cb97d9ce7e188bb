"""Options shared by commands that report on a period: --period, --since/--until, --as-of."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import click

from store import ValidationError
from store.insights import Period, default_as_of, in_range, month_of, parse_period, period_between
from tui.cli.dates import DAY


def period_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add --period, --since, --until and --as-of to a click command."""
    for option in reversed([
        click.option("--period", help="A month (2026-10), a quarter (2026-Q4) or a year (2026)."),
        click.option("--since", type=DAY,
                     help='First day of a custom period ("last monday", 2026-10-01).'),
        click.option("--until", type=DAY, help='Last day of a custom period ("yesterday").'),
        click.option("--as-of", type=DAY,
                     help="Judge overdue items on this day (default: the period's end, or today)."),
    ]):  # fmt: skip
        command = option(command)
    return command


def resolve_period(
    period: str | None,
    since: date | None,
    until: date | None,
    as_of: date | None,
    *,
    today: date,
    default: Callable[[date], Period] = month_of,
) -> tuple[Period, date]:
    """The period asked for (or `default(today)`) and the day to judge it on."""
    if period and (since or until):
        raise ValidationError("period", "give either --period or --since/--until, not both")
    if period:
        chosen = parse_period(period)
    elif since or until:
        if not (since and until):
            raise ValidationError("since", "--since and --until go together")
        chosen = period_between(since, until)
    else:
        chosen = default(today)
    if as_of:
        return chosen, in_range(as_of, "as-of")
    return chosen, default_as_of(chosen, today)
