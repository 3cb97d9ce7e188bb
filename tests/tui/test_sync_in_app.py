"""Sync from the app: the header shows the state, `s` syncs, a save can sync by itself."""

from __future__ import annotations

import subprocess
from pathlib import Path

from store import Store
from store.sync.sharing import init_team_store
from tests.factories import make_reflection
from tests.tui.conftest import APP_NOW
from tui.app import build_app
from tui.config import Config


def _team_store(tmp_path: Path) -> Store:
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    root = tmp_path / "team"
    init_team_store(root, str(remote))
    return Store(root, member="Dana", device="laptop", lock_dir=tmp_path / "locks")


async def test_header_shows_state_and_s_syncs(tmp_path: Path) -> None:
    store = _team_store(tmp_path)
    store.add(make_reflection(member="Dana"))
    app = build_app(store, config=Config(member="Dana"), now=lambda: APP_NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        assert app.sub_title == "unsynced changes"
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.sub_title == "synced"
    log = subprocess.run(["git", "-C", str(tmp_path / "remote.git"), "log", "--format=%s", "main"],
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert "Dana (laptop): 1 new reflection" in log


async def test_sync_after_save_when_switched_on(tmp_path: Path) -> None:
    store = _team_store(tmp_path)
    config = Config(member="Dana", sync_after_save=True)
    app = build_app(store, config=config, now=lambda: APP_NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        store.add(make_reflection(member="Dana"))
        app.reflection_saved()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.sub_title == "synced"


async def test_not_a_repository_is_said_plainly(store: Store) -> None:
    app = build_app(store, config=Config(member="Dana"), now=lambda: APP_NOW)
    async with app.run_test(size=(100, 30)):
        await app.workers.wait_for_complete()
        assert app.sub_title == "not shared"
