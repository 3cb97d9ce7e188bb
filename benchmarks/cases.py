"""The benchmark cases: each times the real work and its floor in the same process and run.

Run one case in a fresh process (so its peak memory is its own):
    python benchmarks/cases.py CASE STORE_DIR RUNS
It prints one JSON object: {"case", "median_s", "floor_s", "peak_mb", "store_mb", ...}.
"""

from __future__ import annotations

import gc
import json
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import orjson

from benchmarks.generate import make_reflection
from exports.registry import DigestRequest, render
from store import Store
from store.insights.learnings import compute_with_previous
from store.insights.periods import parse_period
from store.insights.themes import clear_caches
from store.storage.atomic import write_atomic
from store.storage.json_storage import dump_json, parse_json
from store.storage.shards import shard_files

AS_OF = date(2026, 10, 31)
"""The benchmark store's last full month is October 2026; insights and digests are for it."""


def _fresh() -> None:
    """Start each run cold: no phrases cached from the run before, and no records of it alive
    (the store freezes loaded records out of the GC's reach; this lets them go)."""
    clear_caches()
    gc.unfreeze()
    gc.collect()


def _against_floor(root: Path, work: Callable[[], object], runs: int) -> dict[str, object]:
    """Medians of `work` and of the parse floor, run alternately so both meet the same
    page cache and CPU: a floor measured once varies by tens of percent between runs."""
    floors, times = [], []
    for _ in range(runs):
        _fresh()
        floors.append(_parse_floor(root))
        _fresh()
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return {"median_s": statistics.median(times), "floor_s": statistics.median(floors)}


def _median(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        _fresh()
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _parse_floor(root: Path) -> float:
    """Read and parse every file once (orjson, GC paused): what any reader must at least do."""
    started = time.perf_counter()
    for path in shard_files(root):
        gc.disable()
        orjson.loads(path.read_bytes())
        gc.enable()
    return time.perf_counter() - started


def _open(root: Path) -> Store:
    state = Path(tempfile.mkdtemp())
    return Store(root, member="Benchmark", device="bench", lock_dir=state / "locks")


def case_save(records: int, runs: int) -> dict[str, object]:
    """Save one reflection for a member who already has `records`, in an open (warm) store."""
    rng = random.Random(records)
    root = Path(tempfile.mkdtemp()) / "store"
    store = Store(root, member="Dana", device="laptop", lock_dir=root.parent / "locks",
                  clock=lambda: datetime(2026, 11, 2, tzinfo=UTC))  # fmt: skip
    # Leave the current file nearly full (room for just the timed saves): the most a save
    # ever rewrites, whatever the member's total.
    limit = store.shard_limit
    prefill = records if records < limit else (records // limit - 1) * limit + limit - runs - 1
    store.put_many([make_reflection(rng, "Dana", date(2024, 1, 1), 1000)
                    for _ in range(prefill)])  # fmt: skip
    store.snapshot()
    fresh = [make_reflection(rng, "Dana", date(2024, 1, 1), 1000) for _ in range(runs)]
    median = _median(lambda: store.add(fresh.pop()), runs)
    target = max(store.own_files(), key=lambda p: p.stat().st_mtime_ns)
    data = parse_json(target.read_bytes())
    floor = _median(lambda: write_atomic(root.parent / "floor.json", dump_json(data)), runs)
    return {"median_s": median, "floor_s": floor, "file_records": len(data["reflections"])}


def case_load(root: Path, runs: int) -> dict[str, object]:
    """Open the store cold and compute the month's view (every file read and merged)."""
    return _against_floor(root, lambda: _open(root).snapshot(), runs)


def case_insights(root: Path, runs: int) -> dict[str, object]:
    """Open the store cold and compute October's learnings, with September's headline figures."""
    october = parse_period("2026-10")
    return _against_floor(
        root, lambda: compute_with_previous(_open(root).query(), october, AS_OF), runs
    )


def case_digest(root: Path, runs: int) -> dict[str, object]:
    """Open the store cold and render October's Markdown digest."""
    request = DigestRequest(parse_period("2026-10"), AS_OF, "md")
    return _against_floor(root, lambda: render(_open(root).query(), request), runs)


def case_digest_pseudonymised(root: Path, runs: int) -> dict[str, object]:
    """Open the store cold and render October's digest with every name aliased."""
    request = DigestRequest(parse_period("2026-10"), AS_OF, "md", pseudonymise_clients=True,
                            anonymise_members=True)  # fmt: skip
    return _against_floor(root, lambda: render(_open(root).query(), request), runs)


def case_bad_records(records: int, runs: int) -> dict[str, object]:
    """Open a store whose one teammate file holds `records` empty records: one warning."""
    root = Path(tempfile.mkdtemp()) / "store"
    path = root / "shards" / "sam@bench" / "2026.json"
    path.parent.mkdir(parents=True)
    path.write_bytes(orjson.dumps({"reflections": {str(i): {} for i in range(records)}}))
    problems = len(_open(root).snapshot().problems)
    result = _against_floor(root, lambda: _open(root).snapshot(), runs)
    return result | {"warnings": problems}


def case_tui(root: Path, runs: int) -> dict[str, object]:
    """The app headless: time to the first screen, and to a populated home screen."""
    import asyncio

    from tui.app import build_app
    from tui.screens.home_screen import HomeScreen

    async def once() -> tuple[float, float]:
        started = time.perf_counter()
        app = build_app(_open(root), export_folder=Path(tempfile.mkdtemp()),
                        drafts_folder=Path(tempfile.mkdtemp()))  # fmt: skip
        async with app.run_test(size=(120, 40)) as pilot:
            while not isinstance(app.screen, HomeScreen):
                await pilot.pause()
            first = time.perf_counter() - started
            await app.workers.wait_for_complete()
            await pilot.pause()
            return first, time.perf_counter() - started

    timings, floors = [], []
    for _ in range(runs):
        _fresh()
        floors.append(_parse_floor(root))
        _fresh()
        timings.append(asyncio.run(once()))
    return {"median_s": statistics.median(t[1] for t in timings),
            "floor_s": statistics.median(floors),
            "first_screen_s": statistics.median(t[0] for t in timings)}  # fmt: skip


CASES: dict[str, Callable[..., dict[str, object]]] = {
    "save-1k": lambda store, runs: case_save(1_000, runs),
    "save-10k": lambda store, runs: case_save(10_000, runs),
    "load": case_load,
    "insights": case_insights,
    "digest": case_digest,
    "digest-pseudonymised": case_digest_pseudonymised,
    "bad-records-1m": lambda store, runs: case_bad_records(1_000_000, runs),
    "tui": case_tui,
}


def main() -> None:
    name, root, runs = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    result = CASES[name](root, runs)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    size = sum(p.stat().st_size for p in shard_files(root)) if root.exists() else 0
    result |= {"case": name, "peak_mb": peak_kb / 1024, "store_mb": size / 1e6}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
