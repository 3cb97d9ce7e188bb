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
