"""Date options typed as people say them, like the form's fields: `--since "last monday"`,
`--as-of yesterday`, `--until "oct 14"`, or ISO (2026-10-14)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import click

HINT = 'try "yesterday", "last monday", "oct 14", "2 weeks ago" or 2026-10-14'


def _wall_clock() -> datetime:
    return datetime.now().astimezone()


now: Callable[[], datetime] = _wall_clock
"""The clock natural dates are read against; tests replace it."""


class NaturalDay(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.3 only
    """A calendar day; a bare weekday or day of the year means the latest one (these options
    look back at conversations that happened)."""

    name = "date"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> date:
        if isinstance(value, date):
            return value
        # deferred: natural dates import arrow (~50 ms), which `add` and `import` never need
        from tui.natural_dates import DateInputError, parse_day

        try:
            return parse_day(str(value), now(), direction="past")
        except DateInputError:
            self.fail(f'cannot read "{value}" as a date; {HINT}', param, ctx)


DAY = NaturalDay()
