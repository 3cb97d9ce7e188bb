"""Shared fixtures: every test runs with the user's folders redirected and a frozen clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from store import Store

FROZEN_NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
"""The instant every test runs at (a Friday afternoon)."""


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point config, data and state at a temp folder; never read the developer's own settings."""
    home = tmp_path / "home"
    monkeypatch.setenv("AFTERCALL_HOME", str(home))
    for name in ("AFTERCALL_STORE", "AFTERCALL_MEMBER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    return home


class Clock:
    """A controllable clock for the store: starts at FROZEN_NOW, moves only when told."""

    def __init__(self, now: datetime = FROZEN_NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def make_store(store_dir: Path, tmp_path: Path, clock: Clock) -> Callable[..., Store]:
    """Open the test store as `member` on device `device` (each device has its own state dir)."""

    def make(member: str = "Dana Lee", device: str = "laptop", **options: Any) -> Store:
        options.setdefault("clock", clock)
        return Store(
            store_dir, member=member, device=device, lock_dir=tmp_path / f"locks-{device}",
            **options,
        )  # fmt: skip

    return make


@pytest.fixture
def store(make_store: Callable[..., Store]) -> Store:
    return make_store()
