"""The benchmark cases: each times the real work and its floor in the same process and run.

Run one case in a fresh process (so its peak memory is its own):
    python benchmarks/cases.py CASE STORE_DIR RUNS
It prints one JSON object: {"case", "median_s", "floor_s", "peak_mb", "store_mb", ...}.
"""

from __future__ import annotations

import contextlib
import gc
import json
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

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
    """The app headless: time to the first screen, to home populated (its reflections listed,
    what the user waits for), and until every worker is done (`settled`: the form's
    suggestions are worked out in the background after home is shown)."""
    import asyncio

    from textual.widgets import DataTable

    from tui.app import build_app
    from tui.screens.home_screen import HomeScreen

    async def once() -> tuple[float, float, float]:
        started = time.perf_counter()
        app = build_app(_open(root), export_folder=Path(tempfile.mkdtemp()),
                        drafts_folder=Path(tempfile.mkdtemp()))  # fmt: skip
        async with app.run_test(size=(120, 40)) as pilot:
            while not isinstance(app.screen, HomeScreen):
                await pilot.pause()
            first = time.perf_counter() - started
            recent = app.screen.query_one("#recent", DataTable)
            while recent.loading or not recent.row_count:
                await asyncio.sleep(0.005)
            populated = time.perf_counter() - started
            await app.workers.wait_for_complete()
            await pilot.pause()
            return first, populated, time.perf_counter() - started

    timings, floors = [], []
    for _ in range(runs):
        _fresh()
        floors.append(_parse_floor(root))
        _fresh()
        timings.append(asyncio.run(once()))
    return {"median_s": statistics.median(t[1] for t in timings),
            "floor_s": statistics.median(floors),
            "first_screen_s": statistics.median(t[0] for t in timings),
            "settled_s": statistics.median(t[2] for t in timings)}  # fmt: skip


def _process(args: list[str], env: dict[str, str] | None = None) -> float:
    """Wall time of a whole process, from the shell's point of view (start-up included)."""
    import os
    import subprocess

    started = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True, env={**os.environ, **(env or {})})
    return time.perf_counter() - started


def _paired(work: Callable[[], float], floor: Callable[[], float], runs: int) -> dict[str, object]:
    """Medians of two self-timed callables, run alternately (see `_against_floor`)."""
    times, floors = [], []
    for _ in range(runs):
        floors.append(floor())
        times.append(work())
    return {"median_s": statistics.median(times), "floor_s": statistics.median(floors)}


_FIRST_PAINT = """
import sys, time
started = float(sys.argv[2])
from pathlib import Path
from tui.app import build_app
from store import Store
import asyncio, tempfile

async def main():
    state = Path(tempfile.mkdtemp())
    store = Store(Path(sys.argv[1]), member="Benchmark", device="bench", lock_dir=state / "locks")
    app = build_app(store, export_folder=state, drafts_folder=state)
    async with app.run_test(size=(120, 40)) as pilot:
        while type(app.screen).__name__ != "HomeScreen":
            await pilot.pause()
        print(time.time() - started)
        os._exit(0)

import os
asyncio.run(main())
"""

_BARE_PAINT = """
import sys, time, os, asyncio
started = float(sys.argv[2])
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("aftercall")

async def main():
    app = Bare()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        print(time.time() - started)
        os._exit(0)

asyncio.run(main())
"""


def _painted(script: str, root: Path) -> float:
    """Seconds from spawning python to the script's first screen (the script reports it)."""
    import subprocess

    done = subprocess.run([sys.executable, "-c", script, str(root), repr(time.time())],
                          check=True, capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[1])  # fmt: skip
    return float(done.stdout.strip().splitlines()[-1])


def case_first_paint(root: Path, runs: int) -> dict[str, object]:
    """From spawning the interpreter to the home screen on the pilot's headless terminal; the
    floor is a one-widget Textual app the same way. Not a real terminal's paint: the pilot
    skips the terminal driver, so both sides lack the same tens of milliseconds."""
    result = _paired(lambda: _painted(_FIRST_PAINT, root),
                     lambda: _painted(_BARE_PAINT, root), runs)  # fmt: skip
    imports = [_process([sys.executable, "-c", "import tui.app"]) for _ in range(runs)]
    bare = [_process([sys.executable, "-c", "pass"]) for _ in range(runs)]
    return result | {"import_app_s": statistics.median(imports),
                     "python_s": statistics.median(bare)}  # fmt: skip


async def _settled(pilot: Any, app: Any) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


