"""A save that must wait for a sync's write lock says so and never freezes the app."""

from __future__ import annotations

import asyncio
from pathlib import Path

from store import Store
from tests.factories import make_reflection, numbered_id
from tests.tui.conftest import APP_NOW
from tests.tui.pilot_tools import Notices
from tui.app import build_app
from tui.config import Config


async def test_a_save_during_a_sync_says_waiting_and_lands(tmp_path: Path) -> None:
    store = Store(tmp_path / "store", member="Dana", device="laptop", lock_dir=tmp_path / "l")
    syncing = Store(store.root, member="Dana", device="laptop", lock_dir=tmp_path / "l")
    app = build_app(store, config=Config(member="Dana"), now=lambda: APP_NOW)
    notices = Notices()
    async with app.run_test(size=(100, 30), message_hook=notices) as pilot:
        await app.workers.wait_for_complete()
        with syncing.write_lock():  # what a sync holds while it swaps merged files in
            worker = app.run_worker(
                lambda: store.add(make_reflection(id=numbered_id(1), member="Dana")),
                thread=True,
            )
            for _ in range(100):
                await pilot.pause(0.02)
                if notices.said("Waiting for sync"):
                    break
            assert notices.said("Waiting for sync")
            await pilot.press("b")  # the app keeps answering keys meanwhile
            assert not worker.is_finished
        await asyncio.wait_for(worker.wait(), 10)
    assert numbered_id(1) in store.snapshot().reflections
