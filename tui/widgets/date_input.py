"""A text input for dates typed in words, which shows under its border the date it understood."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from textual.validation import ValidationResult, Validator

from tui.natural_dates import DateInputError, Direction, as_text, describe, parse_when
from tui.widgets.steady_input import SteadyInput

Clock = Callable[[], datetime]


class _Readable(Validator):
    def __init__(self, field: DateInput) -> None:
        super().__init__()
        self.field = field

    def validate(self, value: str) -> ValidationResult:
        return self.success() if self.field.resolved is not None else self.failure(self.field.error)


class DateInput(SteadyInput):
    """Reads "yesterday 4pm" at the moment it is typed, so a slow save or a draft resumed
    tomorrow still means the day the user meant; `normalized` is what the form keeps."""

    def __init__(
        self,
        value: str = "",
        *,
        clock: Clock,
        direction: Direction = "past",
        day_only: bool = False,
        **options: Any,
    ) -> None:
        self.clock = clock
        """The app's clock, handed down by the screen (tests freeze it)."""
        self.direction: Direction = direction
        self.day_only = day_only
        self.resolved: date | datetime | None = None
        self.error = ""
        super().__init__(value, validators=[_Readable(self)], valid_empty=True,
                         validate_on=["blur", "submitted"], **options)  # fmt: skip

    @property
    def normalized(self) -> str:
        """The resolved date as ISO-like text, or what was typed when it cannot be read."""
        return as_text(self.resolved) if self.resolved is not None else self.value

    def on_mount(self) -> None:
        self.watch_value(self.value)

    def watch_value(self, value: str) -> None:
        now = self.clock()
        self.resolved, self.error = None, ""
        if value.strip():
            try:
                found = parse_when(value, now, self.direction)
            except DateInputError as problem:
                self.error = str(problem)
            else:
                self.resolved = _day(found) if self.day_only else found
        if self.resolved is not None:
            self.border_subtitle = describe(self.resolved, now.date())
            self.remove_class("-invalid")
        else:
            self.border_subtitle = "?" if value.strip() else ""


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value
