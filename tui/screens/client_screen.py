"""One client's page: what the team knows before the next hard call with them.

Pushed inside the current section, at most once per section (`AftercallApp.open_client` brings
an open page back and shows the client asked for), so the stack stays bounded: the section,
this page, a reflection opened from it, a dialog. `p` shows the briefing `aftercall prep` prints.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Header, Static

from exports.briefing import WIDTH, render_briefing_text
from store import ConversationType, Reflection
from store.insights import (
    ActionFilter,
    ActionRow,
    Briefing,
    action_rows,
    build_briefing,
    by_client,
    records_of,
    team_cost_norm,
)
from store.records import fold_name, format_amount
from store.storage import load_directory
from tui.guidance import conversation_guidance
from tui.plain import plain_row
from tui.screens.app_screen import AppScreen
from tui.screens.briefing_dialog import BriefingDialog
from tui.screens.reflection_detail_screen import ReflectionDetailScreen
from tui.text_views import fit, lateness, when
from tui.widgets.steady_footer import SteadyFooter

ITEM_WIDTH = 44
"""Characters of an open item's text the table shows (the whole text is on its reflection)."""
BRIEFING_MARGIN = 14
"""Columns the briefing dialog takes for its frame, the text area's border and scrollbar."""


@dataclass(frozen=True, slots=True)
class ClientView:
    """Everything the page shows, computed off the UI thread."""

    briefing: Briefing
    timeline: list[Reflection]
    """The client's conversations, newest first."""
    open_items: list[ActionRow]
    """Open items on both sides, the oldest due first."""


def _temperature(r: Reflection) -> str:
    before = "?" if r.mood_before is None else str(r.mood_before)
    after = "?" if r.mood_after is None else str(r.mood_after)
    return f"{before} -> {after}"


def _cost(r: Reflection) -> str:
    c = r.cost_absorbed
    return "" if c is None else f"{c.currency} {format_amount(c.amount)}"


def _human(value: str) -> str:
    return value.replace("_", " ")