@contextlib.asynccontextmanager
async def _on_home(root: Path) -> AsyncIterator[tuple[Any, Any]]:
    """The app on `root` in the pilot at 120x40, home loaded and settled: (app, pilot)."""
    from tui.app import build_app

    app = build_app(_open(root), export_folder=Path(tempfile.mkdtemp()),
                    drafts_folder=Path(tempfile.mkdtemp()))  # fmt: skip
    async with app.run_test(size=(120, 40)) as pilot:
        while type(app.screen).__name__ != "HomeScreen":
            await pilot.pause()
        await _settled(pilot, app)
        yield app, pilot


def _pilot_runs(once: Callable[[], Awaitable[tuple[float, float]]], runs: int) -> dict[str, object]:
    """`once` (timed, floor) in a fresh app `runs` times; the medians."""
    import asyncio

    timings = []
    for _ in range(runs):
        _fresh()
        timings.append(asyncio.run(once()))
    return {"median_s": statistics.median(t[0] for t in timings),
            "floor_s": statistics.median(t[1] for t in timings)}  # fmt: skip


def case_form(root: Path, runs: int) -> dict[str, object]:
    """`n` on a loaded home screen to the first frame showing the form with the cursor in its
    Client field (what the user sees); `settled` is until the app is idle again (the pilot's
    wait, with the names loading in a worker). The floor is the pilot's own round trip (a key
    nothing binds, then a pause)."""

    async def once() -> tuple[float, float, float]:
        async with _on_home(root) as (app, pilot):
            while app._spare_form is None:  # the user reads home for a moment at least
                await pilot.pause(0.05)
            await pilot.pause(0.5)
            started = time.perf_counter()
            await pilot.press("f12")
            await pilot.pause()
            floor = time.perf_counter() - started
            painted: list[float] = []
            display = app._display

            def spy(screen: Any, update: Any) -> None:
                if not painted and type(screen).__name__ == "ReflectionFormScreen" and \
                        getattr(app.focused, "id", None) == "client":  # fmt: skip
                    painted.append(time.perf_counter())
                display(screen, update)

            app._display = spy
            started = time.perf_counter()
            await pilot.press("n")
            while getattr(app.focused, "id", None) != "client":
                await pilot.pause()
            settled = time.perf_counter() - started
            return painted[0] - started, floor, settled

    import asyncio

    timings = []
    for _ in range(runs):
        _fresh()
        timings.append(asyncio.run(once()))
    return {"median_s": statistics.median(t[0] for t in timings),
            "floor_s": statistics.median(t[1] for t in timings),
            "settled_s": statistics.median(t[2] for t in timings)}  # fmt: skip


def case_form_tabs(root: Path, runs: int) -> dict[str, object]:
    """Sixteen tabs posted at once in a new form, from the Client field to "What worked", until
    the last is handled; the floor is sixteen keys nothing binds, posted and handled the same way
    (the key order's own cost)."""
    from tests.tui.pilot_tools import burst

    async def once() -> tuple[float, float]:
        async with _on_home(root) as (app, pilot):
            await pilot.press("n")
            while getattr(app.focused, "id", None) != "client":
                await pilot.pause()
            await _settled(pilot, app)
            started = time.perf_counter()
            await burst(pilot, *["f12"] * 16)
            floor = time.perf_counter() - started
            started = time.perf_counter()
            await burst(pilot, *["tab"] * 16)
            assert getattr(app.focused, "id", None) == "what_worked", app.focused
            return time.perf_counter() - started, floor

    return _pilot_runs(once, runs)


