"""How the reflection form builds each field from the values it starts with, and reads it back.

Every field gets its label as a border title, so the label stays in view once text is typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.widget import Widget
from textual.widgets import Input, Select, TextArea

from store.records import Labelled
from tui.form_values import Values
from tui.natural_dates import Direction
from tui.text_views import MOOD_WORDS, mood
from tui.widgets.date_input import Clock, DateInput
from tui.widgets.practice_picker import PracticePicker
from tui.widgets.steady_input import SteadyInput
from tui.widgets.titled_select import TitledSelect

PART_LABELS = {
    "acknowledged": "Acknowledged: named the problem plainly and owned the impact",
    "explained": "Explained: the real reason, briefly",
    "resolved": "Resolved: the concrete fix under way now",
    "committed": "Committed: the change that stops it recurring",
}
"""The four parts of a well-run hard conversation, as the checkboxes say them."""
MOODS = [(mood(n), str(n)) for n in MOOD_WORDS]
"""The client's temperature, 1 to 5: higher is better, so a rise means the call turned around."""


def choices(kind: type[Labelled]) -> list[tuple[str, str]]:
    """A Select's options for an enum: "missed deadline" shown, "missed_deadline" kept."""
    return [(member.label, member.value) for member in kind]


def value_of(field: Widget) -> Any:
    """What the form keeps of one field: text as typed, dates as the day they meant."""
    if isinstance(field, DateInput):
        return field.normalized
    if isinstance(field, PracticePicker):
        return field.picked
    if isinstance(field, TextArea):
        return field.text
    if isinstance(field, Select):
        return None if field.value is Select.NULL else field.value
    return getattr(field, "value", None)


@dataclass(frozen=True, slots=True)
class FieldMaker:
    """Makes the form's fields, each starting from `initial[its id]`."""

    initial: Values
    clock: Clock

    def text(self, key: str, title: str, placeholder: str, *, default: str = "",
             **options: Any) -> Input:  # fmt: skip
        field = SteadyInput(str(self.initial.get(key) or default), placeholder=placeholder, id=key,
                      **options)  # fmt: skip
        field.border_title = title
        return field

    def date(self, key: str, title: str, placeholder: str, *, direction: Direction = "past",
             day_only: bool = False) -> DateInput:  # fmt: skip
        field = DateInput(str(self.initial.get(key) or ""), clock=self.clock, direction=direction,
                          day_only=day_only, placeholder=placeholder, id=key)  # fmt: skip
        field.border_title = title
        return field

    def choice(self, key: str, title: str, options: list[tuple[str, str]],
               default: str | None) -> TitledSelect:  # fmt: skip
        """A Select; with no default it may stay blank ("-")."""
        value = self.initial.get(key) or default
        field = TitledSelect(options, value=value if value else Select.NULL,
                             allow_blank=default is None, id=key, prompt="-")  # fmt: skip
        field.border_title = title
        return field

    def area(self, key: str, title: str) -> TextArea:
        """Several lines of text; tab moves on rather than indenting."""
        area = TextArea(str(self.initial.get(key, "")), id=key, soft_wrap=True,
                        tab_behavior="focus", classes="area")  # fmt: skip
        area.border_title = title
        return area
