"""The example team store as the learnings tests read it: a copy with its dates moved to just
before NOW, opened as the demo member with the store's clock at NOW too (so a practice adopted
in a test is adopted in the month the screen shows)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from store import Store
from tui.app import AftercallApp, build_app
from tui.cli.demo import DEMO_CURRENCY, DEMO_MEMBER, copy_example
from tui.cli.demo_dates import bring_to_today
from tui.config import Config

NOW = datetime(2026, 10, 31, 15, 0, tzinfo=UTC)
"""The last day of the example's busiest month: a practice adopted today counts in October."""
SIZE = (120, 40)


@pytest.fixture
def demo_store(tmp_path: Path) -> Store:
    copy = copy_example(tmp_path)
    bring_to_today(copy, NOW.date())
    return Store.open(copy, member=DEMO_MEMBER, state_dir=tmp_path / "state", clock=lambda: NOW)


def demo_app(store: Store) -> AftercallApp:
    return build_app(store, config=Config(member=DEMO_MEMBER, currency=DEMO_CURRENCY),
                     now=lambda: NOW, drafts_folder=store.root.parent / "drafts")  # fmt: skip