class ClientScreen(AppScreen[None]):
    BINDINGS = [
        Binding("p", "briefing", "Briefing"),
        Binding("r", "reload", "Reload"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def __init__(self, client: str) -> None:
        super().__init__()
        self.client = client
        """The client as asked for (any spelling or alias); the page shows its display name."""
        self.view: ClientView | None = None
        self._asked = 0
        """Loads asked for: an answer for a client asked for before another is dropped."""
        self._briefing_wanted = False
        """p was pressed before the page had loaded: the briefing opens once it has."""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="client-page"):
            yield Static("", id="client-title", classes="section-title", markup=False)
            yield Static("", id="client-health", markup=False)
            yield Static("", id="client-profile", markup=False)
            yield Static("Conversations  [dim](enter opens one)[/]", classes="section-title")
            yield DataTable(id="timeline", cursor_type="row", zebra_stripes=True)
            yield Static("Open items, oldest first", classes="section-title")
            yield DataTable(id="open-items", cursor_type="row", zebra_stripes=True)
            yield Static("", id="open-items-hint", classes="hint")
            yield Static("", id="client-notes", markup=False)
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.query_one("#timeline", DataTable).add_columns(
            "When", "Type", "Outcome", "Temp", "Cost", "Member"
        )
        self.query_one("#open-items", DataTable).add_columns("Due", "Side", "What", "Owner")
        self.sub_title = self.client
        self._load_anew()

    def show_client(self, client: str) -> None:
        """Show `client` on this same page (the one page a section holds); the client shown
        already (under any of its names) stays as it is, with the cursor where it was."""
        shown = self.view.briefing if self.view is not None else None
        spelled = (shown.client, *shown.aliases) if shown is not None else ()
        names = {fold_name(n) for n in (self.client, *spelled)}
        if fold_name(client) in names:
            return
        self.client = client
        self.sub_title = client
        self.view = None
        self._load_anew()

    def _load_anew(self) -> None:
        for table in self.query(DataTable):
            table.clear()
            table.loading = True
        self.reload()

    def action_reload(self) -> None:
        self.reload()

    def reload(self) -> None:
        """What is shown stays until the new answer arrives (a save, a sync, r)."""
        self._asked += 1
        self.load(self.client, self._asked)

    @work(thread=True, exit_on_error=False, description="Loading the client's page")
    def load(self, client: str, asked: int) -> None:
        """The store may be large: every reflection is read and grouped here, never on the UI
        thread."""
        store = self.services.store
        records = store.query()
        directory = load_directory(store.root)
        today = self.services.now().date()
        cost_norm = team_cost_norm(by_client(records, directory).values(), today)
        guidance = conversation_guidance(kind.value for kind in ConversationType)
        briefing = build_briefing(client, records, directory, today, guidance, cost_norm)
        mine = [r for r in records_of(directory, client, records) if r.conversation_date <= today]
        view = ClientView(
            briefing=briefing,
            timeline=list(reversed(mine)),
            open_items=action_rows(mine, today, ActionFilter(open_only=True)),
        )
        self.post_message(self.Loaded(view, asked))

    @dataclass
    class Loaded(Message):
        view: ClientView
        asked: int

    def on_client_screen_loaded(self, event: Loaded) -> None:
        if event.asked != self._asked:
            return  # another client was asked for since
        first = self.view is None
        self.view = view = event.view
        b = view.briefing
        today = b.today
        self.sub_title = b.client
        aka = f" (also {', '.join(b.aliases)})" if b.aliases else ""
        count = f"{b.conversations} conversation{'s' if b.conversations != 1 else ''}"
        self.query_one("#client-title", Static).update(f"{b.client}{aka} · {count}")
        self.query_one("#client-health", Static).update(
            f"Health  {b.health.label.upper()}: {'; '.join(b.health.reasons)}"
        )
        self.query_one("#client-profile", Static).update(self._profile(b))
        timeline = self.query_one("#timeline", DataTable)
        timeline.clear()
        for r in view.timeline:
            cells = plain_row(when(r)[:10], r.type.label, r.outcome.label, _temperature(r),
                              _cost(r), r.member)  # fmt: skip
            timeline.add_row(*cells, key=r.id)
        items = self.query_one("#open-items", DataTable)
        items.clear()
        for n, row in enumerate(view.open_items):
            side = "us" if row.item.party.value == "us" else "them"
            cells = plain_row(lateness(row, today), side, fit(row.item.text, ITEM_WIDTH),
                              row.item.owner)  # fmt: skip
            items.add_row(*cells, key=f"{row.reflection.id}#{n}")
        for table in (timeline, items):
            table.loading = False
            table.display = table.row_count > 0
        hint = self.query_one("#open-items-hint", Static)
        hint.update("" if view.open_items else "Nothing open on either side.")
        hint.display = not view.open_items
        self.query_one("#client-notes", Static).update(self._notes(b))
        if first or self.focused is None or not self.focused.display:
            # The conversations first; the page itself (tab to it) scrolls to the notes below.
            self.focus_next(DataTable)
        if self._briefing_wanted:
            self._briefing_wanted = False
            self.action_briefing()

    @staticmethod
    def _profile(b: Briefing) -> str:
        lines = [f"Style   {b.style.value}: {b.style_hint}",
                 f"Channel {_human(b.channel) if b.channel else 'not known yet'}"
                 + (f" · approver {b.approver}" if b.approver else "")]  # fmt: skip
        if b.contacts:
            people = "; ".join(c.name + (f" ({c.role})" if c.role else "") for c in b.contacts)
            lines.append(f"People  {people}")
        return "\n".join(fit(line, 400) for line in lines)

    @staticmethod
    def _notes(b: Briefing) -> str:
        def listed(title: str, values: list[str], empty: str) -> list[str]:
            return [title, *(f"  - {fit(v, 200)}" for v in values or [empty])]

        cost = ", ".join(f"{c} {format_amount(a)}" for c, a in b.cost.items()) or "none"
        follow = b.next_follow_up.isoformat() if b.next_follow_up else "none planned"
        lines = [
            *listed("Asks that keep coming", list(b.asks), "nothing repeated yet"),
            f"Cost absorbed to date  {cost}",
            *listed("What worked", [x.text for x in b.worked], "nothing recorded"),
            *listed("What to change", [x.text for x in b.backfired], "nothing recorded"),
            f"Next follow-up  {follow}",
        ]
        return "\n".join(lines)

    @on(DataTable.RowSelected)
    def open_reflection(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.app.push_screen(ReflectionDetailScreen(event.row_key.value.split("#")[0]))

    def action_briefing(self) -> None:
        if self.view is None:
            self._briefing_wanted = True
            return
        room = max(40, min(WIDTH, self.app.size.width - BRIEFING_MARGIN))
        text = render_briefing_text(self.view.briefing, room)
        self.app.push_screen(BriefingDialog(self.view.briefing.client, text))
