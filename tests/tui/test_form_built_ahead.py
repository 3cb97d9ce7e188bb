"""The next new reflection's form is built while the user reads home, so `n` only shows it: it
must then behave exactly as a form built on `n` (its "now" is when it opens, its client can be
set), and until it is shown it must do nothing (no draft, no trouble when the app quits)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import Input

from store import Store
from tests.tui.conftest import APP_NOW
from tests.tui.pilot_tools import burst, keys_of, settle
from tui.app import AftercallApp, build_app
from tui.config import Config
from tui.screens.home_screen import HomeScreen
from tui.screens.reflection_form_screen import ReflectionFormScreen

SIZE = (100, 32)


@pytest.fixture(autouse=True)
def form_built_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(AftercallApp, "SPARE_QUIET_SECONDS", 1.0)


class Clock:
    def __init__(self) -> None:
        self.now = APP_NOW

    def __call__(self) -> datetime:
        return self.now


def _app(store: Store, drafts: Path, clock: Clock) -> AftercallApp:
    return build_app(store, config=Config(member="Dana", currency="EUR"), now=clock,
                     drafts_folder=drafts, export_folder=drafts.parent / "digests")  # fmt: skip


async def _spare(pilot) -> ReflectionFormScreen:
    """The form built ahead, once the user has left the keys alone for a moment."""
    await settle(pilot)
    for _ in range(60):
        if pilot.app._spare_form is not None:
            break
        await pilot.pause(0.05)
    await settle(pilot)
    spare = pilot.app._spare_form
    assert isinstance(spare, ReflectionFormScreen)
    return spare


async def test_n_shows_the_form_built_ahead_and_the_next_one_is_built_after_it(
    store: Store, tmp_path: Path
) -> None:
    app = _app(store, tmp_path / "drafts", Clock())
    async with app.run_test(size=SIZE) as pilot:
        spare = await _spare(pilot)
        await burst(pilot, "n")
        assert app.screen is spare
        assert app.focused is spare.query_one("#client", Input)
        assert app._spare_form is None  # used: not handed out twice
        await burst(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)
        assert await _spare(pilot) is not spare  # the next one, a moment after home is back


async def test_the_form_is_built_ahead_only_once_the_keys_pause(
    store: Store, tmp_path: Path
) -> None:
    """Building it holds the UI thread for a few hundred ms: not while the user moves about."""
    app = _app(store, tmp_path / "drafts", Clock())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(8):  # a key every 0.2 s for 1.6 s: never a 1 s pause
            await burst(pilot, "down")
            await pilot.pause(0.2)
        assert app._spare_form is None
        await _spare(pilot)


async def test_no_form_is_built_ahead_while_one_is_filled_in(store: Store, tmp_path: Path) -> None:
    """A pause to think in the form is not a pause to build the next one in: building holds
    the UI thread for a few hundred ms, and the next key would wait for it."""
    app = _app(store, tmp_path / "drafts", Clock())
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, "n")  # before the keys have rested: the form is built on `n`
        assert isinstance(app.screen, ReflectionFormScreen)
        await burst(pilot, *"Acme")
        await pilot.pause(1.5)  # the user thinks
        await settle(pilot)
        assert app._spare_form is None
        await burst(pilot, "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert isinstance(await _spare(pilot), ReflectionFormScreen)  # once the form is closed


async def test_a_form_built_ahead_means_now_when_it_opens(store: Store, tmp_path: Path) -> None:
    clock = Clock()
    app = _app(store, tmp_path / "drafts", clock)
    async with app.run_test(size=SIZE) as pilot:
        await _spare(pilot)
        clock.now = APP_NOW + timedelta(hours=2)  # home was read for two hours
        await burst(pilot, "n", keys_of(list("Acme")), "ctrl+s")
        assert isinstance(app.screen, HomeScreen)
    (saved,) = store.all()
    assert saved.conversation_at == (APP_NOW + timedelta(hours=2)).replace(tzinfo=None)


async def test_a_form_built_ahead_and_never_shown_keeps_no_draft(
    store: Store, tmp_path: Path
) -> None:
    drafts = tmp_path / "drafts"
    app = _app(store, drafts, Clock())
    async with app.run_test(size=SIZE) as pilot:
        spare = await _spare(pilot)
        spare._autosave()  # what its draft timer would do, were it running
        await settle(pilot)
        await burst(pilot, "q")
    assert app.return_code == 0
    assert not drafts.exists() or not any(drafts.iterdir())


async def test_quitting_while_the_form_is_being_built_is_clean(
    store: Store, tmp_path: Path
) -> None:
    app = _app(store, tmp_path / "drafts", Clock())
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, "q")  # at once: the warm-up may be building the form
    assert app.return_code == 0


async def test_the_form_built_ahead_opens_for_a_client(store: Store, tmp_path: Path) -> None:
    """As from a client's page or `aftercall new --client`: the client is filled in and the
    cursor waits in the first empty field."""
    app = _app(store, tmp_path / "drafts", Clock())
    async with app.run_test(size=SIZE) as pilot:
        spare = await _spare(pilot)
        app.action_new_reflection("Hooli")
        await settle(pilot)
        assert app.screen is spare
        assert spare.query_one("#client", Input).value == "Hooli"
        assert app.focused is spare.query_one("#noticed", Input)
        await burst(pilot, "ctrl+s")
    (saved,) = store.all()
    assert saved.client == "Hooli"


async def test_the_form_built_ahead_is_laid_out_before_n_at_the_terminal_s_size(
    store: Store, tmp_path: Path
) -> None:
    """So `n` only paints it (tui/screen_ahead.py); a resized terminal lays it out again."""
    app = _app(store, tmp_path / "drafts", Clock())
    async with app.run_test(size=SIZE) as pilot:
        spare = await _spare(pilot)
        await pilot.pause(0.3)
        assert spare.outer_size == app.size == SIZE
        await pilot.resize_terminal(90, 30)
        await pilot.pause(0.3)
        await settle(pilot)
        assert spare.outer_size == (90, 30)
        await burst(pilot, "n", keys_of(list("Acme")), "ctrl+s")
    (saved,) = store.all()
    assert saved.client == "Acme"


async def _client_background(app: AftercallApp, *, switch_to: str = "") -> object:
    async with app.run_test(size=SIZE) as pilot:
        await _spare(pilot)
        if switch_to:
            app.theme = switch_to
            await settle(pilot)
        await burst(pilot, "n")
        assert isinstance(app.screen, ReflectionFormScreen)
        return app.screen.query_one("#client", Input).styles.background


async def test_a_theme_chosen_while_the_form_waits_is_the_form_s_theme(
    store: Store, tmp_path: Path
) -> None:
    """The form built ahead is styled once, when built; a theme chosen since (ctrl+p) must not
    leave it in the old colours."""
    light_from_start = _app(store, tmp_path / "a", Clock())
    light_from_start.theme = "textual-light"
    expected = await _client_background(light_from_start)
    switched = _app(store, tmp_path / "b", Clock())
    assert switched.theme != "textual-light"
    assert await _client_background(switched, switch_to="textual-light") == expected