def case_keys_while_loading(root: Path, runs: int) -> dict[str, object]:
    """Keys typed into the form while the store loads, from its first paint on (`n` pressed the
    moment home shows): each key's time from reaching the app (sent as the terminal driver
    sends it) to the first frame that shows it, which is what the typist sees (`value_*`: to
    the field holding it, which can come long before). Typing goes on, a key every 60 ms,
    until every worker is done (at least 40 keys); only keys sent while a worker was still
    running count. The floor is 40 keys typed the same way on an empty store.

    Not `pilot.press`: it waits until the whole process is idle (Textual's `wait_for_idle`, up
    to a second twice per key), so with a loader busy in a thread it times the loader, not the
    key. With BENCH_PILOT=1 the pilot's figures (to the value) are added (`pilot_*`), to
    compare with older runs."""
    import asyncio
    import os

    from textual import events

    from tui.app import build_app

    async def typing(where: Path, pilot_keys: bool) -> list[tuple[float, float]]:
        """(to the value, to the frame showing it) of each key that counts."""
        app = build_app(_open(where), export_folder=Path(tempfile.mkdtemp()),
                        drafts_folder=Path(tempfile.mkdtemp()))  # fmt: skip
        latencies: list[tuple[float, float]] = []
        async with app.run_test(size=(120, 40)) as pilot:
            while type(app.screen).__name__ != "HomeScreen":
                await pilot.pause()
            frames: list[tuple[float, int]] = []  # (when, how many keys the field held)
            display = app._display

            def spy(screen: Any, update: Any) -> None:
                if type(screen).__name__ == "ReflectionFormScreen":
                    shown = getattr(app.focused, "value", "")
                    frames.append((time.perf_counter(), len(shown) if type(shown) is str else 0))
                display(screen, update)

            app._display = spy
            app.post_message(events.Key("n", "n"))
            # The user types once the form is on the screen, not before.
            while not frames or getattr(app.focused, "id", None) != "client":
                await asyncio.sleep(0.001)
            field = app.focused
            for i in range(300):
                loading = any(w.is_running for w in app.workers)
                if i >= 40 and (pilot_keys or not loading):
                    break
                char = "abcdefghij"[i % 10]
                started = time.perf_counter()
                if pilot_keys:
                    await pilot.press(char)
                else:
                    app.post_message(events.Key(char, char))
                while len(field.value) <= i:  # type: ignore[union-attr]
                    await asyncio.sleep(0.001)
                held = time.perf_counter() - started
                while not frames or frames[-1][1] <= i:
                    await asyncio.sleep(0.001)
                shown = next(when for when, count in frames if count > i and when >= started)
                if loading or pilot_keys or where.name == "empty":
                    latencies.append((held, shown - started))
                await asyncio.sleep(0.06)  # a fast typist
            await _settled(pilot, app)
        return latencies

    def figures(values: list[float], prefix: str = "") -> dict[str, float]:
        values = sorted(values)
        return {f"{prefix}median_s": statistics.median(values),
                f"{prefix}p99_s": values[int(len(values) * 0.99)],
                f"{prefix}max_s": values[-1]}  # fmt: skip

    empty = Path(tempfile.mkdtemp()) / "empty"
    keys: list[tuple[float, float]] = []
    floor: list[float] = []
    pilot: list[float] = []
    first: list[float] = []
    rest: list[float] = []
    for _ in range(runs):
        _fresh()
        floor += [shown for _, shown in asyncio.run(typing(empty, False))]
        _fresh()
        typed = asyncio.run(typing(root, False))
        keys += typed
        first += [shown for _, shown in typed[:1]]
        rest += [shown for _, shown in typed[1:]]
        if os.environ.get("BENCH_PILOT"):
            _fresh()
            pilot += [held for held, _ in asyncio.run(typing(root, True))]
    result: dict[str, object] = {
        **figures([shown for _, shown in keys]),
        "floor_s": statistics.median(floor),
        **figures([held for held, _ in keys], "value_"),
        "keys_while_loading": len(keys) / runs,
    }
    # The first key meets the form still settling after its first paint (built on `n`, as the
    # spare is not built yet when `n` comes the moment home shows): shown apart.
    if first and rest:
        result |= {"first_key_s": statistics.median(first),
                   "p99_after_first_s": sorted(rest)[int(len(rest) * 0.99)]}  # fmt: skip
    if pilot:
        result |= figures(pilot, "pilot_")
    return result


def _owner_state(root: Path) -> tuple[Path, Path]:
    """A state folder whose device is the generated owner's, and that owner's newest file."""
    from benchmarks.generate import OWNER
    from store.storage.shards import member_slug

    state = Path(tempfile.mkdtemp())
    (state / "device-id").write_text("owner\n")
    folder = root / "shards" / f"{member_slug(OWNER)}@owner"
    files = sorted(folder.glob("2026*.json"), key=lambda p: (len(p.name), p.name))
    return state, files[-1]


_SAVE_FLOOR = """
import sys, orjson
from pathlib import Path
from store.storage.atomic import write_atomic
from store.storage.json_storage import dump_json
data = orjson.loads(Path(sys.argv[1]).read_bytes())
write_atomic(Path(sys.argv[2]), dump_json(data))
"""


