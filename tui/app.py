"""The Textual application: holds the store and config, and runs the sections as modes.

Home, learnings, browse and actions are Textual MODES: each keeps its own screen stack, so a jump
never stacks a new screen and each section keeps its state (browse's filters, the learnings
period). Only the form, the detail view and dialogs are pushed, inside the current mode.
"""

from __future__ import annotations

import contextlib
import importlib
import itertools
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from store import StoreError, locations
from store import sync as sharing
from store.insights import Period, previous_full_month
from store.storage import may_edit
from tui import screen_ahead
from tui.client_commands import ClientCommands
from tui.config import Config
from tui.covered_screens import CoveredScreensRest
from tui.drafts import Draft, DraftBox
from tui.key_order import KeysInOrder
from tui.keys_panel import KeysPanel
from tui.messages import Change, FormClosed, StoreChanged
from tui.screens.client_screen import ClientScreen
from tui.screens.confirm_dialog import ConfirmDialog
from tui.screens.home_screen import HomeScreen
from tui.suggestions import KeptVocabulary
from tui.worker_failures import report_failure

if TYPE_CHECKING:
    from exports.registry import DigestRequest
    from store import Store
    from tui.digest_sync import DigestSyncReport
    from tui.screens.export_dialog import ExportChoice
    from tui.services import Services

DEFERRED = (
    "exports.registry",
    "markdown_it",
    "arrow",
    "tui.screens.reflection_form_screen",
    "tui.screens.export_dialog",
    "tui.screens.learnings_screen",
    "tui.shared_digests",
)
"""Modules the first screen does not need: imported when first used, never at start
(tests/tui/test_startup_imports.py holds `import tui.app` to this)."""
SWITCH_INTERVAL = 0.001
"""Seconds a worker thread may keep the GIL while the UI thread waits for it (Python's default
is 0.005). Every turn of the event loop gives the GIL up and takes it back, so while a store
loads in a worker each key waited up to 5 ms several times; measured on a 100k store, the UI
thread's wake-ups came 1.2 ms late (median) instead of 7.7 ms (benchmarks/README.md, issue 19)."""


def sync_with_digests(store: Store, today: date) -> DigestSyncReport:
    """`tui.digest_sync.sync_with_digests`, imported on the first sync (it renders digests)."""
    from tui.digest_sync import sync_with_digests as sync

    return sync(store, today)


def _screen(module: str, name: str) -> Callable[[], Screen[Any]]:
    """A section's screen, its module imported the first time the section opens."""

    def make() -> Screen[Any]:
        return getattr(importlib.import_module(module), name)()  # type: ignore[no-any-return]

    return make


def _loaded(module: str, name: str) -> type | None:
    """The class, if its module was imported: if not, no screen of it can be open."""
    found = sys.modules.get(module)
    return getattr(found, name, None) if found is not None else None


def _form_screen() -> type:
    from tui.screens.reflection_form_screen import ReflectionFormScreen

    return ReflectionFormScreen


def _is_form(screen: object) -> bool:
    form = _loaded("tui.screens.reflection_form_screen", "ReflectionFormScreen")
    return form is not None and isinstance(screen, form)


_SPARE_FORM = "spare-form"
_SPARE_LAYOUT_SECONDS = 0.25
_SPARE_SETTLE_SECONDS = 0.02
"""After a form closes, how long before the next one is built: home redraws first."""

_JUMPS = {"learnings", "browse", "actions", "sync", "new_reflection", "export", "shared_digests"}
"""App actions bound to single letters: kept from wherever those letters are text."""


@dataclass
class SyncStateKnown(Message):
    """What the header should say about sharing; `ticket` orders answers that cross."""

    label: str
    ticket: int


