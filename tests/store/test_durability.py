"""Crash safety and concurrency with real processes: SIGKILL mid-write, two writers at once."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from store import Store
from store.storage.shards import shard_files

ROOT = Path(__file__).resolve().parents[2]
WRITER = [sys.executable, "-m", "tests.store.writer_process"]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _reader(root: Path, tmp_path: Path) -> Store:
    return Store(root, member="Reader", device="reader", lock_dir=tmp_path / "reader-locks")


@pytest.mark.slow
def test_two_processes_adding_as_the_same_member_lose_nothing(tmp_path: Path) -> None:
    root, locks = tmp_path / "store", tmp_path / "locks"
    writers = [
        subprocess.Popen([*WRITER, str(root), str(locks), "Dana Lee", "40"], cwd=ROOT,
                         env=_env(), stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]  # fmt: skip
    acknowledged = set()
    for writer in writers:
        out, _ = writer.communicate(timeout=120)
        assert writer.returncode == 0
        acknowledged |= set(out.split())
    assert len(acknowledged) == 80
    stored = _reader(root, tmp_path)
    assert {r.id for r in stored.all()} == acknowledged
    assert stored.problems == ()


@pytest.mark.slow
def test_sigkill_mid_write_never_tears_a_file_or_loses_an_acknowledged_record(
    tmp_path: Path,
) -> None:
    root, locks = tmp_path / "store", tmp_path / "locks"
    rng = random.Random(7)
    acknowledged: set[str] = set()
    kills = 0
    for _ in range(30):
        writer = subprocess.Popen(
            [*WRITER, str(root), str(locks), "Dana Lee", "100000"], cwd=ROOT, env=_env(),
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert writer.stdout is not None
        first = writer.stdout.readline()  # the process is up and writing
        time.sleep(rng.uniform(0.0, 0.25))
        writer.send_signal(signal.SIGKILL)
        rest, _ = writer.communicate(timeout=30)
        kills += writer.returncode == -signal.SIGKILL
        acknowledged |= {line for line in (first + rest).split() if len(line) == 36}
        for path in shard_files(root):
            json.loads(path.read_bytes())  # never torn
    assert kills == 30
    stored = _reader(root, tmp_path)
    assert stored.problems == ()
    missing = acknowledged - {r.id for r in stored.all()}
    assert not missing, f"{len(missing)} acknowledged records lost"
    assert len(shard_files(root)) > 1  # the kills also landed across roll-overs
