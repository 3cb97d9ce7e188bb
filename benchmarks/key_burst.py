"""How much handling keys strictly in order (tui/key_order.py) costs a burst of typing.

    python benchmarks/key_burst.py --keys 300 --runs 5

Types `--keys` letters into a text area of a new reflection in one burst (every key posted at
once, as tests/tui/pilot_tools.py's `burst` does) and times until the app has handled them all,
with keys in order and, for comparison, with Textual's own handling (which gets bursts wrong).
Headless, so it measures the app's work, not a terminal's.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from textual.app import App

from store import Store
from tests.tui.conftest import APP_NOW
from tests.tui.pilot_tools import burst
from tui import key_order
from tui.app import build_app
from tui.config import Config


async def _one(keys: int) -> float:
    folder = Path(tempfile.mkdtemp())
    store = Store(folder / "store", member="Dana", device="bench", lock_dir=folder / "locks")
    app = build_app(store, config=Config(member="Dana", currency="EUR"), now=lambda: APP_NOW,
                    drafts_folder=folder / "drafts")  # fmt: skip
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#what_worked").focus()
        await pilot.pause()
        start = time.perf_counter()
        await burst(pilot, list("x" * keys))
        return time.perf_counter() - start


def _median(keys: int, runs: int) -> float:
    return statistics.median(asyncio.run(_one(keys)) for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    ordered = _median(args.keys, args.runs)
    key_order.KeysInOrder.on_event = App.on_event  # type: ignore[method-assign]
    unordered = _median(args.keys, args.runs)
    for name, took in (("in order", ordered), ("Textual's own", unordered)):
        print(f"{name:>14}: {took * 1000:7.0f} ms for {args.keys} keys, "
              f"{took * 1000 / args.keys:.2f} ms a key")  # fmt: skip


if __name__ == "__main__":
    main()
