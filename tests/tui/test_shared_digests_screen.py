"""Sharing a digest from the export dialog, listing the shared ones and reading one."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Checkbox, DataTable, MarkdownViewer, Select

from exports.registry import DigestRequest, render
from store import Store
from store.insights.periods import parse_period
from tests.tui.test_snapshots import _after
from tui.screens.digest_viewer_screen import DigestViewerScreen, readable
from tui.screens.export_dialog import ExportDialog
from tui.screens.shared_digests_screen import SharedDigestsScreen
from tui.shared_digests import share_variants

SIZE = (120, 40)
OCTOBER = parse_period("2026-10")


async def _settle(pilot) -> None:
    for _ in range(2):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_share_with_the_team_writes_into_the_store_digests_folder(
    seeded_store: Store, make_app
) -> None:
    app = make_app(seeded_store)
    async with app.run_test(size=SIZE) as pilot:
        app.action_export(OCTOBER)
        await _settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.query_one("#export-format", Select).value = "html"
        dialog.query_one("#export-charts", Checkbox).value = True
        dialog.query_one("#export-clients", Checkbox).value = True
        dialog.query_one("#export-share", Checkbox).value = True
        await _settle(pilot)
        assert dialog.query_one("#export-format", Select).disabled  # shared digests are md
        assert dialog.query_one("#export-charts", Checkbox).disabled
        await pilot.press("ctrl+s")
        await _settle(pilot)
    folder = seeded_store.root / "digests"
    assert sorted(p.name for p in folder.iterdir()) == ["2026-10-pseudonymised.md", "2026-10.md"]
    records = seeded_store.query()
    plain = render(records, DigestRequest(OCTOBER, date(2026, 10, 31)))
    aliased = render(records, DigestRequest(OCTOBER, date(2026, 10, 31),
                                            pseudonymise_clients=True))  # fmt: skip
    assert (folder / "2026-10.md").read_text() == plain
    assert (folder / "2026-10-pseudonymised.md").read_text() == aliased
    assert "Acme" not in aliased and "```mermaid" not in plain


async def test_the_app_lists_shared_digests_newest_first_and_opens_one(
    seeded_store: Store, make_app
) -> None:
    for period in ("2026-09", "2026-Q3", "2026-10"):
        share_variants(seeded_store, parse_period(period), date(2026, 10, 31))
    share_variants(seeded_store, OCTOBER, date(2026, 10, 31), anonymise_members=True)
    app = make_app(seeded_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("D")
        await _settle(pilot)
        assert isinstance(app.screen, SharedDigestsScreen)
        table = app.screen.query_one("#shared", DataTable)
        titles = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert titles == ["October 2026", "October 2026 (members anonymised)", "2026-Q3",
                          "September 2026"]  # fmt: skip
        await pilot.press("down", "enter")
        await _settle(pilot)
        assert isinstance(app.screen, DigestViewerScreen)
        viewer = app.screen.query_one(MarkdownViewer)
        assert viewer.document.source.startswith("# Team digest: October 2026\n")
        assert "Member A" in viewer.document.source
        await pilot.press("escape", "escape")
        await _settle(pilot)
        assert not isinstance(app.screen, (SharedDigestsScreen, DigestViewerScreen))


async def test_no_shared_digest_yet_says_how_to_share_one(seeded_store: Store, make_app) -> None:
    app = make_app(seeded_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("D")
        await _settle(pilot)
        assert app.screen.query_one("#shared-empty").display
        assert not app.screen.query_one("#shared", DataTable).display


def test_a_digest_that_cannot_be_read_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "2026-10.md").write_bytes(b"\xff\xfe not utf-8")
    assert readable(tmp_path / "2026-10.md").startswith("*2026-10.md cannot be read:")
    assert readable(tmp_path / "2026-11.md").startswith("*2026-11.md cannot be read:")


@pytest.mark.parametrize("keys", [("D",), ("D", "enter")], ids=["list", "viewer"])
def test_shared_digests_look(snap_compare, seeded_store: Store, make_app, keys) -> None:
    for period in ("2026-09", "2026-10"):
        share_variants(seeded_store, parse_period(period), date(2026, 10, 31))
    app = make_app(seeded_store)
    assert snap_compare(app, terminal_size=SIZE, run_before=_after(*keys))