class AftercallApp(KeysInOrder[None], KeysPanel, CoveredScreensRest[None]):
    """Screens reach the store through `AppScreen.services`; widgets never do."""

    CSS_PATH = "styles/app.tcss"
    SPARE_QUIET_SECONDS: ClassVar[float] = 0.5
    """How long the keys must rest before the next new form is built ahead (`prepare_form`)."""
    TITLE = "aftercall"
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {
        "home": HomeScreen,
        "learnings": _screen("tui.screens.learnings_screen", "LearningsScreen"),
        "browse": _screen("tui.screens.reflections_screen", "ReflectionsScreen"),
        "actions": _screen("tui.screens.actions_screen", "ActionsScreen"),
    }
    DEFAULT_MODE = "home"
    COMMANDS = App.COMMANDS | {ClientCommands}
    """Typing a client's name in the palette (ctrl+p) opens its page."""
    BINDINGS = [
        Binding("l", "learnings", "Learnings"),
        Binding("b", "browse", "Browse"),
        Binding("a", "actions", "Actions"),
        Binding("s", "sync", "Sync"),
        Binding("n", "new_reflection", "New"),
        Binding("D", "shared_digests", "Shared digests", show=False),
        Binding("f1,question_mark", "toggle_keys", "Keys"),
    ]

    def __init__(
        self,
        store: Store,
        *,
        config: Config | None = None,
        now: Callable[[], datetime] | None = None,
        export_folder: Path | None = None,
        drafts_folder: Path | None = None,
        start_with: tuple[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.config = config or Config(member=store.member)
        self.now: Callable[[], datetime] = now or (lambda: datetime.now().astimezone())
        """The app's clock; tests freeze it."""
        self.export_folder = export_folder or locations.data_dir() / "digests"
        """Where the export dialog suggests writing digests."""
        self.drafts = DraftBox(drafts_folder or locations.drafts_dir())
        self.vocabulary = KeptVocabulary(store)
        self.start_with = start_with
        """What to open over home at start: ("new", client) or ("edit", reflection id)."""
        self._spare_form: Screen[Any] | None = None
        self._spare_due: Timer | None = None
        """A new reflection's form built ahead of `n` (see `prepare_form`)."""
        self._tickets = itertools.count(1)
        self._shown_ticket = 0
        self._switch_interval = sys.getswitchinterval()
        store.on_wait = self.waiting_for_sync

    @work(thread=True, exit_on_error=False, group="warm-up", description="Preparing the form")
    def _warm_up(self) -> None:
        """Once the first screen is up, import the form off the UI thread, so `n` opens it at
        once (`DEFERRED` keeps it out of the start), and work out what it will suggest."""
        importlib.import_module("tui.screens.reflection_form_screen")
        # The form's suggestions, worked out while home is read. Only a head start: a store
        # that cannot be read is reported once, by the screen that reads it.
        with contextlib.suppress(Exception):
            self.vocabulary()

    def on_home_screen_loaded(self, _: HomeScreen.Loaded) -> None:
        """The spare form is built once home has listed the store, not while it reads it: laying
        the form out and rendering it off screen holds the UI thread (and the GIL) for about
        0.5 s a time while the store loads, which delayed a 100k home by 1.5 s."""
        self._spare_when_quiet()

    def _spare_when_quiet(self) -> None:
        """Build the spare form once no key has come for a moment: building it holds the UI
        thread for a few hundred ms, which a user moving about home would feel."""
        if self._spare_due is None:
            self._spare_due = self.set_timer(self.SPARE_QUIET_SECONDS, self._spare_now)
        else:
            self._spare_due.reset()

    async def _spare_now(self) -> None:
        self._spare_due = None
        await self.prepare_form()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and self._spare_due is not None:
            self._spare_due.reset()  # the user is busy: wait until they pause
        await super().on_event(event)

    async def prepare_form(self) -> None:
        """Build the next new reflection's form ahead, while the user reads: composing,
        styling, laying out and rendering its hundred widgets is most of what opening it
        costs, so `n` then only paints it (see tui/screen_ahead.py). The form does nothing
        until it is shown (see its `_open`).

        Awaited in the app's own queue: a key pressed meanwhile (`n`, or quit) waits until the
        form is whole, so the app never opens or closes one half built."""
        if self._spare_form is not None or not self.is_running:
            return
        if any(_is_form(screen) for screen in self.screen_stack):
            return  # not while one is filled in: a pause to think is not a pause to build in
        spare = _form_screen()()
        await screen_ahead.build(self, spare, _SPARE_FORM)
        self._spare_form = spare
        self._keep_spare_laid_out()

    def _keep_spare_laid_out(self) -> None:
        """The spare's widgets ask for layouts as they settle, and the terminal may be resized:
        catch up now and then, and soon again after a layout, so `n` never finds one to do."""
        if self._spare_form is not None and screen_ahead.lay_out(self, self._spare_form):
            self.set_timer(_SPARE_SETTLE_SECONDS, self._keep_spare_laid_out)

    def on_form_closed(self, _: FormClosed) -> None:
        self._spare_when_quiet()

    def waiting_for_sync(self) -> None:
        """A save (always in a worker) waits for a sync to swap files in: say so, and carry on.
        `notify` is safe from any thread."""
        self.notify("Waiting for sync to finish; saving right after", title="Saving")

    def on_mount(self) -> None:
        sys.setswitchinterval(SWITCH_INTERVAL)
        self.call_after_refresh(self._warm_up)
        self.set_interval(_SPARE_LAYOUT_SECONDS, self._keep_spare_laid_out)
        self.offer_drafts(self.drafts.load_all())
        if self.config.sync_on_start:
            self.run_sync()
        else:
            self.refresh_sync_state()

    def on_unmount(self) -> None:
        sys.setswitchinterval(self._switch_interval)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """One-letter keys jump between sections, but never from the form (where they are text
        wherever the focus is) nor from under a dialog. In a text box elsewhere (browse's
        search), Textual already gives the box the letters and leaves them out of the footer."""
        if action in _JUMPS and self._holds_keys():
            return False
        return super().check_action(action, parameters)

    def _holds_keys(self) -> bool:
        screen = self.screen
        return getattr(screen, "holds_typing", False) or isinstance(screen, ModalScreen)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failure(self, event)
        if event.state is WorkerState.ERROR and event.worker.group == "sync":
            self._show_sync_state("sync failed", next(self._tickets))  # not "syncing…" for ever

    # --- the one change channel -------------------------------------------------------------

    def on_store_changed(self, event: StoreChanged) -> None:
        """Hand the news to every open screen, in every mode; then share a local write if the
        user asked for sync after save (or just refresh what the header says)."""
        for screen in self.open_screens():
            screen.post_message(StoreChanged(event.what, event.reflection_id))
        if not event.what.is_local:
            return
        if self.config.sync_after_save:
            self.run_sync()
        else:
            self.refresh_sync_state()

    def open_screens(self) -> Iterator[Screen[Any]]:
        """Every screen on every mode's stack, the current mode's included."""
        for mode in self.MODES:
            try:
                yield from self.get_screen_stack(mode)
            except KeyError:  # a section not visited yet has no stack
                continue

    # --- sync -------------------------------------------------------------------------------

    def action_sync(self) -> None:
        self.run_sync()

    def run_sync(self) -> None:
        """Commit, fetch, rebase, push in a worker; the header says so meanwhile."""
        self._show_sync_state("syncing…", next(self._tickets))
        self._sync()

    def refresh_sync_state(self) -> None:
        self._check_sync_state()

    @work(thread=True, exit_on_error=False, group="sync", description="Syncing with the team")
    def _sync(self) -> None:
        """Never exclusive, so a queued sync is not cancelled. Its last act is to say the state
        (in this same thread: no worker started from a worker)."""
        try:
            report = sync_with_digests(self.store, self.now().date())
        except StoreError as error:
            self.notify(str(error), title="Sync", severity="warning", markup=False)
        else:
            self.notify(report.summary(), title="Sync", markup=False)
            self.post_message(StoreChanged(Change.SYNCED))
        self._post_sync_state()

    @work(thread=True, exit_on_error=False, group="sync", description="Checking sync state")
    def _check_sync_state(self) -> None:
        self._post_sync_state()

    def _post_sync_state(self) -> None:
        """Shown in the header: not shared, no remote, synced, or how far ahead/behind."""
        ticket = next(self._tickets)  # taken before reading: a later ticket saw a later state
        self.post_message(SyncStateKnown(sharing.sync_state(self.store).label, ticket))

    def on_sync_state_known(self, event: SyncStateKnown) -> None:
        self._show_sync_state(event.label, event.ticket)

    def _show_sync_state(self, label: str, ticket: int) -> None:
        if ticket > self._shown_ticket:
            self._shown_ticket = ticket
            self.sub_title = label

    # --- commands ---------------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("New reflection", "Record a hard conversation while it is fresh",
                            self.action_new_reflection)  # fmt: skip
        yield SystemCommand("Home", "Due follow-ups, open items and recent reflections",
                            self.action_home)  # fmt: skip
        yield SystemCommand(
            "Learnings", "What the team is learning, by period", self.action_learnings
        )
        yield SystemCommand("Browse reflections", "Filter and search every reflection",
                            self.action_browse)  # fmt: skip
        yield SystemCommand("Action items", "Open items across the team, ours and the client's",
                            self.action_actions)  # fmt: skip
        yield SystemCommand("Export digest", "The monthly digest as Markdown, HTML, JSON or CSV",
                            self.action_export)  # fmt: skip
        yield SystemCommand("Shared digests", "The digests shared with the team (key D)",
                            self.action_shared_digests)  # fmt: skip
        yield SystemCommand("Sync", "Send your reflections to the team and fetch theirs",
                            self.action_sync)  # fmt: skip

    # --- drafts and start -------------------------------------------------------------------

    def offer_drafts(self, drafts: list[Draft]) -> None:
        """Reflections left unsaved (a crash, a closed terminal): offer each, newest first.

        "Later" (escape) keeps every draft for the next start; then `start_with` runs.
        """
        if not drafts:
            self._start()
            return
        draft, rest = drafts[0], drafts[1:]
        about = f" on {draft.client}" if draft.client else ""
        when = f", last typed {draft.saved_at.replace('T', ' ')[:16]}" if draft.saved_at else ""
        doing = "an edit" if draft.editing else "a reflection"

        def answered(resume: bool | None) -> None:
            if resume:
                self._resume(draft)
            elif resume is False:
                self.drafts.discard(draft.id)
                self.offer_drafts(rest)
            else:
                self._start()

        question = f"You left {doing}{about} unsaved{when}. Resume it?"
        self.push_screen(ConfirmDialog(question, "Resume", "Discard", later="Later"), answered)

    def _resume(self, draft: Draft) -> None:
        editing = None
        if draft.editing:
            try:
                editing = self.store.get(draft.editing)
            except StoreError as error:
                self.notify(f"{error}; the draft opens as a new reflection", severity="warning")
        self.push_screen(_form_screen()(editing=editing, draft=draft))

    def _start(self) -> None:
        """What `aftercall new` or `aftercall edit ID` asked to open over home."""
        if self.start_with is None:
            return
        kind, value = self.start_with
        self.start_with = None
        if kind == "edit":
            self.action_edit_reflection(value)
        else:
            self.action_new_reflection(value)

    # --- the form ---------------------------------------------------------------------------

    def _form_open(self) -> bool:
        """One form at a time, in whichever mode it was opened."""
        if any(_is_form(screen) for screen in self.open_screens()):
            self.notify("Save or leave the reflection you are typing first.", severity="warning")
            return True
        return False

    def action_new_reflection(self, client: str = "") -> None:
        if self._form_open():
            return
        form, self._spare_form = self._spare_form, None
        if form is None:
            form = _form_screen()(client=client)
        else:
            self.uninstall_screen(form)  # closed when it is left, like any other
            if client:
                form.start_with_client(client)  # type: ignore[attr-defined]
        self.push_screen(form)

    def action_edit_reflection(self, reflection_id: str) -> None:
        """Open the form on a stored reflection, if this member may change it."""
        if self._form_open():
            return
        try:
            reflection = self.store.get(reflection_id)
        except StoreError as error:
            self.notify(str(error), severity="error")
            return
        store = self.store
        if not may_edit(store.snapshot(), reflection.id, store.member, store.own_dir):
            self.notify(f"This reflection belongs to {reflection.member}; only its author can "
                        "change it.", severity="warning")  # fmt: skip
            return
        self.push_screen(_form_screen()(editing=reflection))

    # --- sections ---------------------------------------------------------------------------

    def action_home(self) -> None:
        """Home, with any reflection opened there closed; a form on top asks first if it holds
        unsaved typing."""
        if _is_form(self.screen):
            self.screen.action_leave()  # type: ignore[attr-defined]
            return
        self.switch_mode("home")
        detail = _loaded("tui.screens.reflection_detail_screen", "ReflectionDetailScreen")
        while len(self.screen_stack) > 1 and detail and isinstance(self.screen, detail):
            self.pop_screen()

    def action_learnings(self) -> None:
        self.switch_mode("learnings")

    def action_browse(self) -> None:
        self.switch_mode("browse")

    def action_actions(self) -> None:
        self.switch_mode("actions")

    def open_client(self, client: str) -> None:
        """The client's page, pushed in the current section at most once: a page already on
        this section's stack comes back to the top (what was opened over it closes) and shows
        `client`, so going from page to reflection to page never grows the stack."""
        page = next((s for s in self.screen_stack if isinstance(s, ClientScreen)), None)
        above = self.screen_stack[self.screen_stack.index(page) + 1 :] if page else []
        if _is_form(self.screen) or any(_is_form(screen) for screen in above):
            self.notify("Save or leave the reflection you are typing first.", severity="warning")
            return
        if page is None:
            self.push_screen(ClientScreen(client))
            return
        while self.screen is not page:
            self.pop_screen()
        page.show_client(client)

    def action_shared_digests(self) -> None:
        """Pushed in the current section, once: D again on it (or on a digest it opened) stays."""
        from tui.screens.shared_digests_screen import SharedDigestsScreen

        if not any(isinstance(screen, SharedDigestsScreen) for screen in self.screen_stack):
            self.push_screen(SharedDigestsScreen())

    # --- export -----------------------------------------------------------------------------

    def action_export(self, period: Period | None = None) -> None:
        from tui.screens.export_dialog import ExportDialog
        from tui.shared_digests import digests_dir

        if isinstance(self.screen, ExportDialog):
            return
        chosen = period or previous_full_month(self.now().date())
        dialog = ExportDialog(chosen, self.now().date(), self.export_folder, self._preview,
                              team_folder=digests_dir(self.store.root))  # fmt: skip
        self.push_screen(dialog, self._exported)

    def _preview(self, request: DigestRequest) -> str:
        from exports.registry import render

        return render(self.store.query(), replace(request, practices=self.store.practices()))

    def _exported(self, choice: ExportChoice | None) -> None:
        if choice is not None:
            self.write_digest(choice)

    @work(thread=True, exit_on_error=False, description="Writing the digest")
    def write_digest(self, choice: ExportChoice) -> None:
        from exports.registry import render
        from exports.writer import write_export

        try:
            if choice.share:
                self._share_digest(choice)
                return
            request = replace(choice.request, practices=self.store.practices())
            path = write_export(choice.path, render(self.store.query(), request))
        except (StoreError, OSError) as error:
            self.notify(f"Export failed: {error}", severity="error", markup=False)
            return
        self.notify(str(path), title="Digest written", markup=False)

    def _share_digest(self, choice: ExportChoice) -> None:
        """Into the team store's digests/; the next sync (now, if saving syncs) shares it."""
        from tui.shared_digests import share_variants

        r = choice.request
        paths = share_variants(self.store, r.period, self.now().date(),
                               pseudonymise_clients=r.pseudonymise_clients,
                               anonymise_members=r.anonymise_members)  # fmt: skip
        names = ", ".join(path.name for path in paths)
        self.notify(f"{names}: the next sync shares it with the team", title="Digest shared",
                    markup=False)  # fmt: skip
        self.post_message(StoreChanged(Change.DIGEST_SHARED))


if TYPE_CHECKING:

    def _provides_services(app: AftercallApp) -> Services:
        """Never called: mypy checks here that the app gives screens every service they use."""
        return app


def build_app(
    store: Store,
    *,
    config: Config | None = None,
    now: Callable[[], datetime] | None = None,
    export_folder: Path | None = None,
    drafts_folder: Path | None = None,
    start_with: tuple[str, str] | None = None,
) -> AftercallApp:
    """The one way the CLI, tests and examples make the app."""
    return AftercallApp(store, config=config, now=now, export_folder=export_folder,
                        drafts_folder=drafts_folder, start_with=start_with)  # fmt: skip
