"""What the form makes of money, dates and where the cursor starts, typed at typing speed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from store import Store
from tests.factories import make_reflection
from tests.tui.conftest import APP_NOW
from tests.tui.pilot_tools import burst
from tests.tui.test_form import SIZE, form_app
from tests.tui.test_form_bursts import open_form, stored
from tui.drafts import Draft, DraftBox
from tui.screens.home_screen import HomeScreen
from tui.screens.reflection_form_screen import ReflectionFormScreen


def banner(app) -> str:
    return str(app.screen.query_one("#form-error", Static).render())


async def test_an_amount_like_1e30_is_refused_not_a_crash(store: Store, tmp_path: Path) -> None:
    app = form_app(store, tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot, focus="#cost_amount")
        await burst(pilot, list("1e30"), "ctrl+s")
        assert banner(app) == "Not saved. Cost amount: write the amount in digits, got '1e30'"
        assert app.focused is app.screen.query_one("#cost_amount")
        await burst(pilot, "ctrl+u", list("9" * 20), "ctrl+s")  # digits, but far too many
        assert banner(app) == "Not saved. Cost amount: is too large (20 digits before the point)"
    assert store.all() == []


@pytest.mark.parametrize(
    ("typed", "amount", "currency"),
    [("1,250.50", "1250.50", "GBP"), ("450,50", "450.50", "GBP"), ("€300", "300.00", "EUR"),
     ("300 USD", "300.00", "USD"), ("1.250,50", "1250.50", "GBP"), ("$45", "45.00", "USD")],
)  # fmt: skip
async def test_money_typed_as_people_type_it(
    store: Store, tmp_path: Path, typed: str, amount: str, currency: str
) -> None:
    """The currency field says GBP; a symbol or code typed with the amount wins."""
    app = form_app(store, tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(pilot, focus="#cost_amount")
        screen.query_one("#cost_currency", Input).value = "GBP"
        await burst(pilot, list(typed), "ctrl+s")
        assert isinstance(app.screen, HomeScreen)
    cost = stored(store).cost_absorbed
    assert cost is not None and (cost.amount, cost.currency) == (Decimal(amount), currency)


async def test_money_that_cannot_be_read_says_why(store: Store, tmp_path: Path) -> None:
    app = form_app(store, tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot, focus="#cost_amount")
        await burst(pilot, list("lots"), "ctrl+s")
        assert banner(app) == ("Not saved. Cost amount: cannot read 'lots' as an amount; type it "
                               "like 1250.50, 1,250.50 or 1.250,50")  # fmt: skip


async def test_a_conversation_in_the_future_is_refused(store: Store, tmp_path: Path) -> None:
    app = form_app(store, tmp_path / "drafts")  # the app's clock: Sat 31 Oct 2026, 15:00
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot, focus="#when")
        await burst(pilot, "ctrl+u", list("tomorrow 3pm"), "ctrl+s")
        assert banner(app) == ("Not saved. When: is in the future (2026-11-01 15:00); record a "
                               "conversation once it happened")  # fmt: skip
        assert app.focused is app.screen.query_one("#when")
        await burst(pilot, "ctrl+u", list("today 9am"))
        app.screen.query_one("#follow_up").focus()
        await pilot.pause()
        await burst(pilot, list("in 2 weeks"), "ctrl+s")  # a follow-up is meant to be ahead
        assert isinstance(app.screen, HomeScreen)
    r = stored(store)
    assert (r.conversation_at.isoformat(), r.follow_up_on) == ("2026-10-31T09:00:00",
                                                               date(2026, 11, 14))  # fmt: skip


async def test_new_with_a_client_starts_in_the_first_empty_field(
    store: Store, tmp_path: Path
) -> None:
    app = form_app(store, tmp_path / "drafts", start_with=("new", "Acme"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReflectionFormScreen)
        assert app.focused is app.screen.query_one("#noticed")
        await burst(pilot, list("3 days ago"), "ctrl+s")
    r = stored(store)
    assert (r.client, r.issue_noticed_at) == ("Acme", date(2026, 10, 28))


async def test_edit_starts_in_the_first_empty_field(make_store, tmp_path: Path) -> None:
    store = make_store(member="Dana")
    original = store.add(make_reflection(member="Dana", tags=[]))
    app = form_app(store, tmp_path / "drafts", start_with=("edit", original.id))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.focused is app.screen.query_one("#tags")
        await burst(pilot, list("renewal"), "ctrl+s")
    assert store.get(original.id).tags == ("renewal",)


async def test_a_resumed_draft_starts_in_the_first_empty_field(
    store: Store, tmp_path: Path
) -> None:
    box = DraftBox(tmp_path / "drafts")
    box.save(Draft("0123456789ab", {"client": "Hooli", "when": "2026-10-30 10:00",
                                    "noticed": "2026-10-29"}), APP_NOW)  # fmt: skip
    app = form_app(store, tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await burst(pilot, "enter")  # resume it
        assert app.focused is app.screen.query_one("#participants")  # who led: the member
        await burst(pilot, list("Sam"), "ctrl+s")
    r = stored(store)
    assert (r.client, r.participants) == ("Hooli", ("Dana", "Sam"))
