"""The export dialog: period, format, options and path, with a live preview of the Markdown.

It returns an ExportChoice (or None when cancelled); the caller renders and writes the file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Checkbox, Input, Label, Markdown, Select

from exports.registry import CHART_FORMATS, EXTENSIONS, RENDERERS, DigestRequest
from store import StoreError
from store.insights import Period, default_as_of, parse_period
from tui.screens.app_screen import AppModal
from tui.widgets.steady_input import SteadyInput


@dataclass(frozen=True, slots=True)
class ExportChoice:
    request: DigestRequest
    path: Path
    share: bool = False
    """Into the team store's digests/ (Markdown; an aliased copy too when aliases are ticked)."""


PREVIEW_LINES = 300
"""Lines of the digest the preview renders. A month of a large team runs to thousands of lines,
and Textual's Markdown widget takes minutes over those; the start shows the digest's shape."""


def preview_excerpt(markdown: str, limit: int = PREVIEW_LINES) -> str:
    """The first `limit` lines of `markdown`, cut at a blank line so no table or list is split,
    with a note of how much the file holds beyond them."""
    lines = markdown.splitlines()
    if len(lines) <= limit:
        return markdown
    cut = next((n for n in range(limit, 0, -1) if not lines[n - 1].strip()), limit)
    kept = "\n".join(lines[:cut]).rstrip()
    return f"{kept}\n\n*The preview stops here; the file holds all {len(lines):,} lines.*\n"


class ExportDialog(AppModal[ExportChoice | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "export", "Export"),
    ]

    def __init__(
        self,
        period: Period,
        today: date,
        folder: Path,
        preview: Callable[[DigestRequest], str],
        *,
        team_folder: Path | None = None,
    ) -> None:
        super().__init__()
        self._team_folder = team_folder
        """The team store's digests/ folder, where "Share with the team" writes."""
        self._period = period
        self._today = today
        self._folder = folder
        self._preview = preview
        self._latest: DigestRequest | None = None
        """The options of the newest preview asked for: an older one finishing late is dropped."""

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog"):
            yield Label("Export the team digest", classes="section-title")
            with Horizontal(classes="export-row"):
                yield SteadyInput(self._period.code, id="export-period",
                            placeholder="2026-10, 2026-Q4 or 2026")  # fmt: skip
                yield Select([(name, name) for name in RENDERERS], value="md",
                             allow_blank=False, id="export-format")  # fmt: skip
            with Horizontal(classes="export-row"):
                yield Checkbox("Pseudonymise clients", id="export-clients")
                yield Checkbox("Anonymise members", id="export-members")
                yield Checkbox("Charts", id="export-charts")
                yield Checkbox("Share with the team", id="export-share",
                               disabled=self._team_folder is None)  # fmt: skip
            yield SteadyInput("", id="export-path")
            yield Label("", id="export-error")
            with VerticalScroll(id="export-preview-box"):
                yield Markdown("", id="export-preview")
            with Horizontal(classes="export-row"):
                yield Button("Export", variant="primary", id="export-go")
                yield Button("Cancel", id="export-cancel")

    def on_mount(self) -> None:
        self._refresh()

    def _request(self) -> DigestRequest:
        period = parse_period(self.query_one("#export-period", Input).value)
        fmt = "md" if self._sharing() else str(self.query_one("#export-format", Select).value)
        return DigestRequest(
            period=period,
            as_of=default_as_of(period, self._today),
            format=fmt,
            pseudonymise_clients=self.query_one("#export-clients", Checkbox).value,
            anonymise_members=self.query_one("#export-members", Checkbox).value,
            charts=fmt in CHART_FORMATS
            and not self._sharing()
            and self.query_one("#export-charts", Checkbox).value,
        )

    @on(Input.Changed, "#export-period")
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _refresh(self) -> None:
        sharing = self._sharing()
        fmt = "md" if sharing else self.query_one("#export-format", Select).value
        self.query_one("#export-format", Select).disabled = sharing
        self.query_one("#export-charts", Checkbox).disabled = sharing or fmt not in CHART_FORMATS
        self.query_one("#export-path", Input).disabled = sharing
        error = self.query_one("#export-error", Label)
        try:
            request = self._request()
        except StoreError as problem:
            error.update(str(problem))
            return
        error.update("")
        path = self.query_one("#export-path", Input)
        suggested = self._folder / f"digest-{request.period.code}{EXTENSIONS[request.format]}"
        if sharing and self._team_folder is not None:
            path.value = str(self._team_folder / f"{request.period.code}.md")
        elif (
            not path.value
            or path.value.startswith(str(self._folder / "digest-"))
            or (self._team_folder is not None and path.value.startswith(str(self._team_folder)))
        ):
            path.value = str(suggested)
        self._latest = request
        self.render_preview(request)

    @work(exclusive=True, thread=True, exit_on_error=False, description="Previewing the digest")
    def render_preview(self, request: DigestRequest) -> None:
        """Exclusive: only the newest options' preview is worth finishing (it writes nothing)."""
        markdown = self._preview(DigestRequest(
            request.period, request.as_of, "md", request.pseudonymise_clients,
            request.anonymise_members, request.charts))  # fmt: skip
        self.post_message(self.Previewed(preview_excerpt(markdown), request))

    @dataclass
    class Previewed(Message):
        markdown: str
        request: DigestRequest

    async def on_export_dialog_previewed(self, event: Previewed) -> None:
        if event.request != self._latest:
            return  # cancelled, but its thread ran on: a newer preview is coming
        await self.query_one("#export-preview", Markdown).update(event.markdown)

    @on(Button.Pressed, "#export-go")
    def action_export(self) -> None:
        try:
            request = self._request()
        except StoreError as problem:
            self.query_one("#export-error", Label).update(str(problem))
            return
        target = self.query_one("#export-path", Input).value.strip()
        if self._sharing():
            self.dismiss(ExportChoice(request, Path(target), share=True))
            return
        if not target:
            self.query_one("#export-error", Label).update("path: where should the file go?")
            return
        self.dismiss(ExportChoice(request, Path(target).expanduser()))

    def _sharing(self) -> bool:
        return self._team_folder is not None and self.query_one("#export-share", Checkbox).value

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
