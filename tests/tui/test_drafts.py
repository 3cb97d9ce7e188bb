"""Drafts: what was typed survives an app that exits without saving, and is offered next time."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.widgets import Input, TextArea

from store import Store
from tests.tui.conftest import APP_NOW
from tests.tui.test_form import fill, form_app, save, type_into
from tui.app import build_app
from tui.config import Config
from tui.drafts import Draft, DraftBox, DraftKeeper
from tui.screens.confirm_dialog import ConfirmDialog
from tui.screens.home_screen import HomeScreen
from tui.screens.reflection_form_screen import ReflectionFormScreen

SIZE = (100, 32)


async def test_a_draft_survives_an_exit_and_is_offered_next_time(
    store: Store, tmp_path: Path
) -> None:
    drafts = tmp_path / "drafts"
    app = form_app(store, drafts)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await fill(pilot, client="Initech", what_to_change="Send the numbers a day ahead.")
        await type_into(pilot, "#when", "yesterday 4pm")
    # The app exited without saving: the draft is on disk and offered on the next start, a day
    # later; "yesterday" still means the day it meant when it was typed.
    (path,) = drafts.glob("draft-*.json")
    assert json.loads(path.read_text())["fields"]["when"] == "2026-10-30 16:00"
    tomorrow = APP_NOW + timedelta(days=1)
    again = build_app(store, config=Config(member="Dana", currency="EUR"),
                      now=lambda: tomorrow, drafts_folder=drafts)  # fmt: skip
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        dialog = again.screen
        assert isinstance(dialog, ConfirmDialog)
        assert dialog.question.startswith("You left a reflection on Initech unsaved")
        await pilot.press("enter")  # resume is the default
        await pilot.pause()
        form = again.screen
        assert isinstance(form, ReflectionFormScreen)
        assert form.query_one("#client", Input).value == "Initech"
        assert form.query_one("#when", Input).value == "2026-10-30 16:00"
        assert form.query_one("#what_to_change", TextArea).text == "Send the numbers a day ahead."
        await pilot.press("escape")  # a resumed draft is unsaved work: leaving asks
        await pilot.pause()
        assert isinstance(again.screen, ConfirmDialog)
        await pilot.press("escape")
        await pilot.pause()
        await save(pilot)
    (saved,) = store.all()
    assert (saved.client, saved.conversation_at) == ("Initech", datetime(2026, 10, 30, 16, 0))
    assert list(drafts.glob("*.json")) == []


async def test_later_keeps_the_draft_and_a_new_form_writes_its_own(
    store: Store, tmp_path: Path
) -> None:
    drafts = tmp_path / "drafts"
    box = DraftBox(drafts)
    box.save(Draft("0123456789ab", {"client": "Hooli"}), APP_NOW - timedelta(hours=1))
    app = form_app(store, drafts, start_with=("new", "Globex"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # later: then `aftercall new --client Globex` goes on
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ReflectionFormScreen)
        assert form.query_one("#client", Input).value == "Globex"
        await fill(pilot, what_worked="Short and direct.")
    assert sorted(d.client for d in box.load_all()) == ["Globex", "Hooli"]


async def test_discard_offers_the_next_draft_then_nothing(store: Store, tmp_path: Path) -> None:
    drafts = tmp_path / "drafts"
    box = DraftBox(drafts)
    box.save(Draft("00000000000a", {"client": "Older"}), APP_NOW - timedelta(days=2))
    box.save(Draft("00000000000b", {"client": "Newer"}), APP_NOW - timedelta(days=1))
    app = form_app(store, drafts)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Newer" in app.screen.question  # type: ignore[attr-defined]
        await pilot.press("n")
        await pilot.pause()
        assert "Older" in app.screen.question  # type: ignore[attr-defined]
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert box.load_all() == []


async def test_a_draft_of_an_edit_resumes_the_edit(store: Store, tmp_path: Path) -> None:
    from tests.factories import make_reflection

    original = store.add(make_reflection(member="Dana Lee"))
    drafts = tmp_path / "drafts"
    app = form_app(store, drafts, start_with=("edit", original.id))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await fill(pilot, tags="edited")
    again = form_app(store, drafts)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "an edit on Acme Retail" in again.screen.question  # type: ignore[attr-defined]
        await pilot.press("y")
        await pilot.pause()
        assert again.screen.editing == original  # type: ignore[attr-defined]
        await save(pilot)
    (edited,) = store.all()
    assert edited.id == original.id and edited.tags == ("edited",)


def test_unreadable_or_empty_drafts_are_not_offered(tmp_path: Path) -> None:
    box = DraftBox(tmp_path)
    (tmp_path / "draft-00000000000c.json").write_text("{ torn", encoding="utf-8")
    box.save(Draft("00000000000d", {"client": "  ", "action_items": [{"text": ""}]}), APP_NOW)
    (tmp_path / "notes.json").write_text('{"fields": {"client": "x"}}', encoding="utf-8")
    assert box.load_all() == []
    box.save(Draft("00000000000e", {"action_items": [{"text": "Call"}]}, "some-id"),
             datetime(2026, 1, 1, tzinfo=UTC))  # fmt: skip
    (draft,) = box.load_all()
    assert (draft.id, draft.editing, draft.saved_at) == ("00000000000e", "some-id",
                                                         "2026-01-01T00:00:00+00:00")  # fmt: skip


async def test_the_timed_draft_is_written_while_typing(store: Store, tmp_path: Path) -> None:
    drafts = tmp_path / "drafts"
    app = form_app(store, drafts)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ReflectionFormScreen)
        form._autosave()  # what the timer calls: nothing typed, nothing written
        await app.workers.wait_for_complete()
        assert DraftBox(drafts).load_all() == []
        await fill(pilot, client="Umbrella")
        form._autosave()
        await app.workers.wait_for_complete()
        (draft,) = DraftBox(drafts).load_all()
        assert draft.client == "Umbrella" and draft.id == form.draft_id


def test_a_finished_draft_is_never_written_again(tmp_path: Path) -> None:
    box = DraftBox(tmp_path)
    keeper = DraftKeeper(box, "0000000000ff", None)
    assert keeper.keep({"client": "Acme"}, APP_NOW)
    keeper.finish()  # saved: a write that was still queued must not bring the draft back
    assert not keeper.keep({"client": "Acme", "tags": "late"}, APP_NOW)
    assert box.load_all() == []
