"""The Textual application: holds the store and config, opens on home, and routes to screens."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from textual import work
from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from exports.registry import DigestRequest, render
from exports.writer import write_export
from store import Reflection, Store, StoreError, locations
from store import sync as sharing
from store.insights import Period, previous_full_month
from store.storage import same_member
from tui.config import Config
from tui.digest_sync import sync_with_digests
from tui.drafts import Draft, DraftBox
from tui.key_order import KeysInOrder
from tui.keys_panel import KeysPanel
from tui.messages import StoreChanged
from tui.screens.actions_screen import ActionsScreen
from tui.screens.confirm_dialog import ConfirmDialog
from tui.screens.export_dialog import ExportChoice, ExportDialog
from tui.screens.home_screen import HomeScreen
from tui.screens.learnings_screen import LearningsScreen
from tui.screens.reflection_form_screen import ReflectionFormScreen
from tui.screens.reflections_screen import ReflectionsScreen
from tui.screens.shared_digests_screen import SharedDigestsScreen
from tui.shared_digests import digests_dir, share_variants

_JUMPS = {"learnings", "browse", "actions", "sync", "new_reflection", "export", "shared_digests"}
"""App actions bound to single letters: kept from a screen where those letters are text."""


class AftercallApp(KeysInOrder, KeysPanel):
    """Screens reach the store through `self.app.store`; widgets never do."""

    CSS_PATH = "styles/app.tcss"
    TITLE = "aftercall"
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
        self.now = now or (lambda: datetime.now().astimezone())
        """The app's clock; tests freeze it."""
        self.export_folder = export_folder or locations.data_dir() / "digests"
        """Where the export dialog suggests writing digests."""
        self.drafts = DraftBox(drafts_folder or locations.drafts_dir())
        self.start_with = start_with
        """What to open over home at start: ("new", client) or ("edit", reflection id)."""
        store.on_wait = self.waiting_for_sync

    def waiting_for_sync(self) -> None:
        """A save (always in a worker) waits for a sync to swap files in: say so, and carry on."""
        try:
            self.call_from_thread(self.notify, "Waiting for sync to finish; saving right after",
                                  title="Saving")  # fmt: skip
        except RuntimeError:  # not from a worker: the app's own thread
            self.notify("Waiting for sync to finish; saving right after", title="Saving")

    def on_mount(self) -> None:
        self.push_screen(HomeScreen())
        self.offer_drafts(self.drafts.load_all())
        if self.config.sync_on_start:
            self.run_sync()
        else:
            self.refresh_sync_state()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """One-letter keys jump between screens, but never while a reflection is being typed."""
        if action in _JUMPS and getattr(self.screen, "holds_typing", False):
            return False
        return super().check_action(action, parameters)

    @work(thread=True, exit_on_error=False, group="sync", description="Checking sync state")
    def refresh_sync_state(self) -> None:
        """Shown in the header: not shared, no remote, synced, or how far ahead/behind."""
        state = sharing.sync_state(self.store)
        self.call_from_thread(setattr, self, "sub_title", state.label)

    def action_sync(self) -> None:
        self.run_sync()

    @work(thread=True, exit_on_error=False, group="sync", description="Syncing with the team")
    def run_sync(self) -> None:
        """Commit, fetch, merge, push; never exclusive, so a queued sync is not cancelled."""
        self.call_from_thread(setattr, self, "sub_title", "syncing…")
        try:
            report = sync_with_digests(self.store, self.now().date())
        except StoreError as error:
            self.call_from_thread(self.notify, str(error), title="Sync", severity="warning")
        else:
            self.call_from_thread(self.notify, report.summary(), title="Sync")
            self.call_from_thread(self.announce_change)
        self.refresh_sync_state()

    def announce_change(self) -> None:
        """Tell every open screen the store changed, so each reloads what it shows."""
        for screen in self.screen_stack:
            screen.post_message(StoreChanged())

    def reflection_saved(self) -> None:
        """Called by screens after they write: refresh views, and sync if the user asked to."""
        self.announce_change()
        if self.config.sync_after_save:
            self.run_sync()
        else:
            self.refresh_sync_state()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
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
        self.push_screen(ReflectionFormScreen(editing=editing, draft=draft))

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

    def _form_open(self) -> bool:
        if any(isinstance(screen, ReflectionFormScreen) for screen in self.screen_stack):
            self.notify("Save or leave the reflection you are typing first.", severity="warning")
            return True
        return False

    def action_new_reflection(self, client: str = "") -> None:
        if not self._form_open():
            self.push_screen(ReflectionFormScreen(client=client))

    def action_edit_reflection(self, reflection_id: str) -> None:
        """Open the form on a stored reflection, if this member may change it."""
        if self._form_open():
            return
        try:
            reflection = self.store.get(reflection_id)
        except StoreError as error:
            self.notify(str(error), severity="error")
            return
        if not self._may_edit(reflection):
            self.notify(f"This reflection belongs to {reflection.member}; only its author can "
                        "change it.", severity="warning")  # fmt: skip
            return
        self.push_screen(ReflectionFormScreen(editing=reflection))

    def _may_edit(self, reflection: Reflection) -> bool:
        """The store's own rule: the author, or a record kept in this device's files."""
        if same_member(reflection.member, self.store.member):
            return True
        where = self.store.snapshot().locations.get(reflection.id)
        return where is not None and where.parent == self.store.own_dir

    def action_home(self) -> None:
        """Back to home; a form on the way asks first if it holds unsaved typing."""
        while len(self.screen_stack) > 2 and not isinstance(self.screen, HomeScreen):
            if isinstance(self.screen, ReflectionFormScreen):
                self.screen.action_leave()
                return
            self.pop_screen()

    def _switch(self, screen_type: type[Screen[None]]) -> None:
        if isinstance(self.screen, screen_type):
            return
        self.push_screen(screen_type())

    def action_learnings(self) -> None:
        self._switch(LearningsScreen)

    def action_browse(self) -> None:
        self._switch(ReflectionsScreen)

    def action_actions(self) -> None:
        self._switch(ActionsScreen)

    def action_shared_digests(self) -> None:
        self._switch(SharedDigestsScreen)

    def action_export(self, period: Period | None = None) -> None:
        chosen = period or previous_full_month(self.now().date())
        dialog = ExportDialog(chosen, self.now().date(), self.export_folder, self._preview,
                              team_folder=digests_dir(self.store.root))  # fmt: skip
        self.push_screen(dialog, self._exported)

    def _preview(self, request: DigestRequest) -> str:
        return render(self.store.query(), replace(request, practices=self.store.practices()))

    def _exported(self, choice: ExportChoice | None) -> None:
        if choice is not None:
            self.write_digest(choice)

    @work(thread=True, exit_on_error=False, description="Writing the digest")
    def write_digest(self, choice: ExportChoice) -> None:
        try:
            if choice.share:
                self._share_digest(choice)
                return
            request = replace(choice.request, practices=self.store.practices())
            path = write_export(choice.path, render(self.store.query(), request))
        except (StoreError, OSError) as error:
            self.call_from_thread(self.notify, f"Export failed: {error}", severity="error")
            return
        self.call_from_thread(self.notify, str(path), title="Digest written")

    def _share_digest(self, choice: ExportChoice) -> None:
        """Into the team store's digests/; the next sync (now, if saving syncs) shares it."""
        r = choice.request
        paths = share_variants(self.store, r.period, self.now().date(),
                               pseudonymise_clients=r.pseudonymise_clients,
                               anonymise_members=r.anonymise_members)  # fmt: skip
        names = ", ".join(path.name for path in paths)
        self.call_from_thread(self.notify, f"{names}: the next sync shares it with the team",
                              title="Digest shared")  # fmt: skip
        self.call_from_thread(self.reflection_saved)


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
