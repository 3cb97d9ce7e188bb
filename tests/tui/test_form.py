"""The reflection form, driven by keys: save, errors that keep the text, leaving, editing."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from textual import events
from textual.widgets import Checkbox, Input, Select, Static, TextArea

from store import Store
from tests.factories import make_reflection
from tests.tui.conftest import APP_NOW
from tests.tui.pilot_tools import Notices
from tui.app import AftercallApp, build_app
from tui.config import Config
from tui.screens.confirm_dialog import ConfirmDialog
from tui.screens.home_screen import HomeScreen
from tui.screens.reflection_detail_screen import ReflectionDetailScreen
from tui.screens.reflection_form_screen import ReflectionFormScreen
from tui.widgets.action_item_row import ActionItemRow

SIZE = (100, 32)


def form_app(store: Store, drafts: Path, **options) -> AftercallApp:
    return build_app(store, config=Config(member="Dana", currency="EUR"), now=lambda: APP_NOW,
                     drafts_folder=drafts, export_folder=Path("/srv/digests"),
                     **options)  # fmt: skip


async def type_into(pilot, selector: str, text: str) -> None:
    """Focus a field, clear it as a user would, and type."""
    widget = pilot.app.screen.query_one(selector)
    widget.focus()
    await pilot.pause()
    if isinstance(widget, Input) and widget.value:
        await pilot.press("ctrl+u", "ctrl+k")
    await pilot.press(*text)


async def paste(pilot, selector: str | None, text: str) -> None:
    """Focus a field (None: the focused one), clear it, and paste: a key at a time costs some
    60 ms in a pilot test, so longer text is pasted."""
    widget = pilot.app.screen.query_one(selector) if selector else pilot.app.focused
    widget.focus()
    await pilot.pause()
    if isinstance(widget, Input):
        widget.value = ""
    pilot.app.post_message(events.Paste(text))  # as a terminal delivers a paste
    await pilot.pause()


async def fill(pilot, **fields: str) -> None:
    """Set fields by id as if typed or chosen (each posts its Changed message), then settle."""
    for key, value in fields.items():
        widget = pilot.app.screen.query_one(f"#{key}")
        if isinstance(widget, TextArea):
            widget.text = value
        else:
            widget.value = value
    await pilot.pause()


async def choose(pilot, selector: str, value: str) -> None:
    pilot.app.screen.query_one(selector, Select).value = value
    await pilot.pause()


async def save(pilot) -> None:
    await pilot.press("ctrl+s")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def banner(screen) -> str:
    return str(screen.query_one("#form-error", Static).render())


async def test_fill_every_field_and_save(store: Store, tmp_path: Path) -> None:
    """Dates, money and check marks are typed key by key; plain text is filled in directly (a
    key costs some 60 ms in a pilot test, and the form reads every widget the same way)."""
    app = form_app(store, tmp_path / "drafts")
    notices = Notices()
    async with app.run_test(size=SIZE, message_hook=notices) as pilot:
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReflectionFormScreen)
        await fill(pilot, client="Acme Retail", type="missed_deadline", channel="video",
                   led="Lee", participants="Priya, Sam", mood_before="2", mood_after="4",
                   outcome="resolved", yes_we_owned="We missed the report by two days.",
                   and_client_contribution="Feedback came late, from four people.",
                   what_worked="Named the slip first.", what_to_change="Warn them early.",
                   cost_kind="rush_fee", cost_note="Rush printing",
                   tags="deadline, q4")  # fmt: skip
        await type_into(pilot, "#when", "yesterday 4pm")
        await type_into(pilot, "#noticed", "3 days ago")
        screen.query_one("#acknowledged", Checkbox).focus()
        await pilot.press("space", "tab", "space", "tab", "space")
        await type_into(pilot, "#cost_amount", "1250.50")
        await type_into(pilot, "#cost_currency", "gbp")
        await pilot.press("ctrl+n")
        await pilot.pause()
        await paste(pilot, None, "Send the revised plan")
        await pilot.press("tab", *"Dana", "tab", "tab", *"mon", "tab", "space")  # done already
        await pilot.press("ctrl+n")
        await pilot.pause()
        row = list(screen.query(ActionItemRow))[1]
        row.query_one(".item-text", Input).value = "Name one approver"
        row.query_one(".item-owner", Input).value = "Priya"
        row.query_one(".item-party", Select).value = "client"
        row.query_one(".item-due", Input).value = "in 2 weeks"
        await type_into(pilot, "#follow_up", "fri")
        screen.action_save()  # twice before the first write is done: stored once
        await save(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert notices.said("Saved the reflection on Acme Retail")
    (r,) = store.all()
    assert (r.client, r.member, r.conversation_at) == ("Acme Retail", "Dana Lee",
                                                       datetime(2026, 10, 30, 16, 0))  # fmt: skip
    assert r.issue_noticed_at == date(2026, 10, 28)
    assert (r.type.value, r.channel.value, r.outcome.value) == ("missed_deadline", "video",
                                                                "resolved")  # fmt: skip
    assert r.participants == ("Lee", "Priya", "Sam")  # who led comes first
    assert r.structure.covered() == ("acknowledged", "explained", "resolved")
    assert (r.mood_before, r.mood_after) == (2, 4)
    assert r.yes_we_owned == "We missed the report by two days."
    assert r.and_client_contribution == "Feedback came late, from four people."
    assert (r.what_worked, r.what_to_change) == ("Named the slip first.", "Warn them early.")
    assert r.cost_absorbed is not None
    assert (r.cost_absorbed.amount, r.cost_absorbed.currency) == (Decimal("1250.50"), "GBP")
    assert str(r.cost_absorbed.amount) == "1250.50"
    assert (r.cost_absorbed.kind.value, r.cost_absorbed.note) == ("rush_fee", "Rush printing")
    ours, theirs = r.action_items
    assert (ours.text, ours.owner, ours.party.value, ours.due, ours.done_on) == (
        "Send the revised plan", "Dana", "us", date(2026, 11, 2), date(2026, 10, 31))  # fmt: skip
    assert (theirs.text, theirs.owner, theirs.party.value, theirs.due, theirs.done_on) == (
        "Name one approver", "Priya", "client", date(2026, 11, 14), None)  # fmt: skip
    assert r.follow_up_on == date(2026, 11, 6) and r.tags == ("deadline", "q4")
    assert list((tmp_path / "drafts").glob("*.json")) == []


async def test_a_validation_error_keeps_what_was_typed(store: Store, tmp_path: Path) -> None:
    app = form_app(store, tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await type_into(pilot, "#client", "Globex")
        await paste(pilot, "#what_worked", "Listened first.")
        await type_into(pilot, "#cost_amount", "12.345")
        await save(pilot)
        screen = app.screen
        assert isinstance(screen, ReflectionFormScreen)
        assert banner(screen) == "Not saved. Cost amount: EUR allows at most 2 decimal places, " \
            'got "12.345"'  # fmt: skip
        amount = screen.query_one("#cost_amount", Input)
        assert screen.query_one("#client", Input).value == "Globex"
        assert screen.query_one("#what_worked", TextArea).text == "Listened first."
        assert amount.value == "12.345"
        assert app.focused is amount and amount.has_class("field-error")
        await pilot.press("backspace")  # fixing the field clears its mark and the banner
        await pilot.pause()
        assert not amount.has_class("field-error")
        assert not screen.query_one("#form-error").display
        await type_into(pilot, "#when", "blursday")
        await save(pilot)
        assert banner(screen).startswith('Not saved. When: cannot read "blursday"; try')
        assert screen.query_one("#when", Input).value == "blursday"
        await type_into(pilot, "#client", "")
        await type_into(pilot, "#when", "today 9am")
        await save(pilot)
        assert banner(screen) == "Not saved. Client: must not be empty"
        assert app.focused is screen.query_one("#client")
    assert store.all() == []


async def test_an_action_item_error_names_its_row(store: Store, tmp_path: Path) -> None:
    app = form_app(store, tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await type_into(pilot, "#client", "Globex")
        for _ in range(2):
            await pilot.press("ctrl+n")
            await pilot.pause()
        rows = list(app.screen.query(ActionItemRow))
        rows[1].query_one(".item-owner", Input).value = "Sam"  # an owner but no text
        await save(pilot)
        assert banner(app.screen) == "Not saved. Action item 2, what: must not be empty"
        assert app.focused is rows[1].query_one(".item-text")
        # A blank row is skipped rather than refused.
        rows[1].query_one(".item-text", Input).value = "Call back"
        await save(pilot)
    (r,) = store.all()
    assert [(i.text, i.owner) for i in r.action_items] == [("Call back", "Sam")]


async def test_dates_show_what_they_mean_as_typed(store: Store, tmp_path: Path) -> None:
    app = form_app(store, tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        when = app.screen.query_one("#when", Input)
        assert when.value == "now" and when.border_subtitle == "Sat 31 Oct, 15:00"
        await type_into(pilot, "#when", "yesterday 4pm")
        await pilot.pause()
        assert when.border_subtitle == "Fri 30 Oct, 16:00"
        await type_into(pilot, "#follow_up", "next mon")
        await pilot.pause()
        assert app.screen.query_one("#follow_up", Input).border_subtitle == "Mon 2 Nov"
        await type_into(pilot, "#noticed", "oct 3")
        await pilot.press("tab")  # leaving an unreadable date marks it
        await pilot.pause()
        assert not app.screen.query_one("#noticed").has_class("-invalid")
        await type_into(pilot, "#noticed", "soonish")
        await pilot.press("tab")
        await pilot.pause()
        assert app.screen.query_one("#noticed").has_class("-invalid")


async def test_escape_with_unsaved_changes_asks_first(store: Store, tmp_path: Path) -> None:
    app = form_app(store, tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("escape")  # nothing typed: leaves at once
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("n")
        await type_into(pilot, "#client", "Hooli")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")  # the cursor starts on "keep editing"
        await pilot.pause()
        assert isinstance(app.screen, ReflectionFormScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")  # escape in the question changes nothing either
        await pilot.pause()
        assert app.screen.query_one("#client", Input).value == "Hooli"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert store.all() == []
    assert list((tmp_path / "drafts").glob("*.json")) == []


def _name(widget) -> str:
    return widget.id or sorted(c for c in widget.classes if c.startswith("item"))[0]


async def test_tab_order_follows_the_layout(store: Store, tmp_path: Path) -> None:
    app = form_app(store, tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "ctrl+n")
        await pilot.pause()
        assert [_name(w) for w in app.screen.focus_chain] == [
            "client", "when", "type", "channel", "noticed", "led", "participants",
            "acknowledged", "explained", "resolved", "committed", "mood_before", "mood_after",
            "outcome", "yes_we_owned", "and_client_contribution", "what_worked",
            "practices_used", "what_to_change", "practices_missed", "cost_amount", "cost_currency",
            "cost_kind", "cost_note",
            "item-text", "item-owner", "item-party", "item-due", "item-done", "item-internal",
            "item-remove", "add-item", "follow_up", "follow_up_done", "tags",
        ]  # fmt: skip
        app.screen.query_one("#what_to_change").focus()  # tab leaves a text area, too
        await pilot.pause()
        seen = []
        for _ in range(5):
            await pilot.press("tab")
            seen.append(_name(app.focused))
        assert seen == ["practices_missed", "cost_amount", "cost_currency", "cost_kind",
                        "cost_note"]  # fmt: skip


async def test_one_letter_keys_stay_text_in_the_form(store: Store, tmp_path: Path) -> None:
    app = form_app(store, tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#acknowledged").focus()
        await pilot.press("l", "b", "a", "n")
        await pilot.pause()
        assert isinstance(app.screen, ReflectionFormScreen)
        assert len(app.screen_stack) == 2  # home, the one form
        app.action_new_reflection()  # e.g. from the command palette
        await pilot.pause()
        assert len(app.screen_stack) == 2


async def test_remove_an_action_item(store: Store, tmp_path: Path) -> None:
    app = form_app(store, tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await type_into(pilot, "#client", "Globex")
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press(*"Drop me")
        row = app.screen.query_one(ActionItemRow)
        row.query_one(".item-remove").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert list(app.screen.query(ActionItemRow)) == []
        await save(pilot)
    assert store.all()[0].action_items == ()


async def test_edit_keeps_created_at_and_moves_updated_at(
    make_store, clock, tmp_path: Path
) -> None:
    store = make_store(member="Dana")
    original = store.add(make_reflection(member="Dana"))
    clock.now += timedelta(hours=3)
    app = form_app(store, tmp_path / "d", start_with=("edit", original.id))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ReflectionFormScreen)
        assert form.query_one("#client", Input).value == "Acme Retail"
        assert form.query_one("#led", Input).value == "Priya (Acme, head of marketing)"
        assert form.query_one("#participants", Input).value == "Sam Ortiz"
        assert form.query_one("#cost_amount", Input).value == "1250.50"
        assert len(list(form.query(ActionItemRow))) == 2
        await pilot.press("escape")  # nothing changed: no question
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        app.action_edit_reflection(original.id[:8])
        await pilot.pause()
        await choose(pilot, "#outcome", "at_risk")
        await save(pilot)
    edited = store.get(original.id)
    assert edited.outcome.value == "at_risk" and edited.created_at == original.created_at
    assert edited.updated_at is not None and original.updated_at is not None
    assert edited.updated_at > original.updated_at
    assert edited.participants == original.participants
    assert edited.action_items == original.action_items  # ids, dates, done and internal kept
    assert original.practices_used and original.practices_missed and original.follow_up_done
    assert (edited.practices_used, edited.practices_missed, edited.follow_up_done) == (
        original.practices_used, original.practices_missed, original.follow_up_done)  # fmt: skip
    assert edited.cost_absorbed == original.cost_absorbed
    assert edited.conversation_at == original.conversation_at


async def test_edit_from_home_then_back_to_the_updated_view(
    seeded_store: Store, tmp_path: Path
) -> None:
    app = form_app(seeded_store, tmp_path / "d")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.screen.query_one("#recent").focus()
        await pilot.press("enter")  # the newest: Dana's, on Globex
        await pilot.pause()
        assert isinstance(app.screen, ReflectionDetailScreen)
        await pilot.press("e")
        await pilot.pause()
        await type_into(pilot, "#tags", "edited-here")
        await save(pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ReflectionDetailScreen)
        detail = str(app.screen.query_one("#detail", Static).render())
        assert "Tags: edited-here" in detail


async def test_another_members_reflection_is_not_opened_for_edit(
    make_store, tmp_path: Path
) -> None:
    lees = make_store(member="Lee", device="desk").add(make_reflection(member="Lee"))
    app = form_app(make_store(member="Dana"), tmp_path / "d")
    notices = Notices()
    async with app.run_test(size=SIZE, message_hook=notices) as pilot:
        app.action_edit_reflection(lees.id)
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert notices.said("belongs to Lee")
