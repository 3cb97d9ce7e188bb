"""The digests shared in the team store, newest period first; enter opens one."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from tui.screens.app_screen import AppScreen
from tui.screens.digest_viewer_screen import DigestViewerScreen
from tui.shared_digests import list_shared
from tui.widgets.steady_footer import SteadyFooter

EMPTY = (
    "No digest is shared with the team yet. Share one from the export dialog (e on learnings, "
    'tick "Share with the team") or with `aftercall digest --share`; a sync sends it.'
)


class SharedDigestsScreen(AppScreen[None]):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Shared digests", id="shared-title", classes="section-title")
        yield DataTable(id="shared", cursor_type="row", zebra_stripes=True)
        yield Static(EMPTY, id="shared-empty", classes="hint")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.query_one("#shared", DataTable).add_columns("Period", "File")
        self.reload()

    def reload(self) -> None:
        """A glob of one folder: quick enough to run on the UI thread."""
        root = self.services.store.root
        table = self.query_one("#shared", DataTable)
        table.clear()
        shared = list_shared(root)
        for digest in shared:
            table.add_row(digest.title, digest.path.name, key=str(digest.path))
        self.query_one("#shared-empty").display = not shared
        table.display = bool(shared)
        if shared:
            table.focus()

    @on(DataTable.RowSelected, "#shared")
    def open_digest(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.app.push_screen(DigestViewerScreen(Path(event.row_key.value)))
