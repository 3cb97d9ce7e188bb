"""The reflection form, new or edit: grouped the way the conversation went, keyboard-first.

What is typed is never lost: a draft is written every few seconds and when the screen closes,
a failed save keeps every field as typed, and escape asks before throwing changes away.
"""

from __future__ import annotations

import contextlib
import uuid
from dataclasses import replace

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import ScreenResume
from textual.message import Message
from textual.widget import Widget
from textual.widgets import (
    Button,
    Checkbox,
    Header,
    Input,
    Select,
    SelectionList,
    Static,
    TextArea,
)

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
from store.records import (
    EMPTY_DIRECTORY,
    STRUCTURE_PARTS,
    ClientDirectory,
    refuse_future_conversation,
)
from store.records import Vocabulary as PracticeVocabulary
from store.storage import load_directory
from tui.drafts import Draft, DraftKeeper, new_draft_id
from tui.form_fields import MOODS, PART_LABELS, FieldMaker, choices, value_of
from tui.form_values import Values, error_text, from_reflection, to_interchange, widget_for
from tui.guidance import SECTIONS, hint
from tui.messages import Change, FormClosed, StoreChanged
from tui.screens.app_screen import AppScreen
from tui.screens.confirm_dialog import ConfirmDialog
from tui.suggestions import NameSuggester, Vocabulary
from tui.widgets.action_item_row import ActionItemRow
from tui.widgets.date_input import DateInput
from tui.widgets.practice_picker import PracticePicker
from tui.widgets.steady_footer import SteadyFooter

AUTOSAVE_SECONDS = 3.0
"""How much typing a crash can cost at most."""
SECTION_TITLES = ("The conversation", "How it went", "Yes, AND", "What worked, what to change",
                  "Cost absorbed", "Action items and follow-up", "Tags")  # fmt: skip
_SECTION_STARTS = ("#client", "#acknowledged", "#yes_we_owned", "#what_worked", "#cost_amount",
                   "#action-items Input, #add-item", "#tags")  # fmt: skip
"""Where the cursor lands in each section: its first field."""
_CARRIED = ("follow_up_done_on",)
"""Values the form has no field for, carried from the record or draft through a save."""
_FIELDS = "#form Input, #form Select, #form Checkbox, #form TextArea, #form PracticePicker"
"""Every widget whose value the form keeps, by its id."""
_ITEM_PARTS = {"owner": ".item-owner", "party": ".item-party", "due": ".item-due",
               "done_on": ".item-done", "internal": ".item-internal"}  # fmt: skip


