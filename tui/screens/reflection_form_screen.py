"""The reflection form, new or edit: grouped the way the conversation went, keyboard-first.

What is typed is never lost: a draft is written every few seconds and when the screen closes,
a failed save keeps every field as typed, and escape asks before throwing changes away.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Footer, Header, Input, Label, Select, Static, TextArea

from store import (
    Channel,
    ConversationType,
    CostKind,
    Outcome,
    Reflection,
    StoreError,
    ValidationError,
    reflection_from_dict,
)
from store.models import STRUCTURE_PARTS
from tui.drafts import Draft
from tui.form_values import Values, from_reflection, to_interchange, widget_for
from tui.guidance import hint
from tui.screens.confirm_dialog import ConfirmDialog
from tui.widgets.action_item_row import ActionItemRow

AUTOSAVE_SECONDS = 3.0
_PART_LABELS = {
    "acknowledged": "Acknowledged: named the problem plainly and owned the impact",
    "explained": "Explained: the real reason, briefly",
    "resolved": "Resolved: the concrete fix under way now",
    "committed": "Committed: the change that stops it recurring",
}
_MOODS = [(str(n), str(n)) for n in range(1, 6)]


def _choices(kind: Any) -> list[tuple[str, str]]:
    return [(member.value.replace("_", " "), member.value) for member in kind]


class ReflectionFormScreen(Screen[None]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "leave", "Leave"),
        Binding("ctrl+n", "add_item", "Add action item"),
    ]

    def __init__(self, *, editing: Reflection | None = None, draft: Draft | None = None,
                 client: str = "") -> None:  # fmt: skip
        super().__init__()
        self.editing = editing
        if draft is not None:
            self._initial: Values = dict(draft.fields)
        elif editing is not None:
            self._initial = from_reflection(editing)
        else:
            self._initial = {"client": client, "when": "now"}
        self._saved_values: Values | None = None
        """What counts as unchanged; None for a resumed draft, which is unsaved by definition."""
        self._from_draft = draft is not None
        self._finished = False
        self._latest: Values | None = None
        self._written: Values | None = None

    # --- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        v = self._initial
        currency = self.app.config.currency  # type: ignore[attr-defined]
        clients = self.app.store.clients()  # type: ignore[attr-defined]
        yield Header()
        yield Label("", id="form-error")
        with VerticalScroll(id="form"):
            yield from self._section("1  The conversation", "conversation")
            with Horizontal(classes="form-row"):
                yield self._input("client", "Client", suggester=SuggestFromList(clients,
                                  case_sensitive=False))  # fmt: skip
                yield self._input("when", "When (yesterday 4pm, mon 10:30, 2 hours ago)")
            with Horizontal(classes="form-row"):
                yield self._select("type", _choices(ConversationType), "other")
                yield self._select("channel", _choices(Channel), "call")
                yield self._input("noticed", "Problem first noticed (optional)")
            with Horizontal(classes="form-row"):
                yield self._input("led", "Who led the call")
                yield self._input("participants", "Others on the call, comma separated")
            yield from self._section("2  How it went", "structure")
            for part in STRUCTURE_PARTS:
                yield Checkbox(_PART_LABELS[part], bool(v.get(part)), id=part)
            with Horizontal(classes="form-row"):
                yield Label("Client temperature (1 cold, 5 warm): before", classes="inline")
                yield self._select("mood_before", _MOODS, None)
                yield Label("after", classes="inline")
                yield self._select("mood_after", _MOODS, None)
                yield self._select("outcome", _choices(Outcome), "in_progress")
            yield from self._section("3  Yes, AND", "yes_and")
            with Horizontal(classes="form-row"):
                yield self._area("yes_we_owned", "Yes: what we owned")
                yield self._area("and_client_contribution", "AND: what the client contributed, "
                                 "what we need from them")  # fmt: skip
            yield from self._section("4  What worked, what to change", "reflection")
            with Horizontal(classes="form-row"):
                yield self._area("what_worked", "What worked")
                yield self._area("what_to_change", "What to change")
            yield from self._section("5  Cost absorbed (leave the amount empty for none)", "cost")
            with Horizontal(classes="form-row"):
                yield self._input("cost_amount", "Amount, e.g. 450.00")
                yield self._input("cost_currency", "Currency", default=currency)
                yield self._select("cost_kind", _choices(CostKind), "other")
                yield self._input("cost_note", "Note")
            yield from self._section("6  Action items and follow-up", "actions")
            with Vertical(id="action-items"):
                for row in v.get("action_items", []):
                    yield ActionItemRow(row)
            yield Button("Add action item (ctrl+n)", id="add-item")
            with Horizontal(classes="form-row"):
                yield self._input("follow_up", "Follow up on (fri, in 2 weeks, 2026-11-20)")
                yield self._input("tags", "Tags, comma separated")
        yield Footer()

    def _section(self, title: str, section: str) -> ComposeResult:
        yield Static(title, classes="form-section")
        yield Static("", classes="guidance", id=f"hint-{section}", markup=False)

    def _input(self, key: str, placeholder: str, *, default: str = "", **kw: Any) -> Input:
        """An input whose label stays visible in its border once something is typed."""
        value = str(self._initial.get(key, default) or default)
        field = Input(value, placeholder=placeholder, id=key, **kw)
        field.border_title = placeholder.split(" (")[0].split(",")[0]
        return field

    def _select(self, key: str, options: list[tuple[str, str]], default: str | None) -> Select:
        value = self._initial.get(key) or default
        return Select(options, value=value if value else Select.NULL, allow_blank=default is None,
                      id=key, prompt="-")  # fmt: skip

    def _area(self, key: str, label: str) -> Vertical:
        return Vertical(Label(label), TextArea(str(self._initial.get(key, "")), id=key,
                                               soft_wrap=True, tab_behavior="focus"),
                        classes="area")  # fmt: skip

    def on_mount(self) -> None:
        self.sub_title = f"Editing {self.editing.client}" if self.editing else "New reflection"
        self._show_hints()
        self.query_one("#client" if not self._initial.get("client") else "#when", Input).focus()
        self.call_after_refresh(self._set_baseline)
        self.set_interval(AUTOSAVE_SECONDS, self._autosave)

    def _set_baseline(self) -> None:
        self._latest = self.values()
        self._saved_values = None if self._from_draft else self._latest

    # --- values -----------------------------------------------------------------------------

    def values(self) -> Values:
        """The raw value of every field, as typed."""
        out: Values = {}
        for field in self.query("#form Input, #form Select, #form Checkbox, #form TextArea"):
            if field.id is None or field.parent is None or isinstance(field.parent, ActionItemRow):
                continue
            if isinstance(field, TextArea):
                out[field.id] = field.text
            elif isinstance(field, Select):
                out[field.id] = None if field.value is Select.NULL else field.value
            elif isinstance(field, Input | Checkbox):
                out[field.id] = field.value
        out["action_items"] = [row.values() for row in self.query(ActionItemRow)]
        return out

    @property
    def dirty(self) -> bool:
        return self._saved_values is None or self.values() != self._saved_values

    @on(Select.Changed, "#type")
    def _show_hints(self) -> None:
        kind = self.query_one("#type", Select).value
        kind_name = kind if isinstance(kind, str) else "other"
        for section in ("conversation", "structure", "yes_and", "reflection", "cost", "actions"):
            self.query_one(f"#hint-{section}", Static).update(hint(kind_name, section))

    # --- action items -----------------------------------------------------------------------

    @on(Button.Pressed, "#add-item")
    def action_add_item(self) -> None:
        row = ActionItemRow()
        self.query_one("#action-items", Vertical).mount(row)
        self.call_after_refresh(self._remember)
        self.call_after_refresh(lambda: row.query_one(".item-text", Input).focus())

    @on(ActionItemRow.RemoveRequested)
    def remove_item(self, event: ActionItemRow.RemoveRequested) -> None:
        event.row.remove()
        self.call_after_refresh(self._remember)

    # --- drafts -----------------------------------------------------------------------------

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _remember(self) -> None:
        """Keep the latest values at hand: when the app quits, the widgets may already be gone."""
        if self.is_mounted:
            self._latest = self.values()

    def _autosave(self) -> None:
        latest = self._latest
        if self._finished or latest is None or latest == self._saved_values:
            return
        if latest == self._written:
            return
        draft = Draft(latest, self.editing.id if self.editing else None)
        try:
            self.app.drafts.save(draft, self.app.now())  # type: ignore[attr-defined]
        except OSError as error:
            self.notify(f"Could not save the draft: {error}", severity="warning")
            return
        self._written = latest

    def on_unmount(self) -> None:
        """Leaving without saving (the app quits, the terminal closes): keep the draft."""
        if not self._finished:
            self._autosave()

    # --- save and leave ---------------------------------------------------------------------

    def action_save(self) -> None:
        error = self.query_one("#form-error", Label)
        app: Any = self.app
        now = app.now()
        values = self.values()
        rows: list[int] = []
        try:
            record, rows = to_interchange(values, now.replace(tzinfo=None), now.date())
            if self.editing is not None:
                record["id"] = self.editing.id
                record["member"] = self.editing.member
            reflection = reflection_from_dict(record, default_member=app.config.member or "")
        except ValidationError as problem:
            error.update(f"Not saved: {problem}")
            error.display = True
            self._focus_field(problem, rows)
            return
        error.display = False
        self.persist(reflection, values)

    def _focus_field(self, problem: ValidationError, rows: list[int]) -> None:
        target = widget_for(problem, rows)
        if target is None:
            return
        widget: Widget | None = None
        if target.startswith("item-"):
            _, index, part = target.split("-", 2)
            items = list(self.query(ActionItemRow))
            if int(index) < len(items):
                widget = items[int(index)].query_one(f".item-{part.split('.')[0]}")
        else:
            found = self.query(f"#{target}")
            widget = found.first() if found else None
        if widget is not None:
            widget.focus()
            self.query_one("#form", VerticalScroll).scroll_to_widget(widget)

    @work(thread=True, exit_on_error=False, description="Saving the reflection")
    def persist(self, reflection: Reflection, values: Values) -> None:
        """Not exclusive: a second ctrl+s must never cancel a save under way."""
        app: Any = self.app
        try:
            if self.editing is not None:
                saved = app.store.update(replace(reflection, created_at=self.editing.created_at))
            else:
                saved = app.store.add(reflection)
        except StoreError as problem:
            self.post_message(self.SaveFailed(str(problem)))
            return
        # A message, not call_from_thread: closing this screen waits for this very worker.
        self.post_message(self.Saved(saved, values))

    class Saved(Message):
        def __init__(self, reflection: Reflection, values: Values) -> None:
            super().__init__()
            self.reflection, self.values = reflection, values

    class SaveFailed(Message):
        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def on_reflection_form_screen_save_failed(self, event: SaveFailed) -> None:
        error = self.query_one("#form-error", Label)
        error.update(f"Not saved: {event.reason}")
        error.display = True

    def on_reflection_form_screen_saved(self, event: Saved) -> None:
        saved, values = event.reflection, event.values
        app: Any = self.app
        self._finished = True
        self._saved_values = values
        app.drafts.discard()
        app.notify(f"Saved the reflection on {saved.client}", title="Saved")
        app.pop_screen()
        app.reflection_saved()

    def action_leave(self) -> None:
        if not self.dirty:
            self._close(discard=self.editing is None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self._close(discard=True)

        self.app.push_screen(
            ConfirmDialog("Leave and throw away what you typed?", "Discard", "Keep editing"),
            answered,
        )

    def _close(self, *, discard: bool) -> None:
        self._finished = True
        if discard:
            self.app.drafts.discard()  # type: ignore[attr-defined]
        self.app.pop_screen()
