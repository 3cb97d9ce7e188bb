"""TUI fixtures: an app on a seeded store with a frozen clock, and a way to still the cursors."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from store import Store
from tests.exports.seed import seeded
from tests.tui.example_store import demo_store  # noqa: F401 (a fixture: the example team store)
from tui.app import AftercallApp, build_app
from tui.config import Config

APP_NOW = datetime(2026, 10, 31, 15, 0, tzinfo=UTC)
"""What the app's clock says in every TUI test: the last day of the seeded October."""


@pytest.fixture(autouse=True)
def no_form_built_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests press their keys at once, as a user pressing `n` in the app's first second, and
    get the form built on `n`. The form built ahead (while the keys rest) has its own tests,
    tests/tui/test_form_built_ahead.py, which set this back; building it in every test cost
    about a third of the suite."""
    monkeypatch.setattr(AftercallApp, "SPARE_QUIET_SECONDS", 3600.0)


@pytest.fixture
def seeded_store(make_store: Callable[..., Store]) -> Store:
    store = make_store(member="Dana")
    store.put_many(seeded())
    return store


@pytest.fixture
def make_app() -> Callable[[Store], AftercallApp]:
    def make(store: Store) -> AftercallApp:
        return build_app(store, config=Config(member=store.member, currency="EUR"),
                         now=lambda: APP_NOW, export_folder=Path("/srv/digests"))  # fmt: skip

    return make