class ReflectionFormScreen(AppScreen[None]):
    """Reads and writes the store through the app; widgets only hold what was typed."""

    holds_typing = True
    """Tells the app to keep its one-letter keys (n, l, b, a, s) away from this screen."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "leave", "Leave"),
        Binding("ctrl+n", "add_item", "Add action item"),
        # Priority: the app moves focus before it hands on the keys typed next, so a name
        # typed fast after tab lands in the next field, not the one just left.
        Binding("tab", "app.focus_next", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", show=False, priority=True),
        # Priority: a text area would otherwise take ctrl+up/down to move its cursor.
        Binding("ctrl+down", "step_section(1)", "Next section", priority=True),
        Binding("ctrl+up", "step_section(-1)", "Previous section", show=False, priority=True),
        *(
            Binding(f"alt+{n}", f"section({n})", f"Section {n}: {title}", show=False)
            for n, title in enumerate(SECTION_TITLES, start=1)
        ),
    ]

    def __init__(self, *, editing: Reflection | None = None, draft: Draft | None = None,
                 client: str = "") -> None:  # fmt: skip
        super().__init__()
        self.editing = editing
        self.draft_id = draft.id if draft is not None else new_draft_id()
        if draft is not None:
            self._initial: Values = dict(draft.fields)
        elif editing is not None:
            self._initial = from_reflection(editing)
        else:
            self._initial = {"client": client, "when": "now"}
        self._from_draft = draft is not None
        self._baseline: Values | None = None
        """What counts as unchanged; None for a resumed draft, which is unsaved by definition."""
        self._finished = False
        self._latest: Values | None = None
        self._error_at: Widget | None = None
        self._saving = False
        self._vocabulary = Vocabulary()
        """The team's names and tags, once loaded: new action item rows suggest owners too."""
        self._directory = EMPTY_DIRECTORY
        """The client profiles, once loaded: the client's style hint and contacts."""
        self._people: tuple[str, ...] = ()
        self._style_hint: str | None = None
        """The known client's style hint as shown (None: not shown yet)."""
        """Names suggested for people: the client's contacts first, then the team's names."""
        self._new_id = str(uuid.uuid4())
        """A new reflection's id, fixed once, so a repeated save can never store it twice."""
        self._opened = False
        """Shown at least once: until then a form built ahead does nothing at all."""
        self._styled_in = ""
        """The theme its widgets were styled in when mounted."""

    # --- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        app = self.services
        if self.editing is None and self._initial.get("led") is None:
            self._initial["led"] = app.config.member or ""  # usually the one recording led
        f = FieldMaker(self._initial, app.now)
        yield Header()
        yield Static("", id="form-error", markup=False)
        with VerticalScroll(id="form") as form:
            form.can_focus = False  # tab goes field to field; the form scrolls to follow
            yield from self._section(1, "conversation")
            with Horizontal(classes="form-row"):
                yield f.text("client", "Client", "known clients are suggested")
                yield f.date("when", "When", "yesterday 4pm, mon 10:30, 2 hours ago")
            with Horizontal(classes="form-row"):
                yield f.choice("type", "Type", choices(ConversationType), "other")
                yield f.choice("channel", "Channel", choices(Channel), "call")
                yield f.date("noticed", "First noticed", "optional: 3 days ago")
            with Horizontal(classes="form-row"):
                yield f.text("led", "Who led", "name")
                yield f.text("participants", "Others on the call", "comma separated")
            yield from self._section(2, "structure")
            for part in STRUCTURE_PARTS:
                yield Checkbox(PART_LABELS[part], bool(self._initial.get(part)), id=part)
            with Horizontal(classes="form-row"):
                yield f.choice("mood_before", "Temperature before", MOODS, None)
                yield f.choice("mood_after", "Temperature after", MOODS, None)
                yield f.choice("outcome", "Outcome", choices(Outcome), "in_progress")
            yield from self._section(3, "yes_and")
            with Horizontal(classes="form-row"):
                yield f.area("yes_we_owned", "Yes: what we owned")
                yield f.area("and_client_contribution", "AND: the client's part, our asks")
            yield from self._section(4, "reflection")
            with Horizontal(classes="form-row"):
                # The team's practices as the store has them now (a few small files): read
                # here, so the form never opens without them.
                practices = app.store.practices()
                with Vertical(classes="form-column"):
                    yield f.area("what_worked", "What worked")
                    yield self._picker(practices, "practices_used", "Practices used  (space ticks)")
                with Vertical(classes="form-column"):
                    yield f.area("what_to_change", "What to change")
                    yield self._picker(practices, "practices_missed",
                                       "Practices missed  (space ticks)")  # fmt: skip
            yield from self._section(5, "cost")
            with Horizontal(classes="form-row"):
                yield f.text("cost_amount", "Amount", "none")
                yield f.text("cost_currency", "Currency", "EUR", default=app.config.currency,
                             restrict=r"[A-Za-z]*", max_length=3)  # fmt: skip
                yield f.choice("cost_kind", "Kind", choices(CostKind), "other")
                yield f.text("cost_note", "Note", "what we gave, and why")
            yield from self._section(6, "actions")
            with Vertical(id="action-items"):
                for row in self._initial.get("action_items", []):
                    yield ActionItemRow(row, clock=app.now)
            with Horizontal(classes="form-row"):
                yield Button("+ Action item  ctrl+n", id="add-item")
                yield f.date("follow_up", "Follow up with the client on", "fri, in 2 weeks",
                             direction="future", day_only=True)  # fmt: skip
                yield Checkbox("Followed up", bool(self._initial.get("follow_up_done")),
                               id="follow_up_done")  # fmt: skip
            yield from self._section(7, "tags")
            yield f.text("tags", "Tags", "comma separated: deadline, q4-launch")
        yield SteadyFooter()

    def _picker(self, practices: PracticeVocabulary, key: str, title: str) -> PracticePicker:
        """The practices for the conversation's type, ticked as the values started."""
        return PracticePicker(practices, self._kind(), self._initial.get(key) or [], title=title,
                              id=key)  # fmt: skip

    def _kind(self) -> ConversationType:
        value = self._initial.get("type")
        try:
            return ConversationType(value) if value else ConversationType.OTHER
        except ValueError:  # a draft from a version with other types
            return ConversationType.OTHER

    def _section(self, number: int, section: str) -> ComposeResult:
        yield Static(f"{number}  {SECTION_TITLES[number - 1]}", classes="form-section")
        yield Static("", classes="guidance", id=f"hint-{section}", markup=False)
        if section == "conversation":
            yield Static("", classes="guidance", id="hint-style", markup=False)

    def on_mount(self) -> None:
        self._styled_in = self.app.theme
        editing = self.editing.id if self.editing else None
        self._drafts = DraftKeeper(self.services.drafts, self.draft_id, editing)
        self.sub_title = f"Editing {self.editing.client}" if self.editing else "New reflection"
        self._show_hints()
        self._know_client()

    @on(ScreenResume)
    def _first_shown(self, event: ScreenResume) -> None:
        # Before Textual's own handler, which reads `refresh_styles`.
        if not self._opened:
            # Styled when it was mounted, under the same theme: Textual would style all its
            # widgets again, which is about half of what showing a form built ahead costs.
            event.refresh_styles = self.app.theme != self._styled_in
            self._opened = True
            self._open()

    def _open(self) -> None:
        """What the form does once it is first shown. A form built ahead of `n` (see
        `AftercallApp.prepare_form`) waits until then: "now" means when it opens, the team's
        practices are as they are then, and nothing is kept as a draft before anyone types."""
        for field in self.query(DateInput):
            field.watch_value(field.value)
        practices = self.services.store.practices()
        for picker in self.query(PracticePicker):
            picker.use(practices)
        self._first_empty().focus()
        self.call_after_refresh(self._settle)
        self.set_interval(AUTOSAVE_SECONDS, self._autosave)
        self.load_vocabulary()

    def start_with_client(self, client: str) -> None:
        """A form built ahead, opened for `client` (from its page or the palette)."""
        self._initial["client"] = client
        self.query_one("#client", Input).value = client

    def _first_empty(self) -> Widget:
        """Where typing starts: the first text field left empty, in tab order (the client on a
        new form; on an edit or a resumed draft, whatever is still missing)."""
        for field in self.query("#form Input, #form TextArea"):
            if field.focusable and not str(value_of(field)).strip():
                return field
        return self.query_one("#client", Input)

    def _settle(self) -> None:
        self._latest = self.values()
        self._baseline = None if self._from_draft else self._latest

    @work(thread=True, exit_on_error=False, description="Loading the team's names and tags")
    def load_vocabulary(self) -> None:
        """Suggest the clients, people and tags the team already wrote, as they are typed."""
        vocabulary = self.services.vocabulary()
        directory = load_directory(self.services.store.root)
        self.post_message(self.VocabularyLoaded(vocabulary, directory))

    class VocabularyLoaded(Message):
        def __init__(self, vocabulary: Vocabulary, directory: ClientDirectory) -> None:
            super().__init__()
            self.vocabulary = vocabulary
            self.directory = directory

    def on_reflection_form_screen_vocabulary_loaded(self, event: VocabularyLoaded) -> None:
        words = self._vocabulary = event.vocabulary
        self._directory = event.directory
        self.query_one("#client", Input).suggester = NameSuggester(words.clients)
        self.query_one("#tags", Input).suggester = NameSuggester(words.tags, several=True)
        self._people = ()
        self._know_client()

    @on(Input.Changed, "#client")
    def _know_client(self) -> None:
        """A known client: its style's hint under the type's guidance, and its contacts
        suggested first for the people on the call and the owners of items."""
        profile = self._directory.resolve(self.query_one("#client", Input).value)
        hint = f"{profile.name} is {profile.style.value}: {profile.style_hint}" if profile else ""
        if hint != self._style_hint:  # an update lays the whole form out again: not per key
            self._style_hint = hint
            style_hint = self.query_one("#hint-style", Static)
            style_hint.update(hint)
            style_hint.display = profile is not None
        contacts = tuple(c.name for c in profile.contacts) if profile else ()
        people = (*contacts, *self._vocabulary.people)
        if people == self._people:
            return
        self._people = people
        self.query_one("#led", Input).suggester = NameSuggester(people)
        self.query_one("#participants", Input).suggester = NameSuggester(people, several=True)
        for row in self.query(ActionItemRow):
            row.owner_suggester = NameSuggester(people)

    # --- sections ---------------------------------------------------------------------------

    def _section_start(self, number: int) -> Widget:
        return self.query(_SECTION_STARTS[number - 1]).first()

    def action_section(self, number: int) -> None:
        """Jump to the first field of section `number` (alt+1 .. alt+7)."""
        field = self._section_start(number)
        field.focus(scroll_visible=False)
        self.query_one("#form", VerticalScroll).scroll_to_widget(field, animate=False, top=True)

    def action_step_section(self, step: int) -> None:
        """Jump to the next (1) or previous (-1) section from the field the cursor is in."""
        chain = self.focus_chain
        here = chain.index(self.focused) if self.focused in chain else -1
        starts = [chain.index(self._section_start(n)) for n in range(1, len(SECTION_TITLES) + 1)]
        current = sum(1 for start in starts if start <= here)  # 0 before the first section
        self.action_section(min(max(current + step, 1), len(SECTION_TITLES)))

    # --- values -----------------------------------------------------------------------------

    def values(self) -> Values:
        """The raw value of every field, as typed (dates as the day they meant when typed)."""
        out: Values = {}
        for field in self.query(_FIELDS):
            if field.id is not None:  # the parts of an action item row have none
                out[field.id] = value_of(field)
        out["action_items"] = [row.values() for row in self._rows()]
        for key in _CARRIED:
            out[key] = self._initial.get(key)
        return out

    def _rows(self) -> list[ActionItemRow]:
        return [row for row in self.query(ActionItemRow) if not row.removed]

    @property
    def dirty(self) -> bool:
        return self._baseline is None or self.values() != self._baseline

    @on(Select.Changed, "#type")
    def _show_hints(self) -> None:
        kind = self.query_one("#type", Select).value
        kind_name = kind if isinstance(kind, str) else "other"
        for section in SECTIONS:
            self.query_one(f"#hint-{section}", Static).update(hint(kind_name, section))
        for picker in self.query(PracticePicker):
            picker.show_kind(ConversationType(kind_name))

    @on(SelectionList.SelectedChanged, "PracticePicker")
    def _used_or_missed(self, event: SelectionList.SelectedChanged[str]) -> None:
        """A practice ticked as used is unticked as missed, and the other way round."""
        ticked = event.selection_list
        other = next(p for p in self.query(PracticePicker) if p is not ticked)
        other.tick_off(ticked.selected)

    # --- action items -----------------------------------------------------------------------

    @on(Button.Pressed, "#add-item")
    async def action_add_item(self) -> None:
        row = ActionItemRow(clock=self.services.now)
        row.owner_suggester = NameSuggester(self._people or self._vocabulary.people)
        await self.query_one("#action-items", Vertical).mount(row)
        row.query_one(".item-text", Input).focus(scroll_visible=False)
        self.call_after_refresh(row.scroll_visible, animate=False)
        self._remember()

    @on(ActionItemRow.RemoveRequested)
    def remove_item(self, event: ActionItemRow.RemoveRequested) -> None:
        event.row.removed = True  # its parts may still report changes while it goes
        event.row.remove()
        self.call_after_refresh(self._remember)
        self.call_after_refresh(self.query_one("#add-item", Button).focus)

    # --- drafts -----------------------------------------------------------------------------

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(SelectionList.SelectedChanged)
    def _remember(self, event: Message | None = None) -> None:
        """Keep the latest values at hand (when the app quits, the widgets are gone before the
        screen hears of it), updating only the field that changed, so a key costs little."""
        control = getattr(event, "control", None)
        if control is not None and control is self._error_at:
            self._clear_error()
        if not self.is_mounted or self._finished:
            return
        latest = dict(self._latest) if self._latest is not None else None
        if latest is None or control is None:
            self._latest = self.values()
        elif control.id is not None and control.id in latest:
            latest[control.id] = value_of(control)
            self._latest = latest
        else:  # a part of an action item row
            latest["action_items"] = [row.values() for row in self._rows()]
            self._latest = latest

    def _unkept(self) -> Values | None:
        """What was typed and not yet saved, if there is any: a form never shown has none."""
        latest = self._latest
        if self._opened and not self._finished and latest is not None and latest != self._baseline:
            return latest
        return None

    def _autosave(self) -> None:
        latest = self._unkept()
        if latest is not None:
            self.keep_draft(latest)

    @work(thread=True, exit_on_error=False, group="draft", description="Keeping a draft")
    def keep_draft(self, latest: Values) -> None:
        """A draft write syncs to disk: off the UI thread, so typing never waits for it."""
        try:
            self._drafts.keep(latest, self.services.now())
        except OSError as error:
            self.post_message(self.DraftFailed(str(error)))

    class DraftFailed(Message):
        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def on_reflection_form_screen_draft_failed(self, event: DraftFailed) -> None:
        self.notify(f"Could not keep a draft: {event.reason}", severity="warning")

    def on_unmount(self) -> None:
        """Leaving without saving (the app quits, the terminal closes): keep the draft now."""
        latest = self._unkept()
        if latest is not None:
            # The app is closing and cannot show an error: the last timed draft stands.
            with contextlib.suppress(OSError):
                self._drafts.keep(latest, self.services.now())

    # --- save and leave ---------------------------------------------------------------------

    def action_save(self) -> None:
        """Validate with the same reader as `aftercall add`, then write in a worker."""
        if self._saving:
            return  # a second ctrl+s while the first is being written
        app = self.services
        now = app.now()
        values = self.values()
        rows: list[int] = []
        try:
            record, rows = to_interchange(values, now.replace(tzinfo=None), now.date())
            record["id"] = self.editing.id if self.editing else self._new_id
            if self.editing is not None:
                record["member"] = self.editing.member
            reflection = reflection_from_dict(record, default_member=app.store.member)
            if self.editing is None or self.editing.conversation_at != reflection.conversation_at:
                refuse_future_conversation(reflection, now)
        except ValidationError as problem:
            self._show_error(problem, rows)
            return
        self._clear_error()
        self._saving = True
        self.persist(reflection, values)

    def _show_error(self, problem: ValidationError, rows: list[int]) -> None:
        """Name the field, mark it and take the cursor there; what was typed stays."""
        self._clear_error()
        target = widget_for(problem, rows)
        banner = self.query_one("#form-error", Static)
        banner.update(f"Not saved. {error_text(problem, target)}")
        banner.display = True
        widget = self._widget(target)
        if widget is not None:
            widget.add_class("field-error")
            self._error_at = widget
            widget.focus()
            self.query_one("#form", VerticalScroll).scroll_to_widget(widget)

    def _clear_error(self) -> None:
        self.query_one("#form-error", Static).display = False
        if self._error_at is not None:
            self._error_at.remove_class("field-error")
            self._error_at = None

    def _widget(self, target: str | None) -> Widget | None:
        if target is None:
            return None
        if target.startswith("item-"):
            _, index, part = target.split("-", 2)
            rows = self._rows()
            if int(index) >= len(rows):
                return None
            return rows[int(index)].query_one(_ITEM_PARTS.get(part, ".item-text"))
        found = self.query(f"#{target}")
        return found.first() if found else None

    @work(thread=True, exit_on_error=False, description="Saving the reflection")
    def persist(self, reflection: Reflection, values: Values) -> None:
        """Not exclusive: a second ctrl+s must never cancel a save under way."""
        app = self.services
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
        self._saving = False
        banner = self.query_one("#form-error", Static)
        banner.update(f"Not saved. {event.reason}")
        banner.display = True

    def on_reflection_form_screen_saved(self, event: Saved) -> None:
        self._baseline = event.values
        self._close()
        what = "Updated" if self.editing else "Saved"
        self.app.notify(f"{what} the reflection on {event.reflection.client}", title="Saved")
        self.app.post_message(StoreChanged(Change.SAVED, event.reflection.id))

    def action_leave(self) -> None:
        """Leave; when something was typed, ask before throwing it away."""
        if not self.dirty:
            self._close()
            return
        # What was typed goes to disk before the question: if the app dies on it, resume it.
        self._latest = self.values()
        try:
            self._drafts.keep(self._latest, self.services.now())
        except OSError as error:
            self.notify(f"Could not keep a draft: {error}", severity="warning")

        def answered(discard: bool | None) -> None:
            if discard:
                self._close()

        self.app.push_screen(
            ConfirmDialog(
                "Leave and throw away what you typed?", "Discard", "Keep editing", danger=True
            ),
            answered,
        )

    def _close(self) -> None:
        self._finished = True
        self._drafts.finish()
        self.app.pop_screen()
        self.app.post_message(FormClosed())