def case_cli_add(root: Path, runs: int) -> dict[str, object]:
    """`aftercall add` as the member with 10k records in a 100k team store, as a whole
    process. The floor is a process that parses that member's current file, serialises it and
    replaces a copy atomically (one save's own work, start-up included)."""
    from benchmarks.generate import OWNER

    state, current = _owner_state(root)
    rng = random.Random()  # fresh ids every run: the store keeps what earlier runs added
    source = Path(tempfile.mkdtemp()) / "one.json"
    env = {"AFTERCALL_HOME": str(state.parent), "AFTERCALL_STORE": str(root),
           "AFTERCALL_MEMBER": OWNER}  # fmt: skip
    (state.parent / "state").mkdir(exist_ok=True)
    (state.parent / "state" / "device-id").write_text("owner\n")
    aftercall = str(Path(sys.executable).parent / "aftercall")

    def add() -> float:
        from store.records.interchange import reflection_to_dict

        r = make_reflection(rng, OWNER, date(2026, 10, 1), 30)
        source.write_bytes(orjson.dumps(reflection_to_dict(r)))
        return _process([aftercall, "add", "--from", str(source)], env)

    copy = Path(tempfile.mkdtemp()) / "copy.json"
    result = _paired(add, lambda: _process([sys.executable, "-c", _SAVE_FLOOR, str(current),
                                            str(copy)]), runs)  # fmt: skip
    return result | {"file_records": len(orjson.loads(current.read_bytes())["reflections"])}


def _window_files(
    root: Path, period: Any, windows: list[tuple[date, date]] | None = None
) -> list[Path]:
    """The files that hold a conversation the month's learnings read (the month, the one
    before and the 90-day repeat window; or `windows`), or straddle the "as of" day: found
    once, outside the timing."""
    from datetime import timedelta

    straddling = windows is not None  # the learnings' floor counts the window alone
    if windows is None:
        windows = [(min(period.previous().start, period.end - timedelta(days=89)), period.end)]
    needed = []
    for path in shard_files(root):
        docs = orjson.loads(path.read_bytes()).get("reflections", {}).values()
        days = [date.fromisoformat(doc["conversation_at"][:10]) for doc in docs]
        in_window = any(low <= day <= high for low, high in windows for day in days)
        if in_window or (straddling and days and min(days) <= AS_OF < max(days)):
            needed.append(path)
    return needed


def _warm_against_files(
    root: Path, work: Callable[[], object], needed: list[Path], runs: int
) -> dict[str, object]:
    """`work` run once to warm the caches, then timed against reading and parsing `needed`."""
    work()

    def floor() -> None:
        for path in needed:
            gc.disable()
            orjson.loads(path.read_bytes())
            gc.enable()

    def timed(fn: Callable[[], object]) -> float:
        _fresh()
        started = time.perf_counter()
        fn()
        return time.perf_counter() - started

    result = _paired(lambda: timed(work), lambda: timed(floor), runs)
    return result | {"files_needed": len(needed), "files": len(shard_files(root))}


def case_history_learnings(root: Path, runs: int) -> dict[str, object]:
    """October's learnings as `aftercall learnings` computes them, in an open process (cache
    warm: run once first). The floor reads and parses just the files holding the months it
    reads (the month, the one before and the 90-day repeat window)."""
    period = parse_period("2026-10")
    needed = _window_files(root, period)
    state = Path(tempfile.mkdtemp())

    def learnings() -> object:
        from store.insights import compute_insights, period_records

        store = Store(root, member="Benchmark", device="bench", lock_dir=state / "locks")
        records, rest, _ = period_records(store, period, AS_OF)
        return compute_insights(records, period, AS_OF, rest)

    return _warm_against_files(root, learnings, needed, runs)


def case_history_digest(root: Path, runs: int) -> dict[str, object]:
    """October's Markdown digest as `aftercall digest --period 2026-10` computes it, in an open
    process (cache warm: run once first): the profiles and practices read, the files holding
    the digest's windows (the learnings' window, the trend's six months, the health rules' 90
    days) read, the rest from the cache, rendered. The floor reads and parses just those files."""
    from store.insights import digest_records, digest_windows
    from store.storage import load_directory

    period = parse_period("2026-10")
    needed = _window_files(root, period, digest_windows(period, AS_OF))
    state = Path(tempfile.mkdtemp())

    def digest() -> str:
        store = Store(root, member="Benchmark", device="bench", lock_dir=state / "locks")
        request = DigestRequest(period, AS_OF, "md", clients=load_directory(store.root),
                                practices=store.practices())  # fmt: skip
        records, rest, _ = digest_records(store, period, AS_OF)
        return render(records, request, rest)

    return _warm_against_files(root, digest, needed, runs)


CASES: dict[str, Callable[..., dict[str, object]]] = {
    "first-paint": case_first_paint,
    "form": case_form,
    "form-tabs": case_form_tabs,
    "keys-while-loading": case_keys_while_loading,
    "cli-add": case_cli_add,
    "history-learnings": case_history_learnings,
    "history-digest": case_history_digest,
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
