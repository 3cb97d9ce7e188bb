"""First run and the `new` / `edit` commands: how a user gets into the app."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from textual.widgets import Input, Label

from store import Store
from store.storage import locations
from tests.factories import make_reflection
from tests.tui.pilot_tools import burst
from tui import launch
from tui.cli import main
from tui.config import Config


async def test_first_run_suggests_the_git_name_and_checks_the_currency() -> None:
    app = launch.FirstRunApp("Dana Lee", "USD", "/home/dana/.config/aftercall/config.json")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        name = app.screen.query_one("#first-name", Input)
        assert name.value == "Dana Lee" and app.focused is name
        app.screen.query_one("#first-currency", Input).value = "EU"
        await pilot.press("enter")
        await pilot.pause()
        error = str(app.screen.query_one("#first-error", Label).render())
        assert error.startswith('Currency: "EU" is not an ISO 4217 code')
        await pilot.press("ctrl+u", *"eur", "enter")
        await pilot.pause()
    assert app.return_value == Config(member="Dana Lee", currency="EUR")


class _FakeApp:
    """Stands in for the Textual app so the launch path can be checked without a terminal."""

    def __init__(self, returns: object = None) -> None:
        self.returns = returns
        self.built: dict[str, object] = {}
        self.theme = "textual-dark"
        self.available_themes = {"textual-dark": None}

    def run(self) -> object:
        return self.returns


def test_first_launch_saves_the_answers_then_opens_the_app(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened = _FakeApp()
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(
        launch.FirstRunApp, "run", lambda self: Config(member="Kim", currency="GBP")
    )
    monkeypatch.setattr(launch, "build_app", lambda store, **kw: opened.built.update(kw) or opened)
    assert main([]) == 0
    saved = json.loads(locations.config_file().read_text(encoding="utf-8"))
    assert (saved["member"], saved["currency"]) == ("Kim", "GBP")
    assert opened.built["config"].member == "Kim"  # type: ignore[attr-defined]


def test_quitting_the_first_run_opens_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(launch.FirstRunApp, "run", lambda self: None)
    monkeypatch.setattr(launch, "build_app", lambda *a, **kw: pytest.fail("app opened"))
    assert main([]) == 0
    assert not locations.config_file().exists()


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str] | None]:
    """What `run_app` was asked to open, instead of opening it."""
    calls: list[tuple[str, str] | None] = []
    monkeypatch.setenv("AFTERCALL_MEMBER", "Dana Lee")
    monkeypatch.setattr(
        launch, "run_app", lambda session, start_with=None: calls.append(start_with)
    )
    return calls


def test_new_opens_the_form_with_the_client(opened: list) -> None:
    assert main(["new", "--client", "Acme Retail"]) == 0
    assert main(["new"]) == 0
    assert opened == [("new", "Acme Retail"), ("new", "")]


def test_edit_takes_an_id_prefix_and_refuses_an_unknown_one(
    opened: list, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store.open(locations.default_store_dir(), member="Dana Lee",
                       state_dir=locations.state_dir())  # fmt: skip
    record = store.add(make_reflection())
    assert main(["edit", record.id[:8]]) == 0
    assert opened == [("edit", record.id)]
    assert main(["edit", "ffffffff"]) == 1
    assert "no reflection has id 'ffffffff'" in capsys.readouterr().err
    assert len(opened) == 1


def test_the_theme_chosen_is_there_after_a_restart(monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.app import AftercallApp

    started_in: list[str] = []

    def run(app: AftercallApp) -> None:  # the user picks a theme in the palette, then quits
        started_in.append(app.theme)
        app.theme = "nord"

    monkeypatch.setenv("AFTERCALL_MEMBER", "Kim")
    monkeypatch.setattr(AftercallApp, "run", run)
    assert main([]) == 0
    assert json.loads(locations.config_file().read_text(encoding="utf-8"))["theme"] == "nord"
    assert main([]) == 0  # the next start opens in it
    assert started_in == ["textual-dark", "nord"]


async def test_first_run_typed_at_speed_keeps_every_answer() -> None:
    """One burst, as a terminal sends it: before keys were held in order on this screen, the
    name typed before Tab was wiped by the ctrl+u meant for the currency."""
    app = launch.FirstRunApp("Seed maintainers", "USD")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await burst(pilot, "ctrl+u", list("Dana Lee"), "tab", "ctrl+u", list("eur"), "tab",
                    "enter")  # fmt: skip
    assert app.return_value == Config(member="Dana Lee", currency="EUR")
