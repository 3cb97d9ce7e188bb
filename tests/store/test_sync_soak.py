"""Soak: three clones (one member on two devices), rounds of concurrent saves and syncs in random
order. Every acknowledged record must end up on every clone, and no sync may fail for good."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from store import Store
from store.storage import practice_events
from store.sync.git import SyncError
from store.sync.sharing import init_team_store, join_team_store, sync
from tests.factories import make_reflection, numbered_id

ROUNDS = 50


@pytest.mark.slow
def test_soak_concurrent_saves_and_syncs_lose_nothing(team) -> None:
    ana_laptop, join = team
    stores = [ana_laptop, join("Ben", "pc"), join("Ana", "desktop")]
    rng = random.Random(int(os.environ.get("AFTERCALL_SOAK_SEED", "13")))
    acknowledged: set[str] = set()
    events: set[str] = set()
    figures: Counter[str] = Counter()
    lock = threading.Lock()
    counter = iter(range(1, 1_000_000))

    def save(store: Store, count: int, delay: float) -> None:
        time.sleep(delay)
        for _ in range(count):
            with lock:
                rid = numbered_id(next(counter))
            store.add(make_reflection(id=rid, member=store.member))
            with lock:
                acknowledged.add(rid)
                figures["saves"] += 1
        # Practice changes travel in each device's own practices.json, beside its shards.
        event = practice_events.add(store, f"practice {rid[-4:]} of {store.member}", [])
        with lock:
            events.add(event.id)
            figures["practice events"] += 1

    def share(store: Store, delay: float) -> None:
        time.sleep(delay)
        try:
            report = sync(store)
        except SyncError:
            with lock:
                figures["syncs failed (retried next round)"] += 1
            return
        with lock:
            figures["syncs"] += 1
            figures["push races retried"] += report.retries

    for _round in range(ROUNDS):
        jobs = []
        for store in stores:
            jobs.append(lambda s=store: save(s, rng.randint(1, 3), rng.uniform(0, 0.2)))
            jobs.append(lambda s=store: share(s, rng.uniform(0, 0.2)))
        rng.shuffle(jobs)
        threads = [threading.Thread(target=job) for job in jobs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    for store in stores * 2:
        sync(store)  # the final round must succeed everywhere: nothing fails for good
        figures["syncs"] += 1
    lost = {id(s): acknowledged - set(s.snapshot().reflections) for s in stores}
    figures["records lost"] = sum(len(v) for v in lost.values())
    print(f"\nsoak: {ROUNDS} rounds, {dict(figures)}")
    assert figures["records lost"] == 0, lost
    assert figures["syncs failed (retried next round)"] == 0
    for store in stores:
        read = practice_events.read_events(store.root)
        assert read.problems == () and events <= {e.id for e in read.events}
    assert len({tuple(store.practices().ordered()) for store in stores}) == 1  # one vocabulary


def _cli(home: Path, root: Path, member: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "AFTERCALL_HOME": str(home)}
    command = [str(Path(sys.executable).with_name("aftercall")), "--store", str(root),
               "--member", member, *args]  # fmt: skip
    return subprocess.Popen(command, env=env, text=True, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip


@pytest.mark.slow
def test_soak_with_cli_processes_loses_nothing(tmp_path: Path, remote: Path) -> None:
    """The reported setup: separate `aftercall add` and `aftercall sync` processes, three clones,
    Ana on two machines (two state dirs, so two device ids)."""
    clones = [("Ana", "ana-laptop"), ("Ben", "ben-pc"), ("Ana", "ana-desktop")]
    init_team_store(tmp_path / clones[0][1], str(remote))
    for _member, name in clones[1:]:
        join_team_store(str(remote), tmp_path / name)
    rng = random.Random(int(os.environ.get("AFTERCALL_SOAK_SEED", "15")))
    acknowledged: set[str] = set()
    figures: Counter[str] = Counter()
    for n in range(ROUNDS):
        jobs = []
        for member, name in clones:
            home, root = tmp_path / f"{name}-home", tmp_path / name
            record = tmp_path / f"record-{n}-{name}.json"
            record.write_text(
                json.dumps({"client": f"Client {n}", "conversation_at": "2026-11-02"})
            )
            jobs.append(("add", (home, root, member, "add", "--from", str(record))))
            jobs.append(("sync", (home, root, member, "sync")))
        rng.shuffle(jobs)
        runs = [(kind, _cli(*args)) for kind, args in jobs]
        for kind, run in runs:
            out, err = run.communicate()
            if kind == "add":
                assert run.returncode == 0, err
                acknowledged.add(out.strip())
                figures["saves"] += 1
            elif run.returncode == 0:
                figures["syncs"] += 1
            else:
                assert err.count("\n") == 1, err  # one clear line, never a raw git dump
                figures["syncs failed (retried next round)"] += 1
    for member, name in clones * 2:
        run = _cli(tmp_path / f"{name}-home", tmp_path / name, member, "sync")
        assert run.wait() == 0, run.communicate()[1]
        figures["syncs"] += 1
    lost = 0
    for member, name in clones:
        state = tmp_path / f"{name}-home" / "state"
        store = Store.open(tmp_path / name, member=member, state_dir=state)
        lost += len(acknowledged - set(store.snapshot().reflections))
    figures["records lost"] = lost
    print(f"\ncli soak: {ROUNDS} rounds, {dict(figures)}")
    assert lost == 0
    assert figures["syncs failed (retried next round)"] == 0
