"""The form at typing speed: every key of a burst posted at once, then the stored record read
field by field. Each of these failed before keys were handled in order (tui/key_order.py)."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from textual.widgets import Checkbox, Input

from store import ConversationType, Reflection, Store
from store.records import fold
from tests.tui.pilot_tools import burst
from tests.tui.test_form import SIZE, form_app
from tui.app import AftercallApp
from tui.screens.confirm_dialog import ConfirmDialog
from tui.screens.home_screen import HomeScreen
from tui.screens.reflection_form_screen import ReflectionFormScreen
from tui.widgets.action_item_row import ActionItemRow

PARTS = ("acknowledged", "explained", "resolved", "committed")


async def open_form(
    pilot, *, client: str = "Acme", focus: str | None = None
) -> ReflectionFormScreen:
    """A new form with the client filled in and the cursor on `focus`, settled."""
    await pilot.press("n")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ReflectionFormScreen)
    screen.query_one("#client", Input).value = client
    if focus is not None:
        screen.query_one(focus).focus()
    await pilot.pause()
    return screen


async def with_item(pilot, screen: ReflectionFormScreen) -> ActionItemRow:
    await pilot.press("ctrl+n")
    await pilot.pause()
    row = screen.query_one(ActionItemRow)
    row.query_one(".item-text", Input).value = "Send the plan"
    return row


def stored(store: Store) -> Reflection:
    (only,) = store.all()
    return only


@pytest.mark.parametrize("part", PARTS)
async def test_tab_then_space_ticks_the_box_tabbed_to(
    store: Store, tmp_path: Path, part: str
) -> None:
    before = {"acknowledged": "#participants", "explained": "#acknowledged",
              "resolved": "#explained", "committed": "#resolved"}[part]  # fmt: skip
    app = form_app(store, tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot, focus=before)
        await burst(pilot, "tab", "space", "ctrl+s")
        assert isinstance(app.screen, HomeScreen)
    assert stored(store).structure.covered() == (part,)


async def test_tab_space_runs_across_the_four_parts(store: Store, tmp_path: Path) -> None:
    """The bursts from the issue: `tab space tab space` and `tab space tab tab tab`."""
    app = form_app(store, tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(pilot, focus="#participants")
        await burst(pilot, "tab", "space", "tab", "space")
        assert [screen.query_one(f"#{p}", Checkbox).value for p in PARTS] == [
            True,
            True,
            False,
            False,
        ]
        for part in PARTS:
            screen.query_one(f"#{part}", Checkbox).value = False
        screen.query_one("#participants").focus()
        await pilot.pause()
        await burst(pilot, "tab", "space", "tab", "tab", "tab", "ctrl+s")
    assert stored(store).structure.covered() == ("acknowledged",)


async def test_tab_then_space_ticks_an_action_item_done(store: Store, tmp_path: Path) -> None:
    app = form_app(store, tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(pilot)
        row = await with_item(pilot, screen)
        row.query_one(".item-due").focus()
        await pilot.pause()
        await burst(pilot, "tab", "space", "ctrl+s")
    (item,) = stored(store).action_items
    assert (item.text, item.done_on) == ("Send the plan", date(2026, 10, 31))


SELECTS = [
    # (field before it, the select, letters typed after enter, attribute, value stored)
    ("#when", "type", "sc", "type", "scope_change"),
    ("#type", "channel", "v", "channel", "video"),
    ("#committed", "mood_before", "2", "mood_before", 2),
    ("#mood_before", "mood_after", "4", "mood_after", 4),
    ("#mood_after", "outcome", "at", "outcome", "at_risk"),
    ("#cost_currency", "cost_kind", "cr", "cost_absorbed.kind", "credit"),
]


def _read(r: Reflection, attribute: str) -> object:
    value: object = r
    for name in attribute.split("."):
        value = getattr(value, name)
    return getattr(value, "value", value)


@pytest.mark.parametrize(("before", "select", "letters", "attribute", "expected"), SELECTS,
                         ids=[s[1] for s in SELECTS])  # fmt: skip
async def test_tab_enter_letter_enter_chooses_in_a_select(
    store: Store,
    tmp_path: Path,
    before: str,
    select: str,
    letters: str,
    attribute: str,
    expected: object,
) -> None:
    app = form_app(store, tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(pilot, focus=before)
        screen.query_one("#cost_amount", Input).value = "10"  # so a cost kind is stored
        await burst(pilot, "tab", "enter", list(letters), "enter", "tab", "ctrl+s")
        assert isinstance(app.screen, HomeScreen)
    assert _read(stored(store), attribute) == expected


async def test_whose_client_in_one_burst(store: Store, tmp_path: Path) -> None:
    app = form_app(store, tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(pilot)
        row = await with_item(pilot, screen)
        row.query_one(".item-owner").focus()
        await pilot.pause()
        await burst(pilot, "tab", "enter", "c", "enter", "tab", list("fri"), "ctrl+s")
    (item,) = stored(store).action_items
    assert (item.party.value, item.due) == ("client", date(2026, 11, 6))


TEXT_FIELDS = [
    # (field, typed, attribute, value stored)
    ("#client", "Globex Retail", "client", "Globex Retail"),
    ("#when", "yesterday 4pm", "conversation_at", datetime(2026, 10, 30, 16, 0)),
    ("#noticed", "3 days ago", "issue_noticed_at", date(2026, 10, 28)),
    ("#led", "Priya", "participants", ("Priya",)),
    ("#participants", "Sam, Lee", "participants", ("Dana", "Sam", "Lee")),
    ("#yes_we_owned", "We slipped.", "yes_we_owned", "We slipped."),
    ("#and_client_contribution", "Late notes.", "and_client_contribution", "Late notes."),
    ("#what_worked", "Owned it.", "what_worked", "Owned it."),
    ("#what_to_change", "Call sooner.", "what_to_change", "Call sooner."),
    ("#cost_amount", "1250.50", "cost_absorbed.amount", Decimal("1250.50")),
    ("#cost_note", "rush print", "cost_absorbed.note", "rush print"),
    ("#follow_up", "in 2 weeks", "follow_up_on", date(2026, 11, 14)),
    ("#tags", "alpha, beta, gamma", "tags", ("alpha", "beta", "gamma")),
]


@pytest.mark.parametrize(("field", "typed", "attribute", "expected"), TEXT_FIELDS,
                         ids=[t[0][1:] for t in TEXT_FIELDS])  # fmt: skip
async def test_typing_then_ctrl_s_saves_every_letter(
    store: Store, tmp_path: Path, field: str, typed: str, attribute: str, expected: object
) -> None:
    app = form_app(store, tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(pilot, focus=field)
        if field == "#cost_note":
            screen.query_one("#cost_amount", Input).value = "5"
        await burst(pilot, "ctrl+u", "ctrl+k", list(typed), "ctrl+s")
        assert isinstance(app.screen, HomeScreen)
    assert _read(stored(store), attribute) == expected


async def test_currency_and_action_item_fields_in_one_burst(store: Store, tmp_path: Path) -> None:
    app = form_app(store, tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(pilot, focus="#cost_amount")
        await burst(pilot, list("300"), "tab", "ctrl+u", list("gbp"), "ctrl+n",
                    list("Call back"), "tab", list("Lee"), "tab", "tab", list("mon"),
                    "ctrl+s")  # fmt: skip
        assert isinstance(app.screen, HomeScreen), screen.query_one("#form-error").render()
    r = stored(store)
    assert r.cost_absorbed is not None
    assert (r.cost_absorbed.amount, r.cost_absorbed.currency) == (Decimal("300.00"), "GBP")
    (item,) = r.action_items
    assert (item.text, item.owner, item.due) == ("Call back", "Lee", date(2026, 11, 2))


@pytest.mark.parametrize("ahead", [False, True], ids=["built-on-n", "built-ahead"])
async def test_a_whole_reflection_typed_in_one_burst(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ahead: bool
) -> None:
    """From home: n, then every field in tab order, then ctrl+s, all posted at once; in the
    form built on `n` and in the one built ahead while the keys rested."""
    if ahead:
        monkeypatch.setattr(AftercallApp, "SPARE_QUIET_SECONDS", 0.2)
    app = form_app(store, tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        while ahead and app._spare_form is None:
            await pilot.pause(0.05)
        spare = app._spare_form
        await burst(
            pilot, "n", list("Initech"), "tab", "ctrl+u", list("2 hours ago"),
            "tab", "enter", "m", "enter", "tab", "enter", "v", "enter", "tab", list("oct 20"),
            "tab", "ctrl+u", list("Tom"), "tab", list("Ana, Ben"),
            "tab", "space", "tab", "tab", "space", "tab", "space",
            "tab", "enter", "1", "enter", "tab", "enter", "3", "enter",
            "tab", "enter", "r", "enter",
            "tab", list("Our slip."), "tab", list("Their late brief."), "tab", list("Calm."),
            "tab", "space", "tab", list("Warn early."), "tab", "down", "space",
            "tab", list("99.90"), "tab", "ctrl+u", list("usd"),
            "tab", "enter", "d", "enter", "tab", list("goodwill"),
            "ctrl+n", list("Fix it"), "tab", list("Tom"), "tab", "tab", list("tomorrow"),
            "tab", "tab", "tab", "tab", "tab", list("next mon"), "tab", "tab",
            list("slip, q4"), "ctrl+s",
        )  # fmt: skip
        assert isinstance(app.screen, HomeScreen)
        assert (spare is not None) == ahead
    r = stored(store)
    assert (r.client, r.conversation_at) == ("Initech", datetime(2026, 10, 31, 13, 0))
    assert (r.type.value, r.channel.value, r.issue_noticed_at) == ("missed_deadline", "video",
                                                                   date(2026, 10, 20))  # fmt: skip
    assert r.participants == ("Tom", "Ana", "Ben")
    assert r.structure.covered() == ("acknowledged", "resolved", "committed")
    assert (r.mood_before, r.mood_after, r.outcome.value) == (1, 3, "resolved")
    assert (r.yes_we_owned, r.and_client_contribution) == ("Our slip.", "Their late brief.")
    assert (r.what_worked, r.what_to_change) == ("Calm.", "Warn early.")
    deadline = [p.id for p in fold(()).active() if p.applies_to(ConversationType.MISSED_DEADLINE)]
    assert (r.practices_used, r.practices_missed) == ((deadline[0],), (deadline[1],))
    assert r.cost_absorbed is not None
    assert (r.cost_absorbed.amount, r.cost_absorbed.currency) == (Decimal("99.90"), "USD")
    assert (r.cost_absorbed.kind.value, r.cost_absorbed.note) == ("discount", "goodwill")
    (item,) = r.action_items
    assert (item.text, item.owner, item.party.value, item.due) == ("Fix it", "Tom", "us",
                                                                   date(2026, 11, 1))  # fmt: skip
    assert (r.follow_up_on, r.tags) == (date(2026, 11, 2), ("slip", "q4"))


async def test_typing_then_escape_keeps_the_draft_exactly(store: Store, tmp_path: Path) -> None:
    drafts = tmp_path / "drafts"
    app = form_app(store, drafts)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await burst(pilot, "n", list("Hooli"), "tab", "tab", "tab", "tab", "tab", "tab",
                    list("Sam"), "tab", "space", "tab", "tab", "tab", "tab", "tab", "tab", "tab",
                    list("We owned it"), "escape")  # fmt: skip
        assert isinstance(app.screen, ConfirmDialog)
        (path,) = drafts.glob("draft-*.json")
        fields = json.loads(path.read_text(encoding="utf-8"))["fields"]
        assert (fields["client"], fields["participants"], fields["acknowledged"]) == (
            "Hooli", "Sam", True)  # fmt: skip
        assert (fields["yes_we_owned"], fields["explained"], fields["when"]) == (
            "We owned it", False, "2026-10-31 15:00")  # fmt: skip
        await burst(pilot, "enter", list(" again"), "ctrl+s")  # keep editing, type, save
    r = stored(store)
    assert (r.client, r.participants, r.yes_we_owned) == ("Hooli", ("Dana", "Sam"),
                                                          "We owned it again")  # fmt: skip
    assert list(drafts.glob("*.json")) == []


async def test_tab_then_space_marks_an_action_item_internal(store: Store, tmp_path: Path) -> None:
    app = form_app(store, tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(pilot)
        row = await with_item(pilot, screen)
        row.query_one(".item-done").focus()
        await pilot.pause()
        await burst(pilot, "tab", "space", "ctrl+s")
    (item,) = stored(store).action_items
    assert (item.text, item.internal, item.done_on) == ("Send the plan", True, None)


async def test_tab_then_space_marks_the_follow_up_done(store: Store, tmp_path: Path) -> None:
    app = form_app(store, tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(pilot)
        screen.query_one("#follow_up", Input).value = "2026-11-03"
        screen.query_one("#follow_up").focus()
        await pilot.pause()
        await burst(pilot, "tab", "space", "ctrl+s")
    saved = stored(store)
    assert (saved.follow_up_on, saved.follow_up_done) == (date(2026, 11, 3), date(2026, 10, 31))
