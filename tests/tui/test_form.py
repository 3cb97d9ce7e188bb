"""The reflection form, driven by keys: save, errors that keep the text, drafts, leaving."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from textual.widgets import Checkbox, Input, Label, Select, TextArea

from store import Store
from tests.factories import make_reflection
from tests.tui.conftest import APP_NOW
from tui.app import build_app
from tui.config import Config
from tui.screens.confirm_dialog import ConfirmDialog
from tui.screens.home_screen import HomeScreen
from tui.screens.reflection_form_screen import ReflectionFormScreen
from tui.widgets.action_item_row import ActionItemRow

SIZE = (120, 40)


def _app(store: Store, drafts: Path):
    return build_app(store, config=Config(member="Dana", currency="EUR"), now=lambda: APP_NOW,
                     drafts_folder=drafts, export_folder=Path("/srv/digests"))  # fmt: skip


async def _type(pilot, selector: str, text: str) -> None:
    widget = pilot.app.screen.query_one(selector)
    widget.focus()
    await pilot.pause()
    if isinstance(widget, Input):
        await pilot.press("ctrl+u", "ctrl+k")
    await pilot.press(*text)


async def _choose(pilot, selector: str, value: str) -> None:
    pilot.app.screen.query_one(selector, Select).value = value
    await pilot.pause()


async def test_fill_every_field_and_save(store: Store, tmp_path: Path) -> None:
    app = _app(store, tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ReflectionFormScreen)
        await _type(pilot, "#client", "Acme Retail")
        await _type(pilot, "#when", "yesterday 4pm")
        await _type(pilot, "#noticed", "3 days ago")
        await _choose(pilot, "#type", "missed_deadline")
        await _choose(pilot, "#channel", "video")
        await _type(pilot, "#led", "Dana")
        await _type(pilot, "#participants", "Priya, Sam")
        for part in ("acknowledged", "explained", "resolved"):
            app.screen.query_one(f"#{part}", Checkbox).focus()
            await pilot.press("space")
        await _choose(pilot, "#mood_before", "2")
        await _choose(pilot, "#mood_after", "4")
        await _choose(pilot, "#outcome", "resolved")
        await _type(pilot, "#yes_we_owned", "We missed the report by two days.")
        await _type(pilot, "#and_client_contribution", "Feedback came late, from four people.")
        await _type(pilot, "#what_worked", "Named the slip first.")
        await _type(pilot, "#what_to_change", "Warn them early.")
        await _type(pilot, "#cost_amount", "1250.50")
        await _choose(pilot, "#cost_kind", "rush_fee")
        await _type(pilot, "#cost_note", "Rush printing")
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press(*"Send the revised plan", "tab", *"Dana", "tab", "tab", *"mon")
        await pilot.press("ctrl+n")
        await pilot.pause()
        row = list(app.screen.query(ActionItemRow))[1]
        row.query_one(".item-party", Select).value = "client"
        await pilot.press(*"Name one approver", "tab", *"Priya", "tab", "tab", *"in 2 weeks")
        await _type(pilot, "#follow_up", "fri")
        await _type(pilot, "#tags", "deadline, q4")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    (r,) = store.all()
    assert (r.client, r.member, r.conversation_at) == ("Acme Retail", "Dana",
                                                       datetime(2026, 10, 30, 16, 0))  # fmt: skip
    assert r.issue_noticed_at == date(2026, 10, 28)
    assert (r.type.value, r.channel.value, r.outcome.value) == ("missed_deadline", "video",
                                                                "resolved")  # fmt: skip
    assert r.participants == ("Dana", "Priya", "Sam")
    assert (r.structure.acknowledged, r.structure.committed) == (True, False)
    assert (r.mood_before, r.mood_after) == (2, 4)
    assert r.yes_we_owned == "We missed the report by two days."
    assert r.and_client_contribution == "Feedback came late, from four people."
    assert (r.what_worked, r.what_to_change) == ("Named the slip first.", "Warn them early.")
    assert r.cost_absorbed is not None
    assert (r.cost_absorbed.amount, r.cost_absorbed.currency) == (Decimal("1250.50"), "EUR")
    assert (r.cost_absorbed.kind.value, r.cost_absorbed.note) == ("rush_fee", "Rush printing")
    ours, theirs = r.action_items
    assert (ours.text, ours.owner, ours.party.value, ours.due) == (
        "Send the revised plan", "Dana", "us", date(2026, 11, 2))  # fmt: skip
    assert (theirs.text, theirs.owner, theirs.party.value, theirs.due) == (
        "Name one approver", "Priya", "client", date(2026, 11, 14))  # fmt: skip
    assert r.follow_up_on == date(2026, 11, 6) and r.tags == ("deadline", "q4")
    assert not (tmp_path / "drafts" / "reflection-draft.json").exists()


async def test_a_validation_error_keeps_what_was_typed(store: Store, tmp_path: Path) -> None:
    app = _app(store, tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await _type(pilot, "#client", "Globex")
        await _type(pilot, "#what_worked", "Listened first.")
        await _type(pilot, "#cost_amount", "lots")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReflectionFormScreen)
        error = str(screen.query_one("#form-error", Label).render())
        assert 'cost_absorbed.amount: must be a non-negative number, got "lots"' in error
        assert screen.query_one("#client", Input).value == "Globex"
        assert screen.query_one("#what_worked", TextArea).text == "Listened first."
        assert screen.query_one("#cost_amount", Input).value == "lots"
        assert app.focused is screen.query_one("#cost_amount", Input)
        await _type(pilot, "#when", "blursday")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "conversation_at: cannot read" in str(screen.query_one("#form-error").render())
    assert store.all() == []


async def test_a_draft_survives_an_exit_and_is_offered_next_time(
    store: Store, tmp_path: Path
) -> None:
    drafts = tmp_path / "drafts"
    app = _app(store, drafts)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await _type(pilot, "#client", "Initech")
        await _type(pilot, "#what_to_change", "Send the numbers a day ahead.")
    # The app exited without saving: the draft is on disk and offered on the next start.
    assert (drafts / "reflection-draft.json").exists()
    again = _app(store, drafts)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, ConfirmDialog)
        assert "Initech" in again.screen.question
        await pilot.press("y")
        await pilot.pause()
        form = again.screen
        assert isinstance(form, ReflectionFormScreen)
        assert form.query_one("#client", Input).value == "Initech"
        assert form.query_one("#what_to_change", TextArea).text == "Send the numbers a day ahead."
        await pilot.press("ctrl+s")
        await again.workers.wait_for_complete()
        await pilot.pause()
    assert [r.client for r in store.all()] == ["Initech"]
    assert not (drafts / "reflection-draft.json").exists()


async def test_escape_with_unsaved_changes_asks_first(store: Store, tmp_path: Path) -> None:
    app = _app(store, tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("escape")  # nothing typed: leaves at once
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("n")
        await _type(pilot, "#client", "Hooli")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # keep editing
        await pilot.pause()
        assert isinstance(app.screen, ReflectionFormScreen)
        assert app.screen.query_one("#client", Input).value == "Hooli"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert store.all() == []
    assert not (tmp_path / "drafts" / "reflection-draft.json").exists()


async def test_edit_keeps_created_at_and_moves_updated_at(
    make_store, clock, tmp_path: Path
) -> None:
    from datetime import timedelta

    store = make_store(member="Dana")
    original = store.add(make_reflection(member="Dana"))
    clock.now += timedelta(hours=3)
    app = build_app(store, config=Config(member="Dana", currency="EUR"), now=lambda: APP_NOW,
                    drafts_folder=tmp_path / "d", start_with=("edit", original.id))  # fmt: skip
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ReflectionFormScreen)
        assert form.query_one("#client", Input).value == "Acme Retail"
        assert len(list(form.query(ActionItemRow))) == 2
        await _choose(pilot, "#outcome", "at_risk")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
    edited = store.get(original.id)
    assert edited.outcome.value == "at_risk" and edited.created_at == original.created_at
    assert edited.updated_at is not None and original.updated_at is not None
    assert edited.updated_at > original.updated_at
    assert edited.action_items == original.action_items  # ids, dates and done marks kept
    assert edited.cost_absorbed == original.cost_absorbed
