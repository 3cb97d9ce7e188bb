"""The device's one writer discipline outside sync: first-run device ids, concurrent imports of
the same file, and a multi-file import killed between its renames."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from store import Store
from store.storage.atomic import JOURNAL_NAME
from store.storage.shards import REFLECTIONS, member_slug
from tests.factories import full_record, make_reflection, numbered_id

PYTHON = [sys.executable, "-c"]


def test_processes_starting_at_once_agree_on_one_device_id(tmp_path: Path) -> None:
    state = tmp_path / "state"
    code = (
        "from pathlib import Path; from store.storage.device import device_id; "
        f"print(device_id(Path({str(state)!r})))"
    )
    runs = [subprocess.Popen([*PYTHON, code], stdout=subprocess.PIPE, text=True)
            for _ in range(6)]  # fmt: skip
    ids = {run.communicate()[0].strip() for run in runs}
    assert len(ids) == 1 and len(ids.pop()) == 8
    assert (state / "device-id").stat().st_mode & 0o777 == 0o600


def _import_script(home: Path, store_dir: Path, file: Path, *extra: str) -> list[str]:
    args = ["--store", str(store_dir), "--member", "Dana", "import", str(file), *extra]
    return [*PYTHON, f"import sys; from tui.cli import main; sys.exit(main({args!r}))"]


def _stored_ids(store_dir: Path) -> list[str]:
    ids = []
    for path in sorted(store_dir.glob("shards/*/*.json")):
        ids += [d["id"] for d in json.loads(path.read_text()).get(REFLECTIONS, {}).values()]
    return ids


def test_the_same_file_imported_twice_at_once_stores_each_id_once(
    tmp_path: Path, isolated_home: Path
) -> None:
    file = tmp_path / "batch.json"
    file.write_text(json.dumps([full_record(id=numbered_id(n)) for n in range(1, 201)]))
    store_dir = tmp_path / "store"
    runs = [
        subprocess.Popen(_import_script(isolated_home, store_dir, file), text=True,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(3)
    ]  # fmt: skip
    results = [(run.wait(), run.communicate()) for run in runs]
    codes = sorted(code for code, _ in results)
    assert codes == [0, 1, 1], results
    assert all("already in the store" in err for code, (_, err) in results if code)
    ids = _stored_ids(store_dir)
    assert len(ids) == len(set(ids)) == 200


CRASH = """
import os, sys
from pathlib import Path
from store import Store
from tests.factories import make_reflection, numbered_id

calls = 0
real = Path.replace

def replace(self, target):
    global calls
    calls += 1
    result = real(self, target)
    if calls == 3:  # the journal, then the first file: killed before the second
        os._exit(9)
    return result

store = Store(Path(sys.argv[1]), member="Dana", device="d1", lock_dir=Path(sys.argv[2]),
              shard_limit=10)
Path.replace = replace
store.put_many([make_reflection(id=numbered_id(n), member="Dana") for n in range(1, 26)])
"""


def test_a_multi_file_import_killed_between_renames_is_finished_on_open(tmp_path: Path) -> None:
    store_dir, locks = tmp_path / "store", tmp_path / "locks"
    done = subprocess.run([*PYTHON, CRASH, str(store_dir), str(locks)], check=False)
    assert done.returncode == 9
    own = store_dir / "shards" / f"{member_slug('Dana')}@d1"
    assert (own / JOURNAL_NAME).exists()
    assert 0 < len(_stored_ids(store_dir)) < 25  # half done on disk: the kill was real
    store = Store(store_dir, member="Dana", device="d1", lock_dir=locks, shard_limit=10)
    assert len(store.snapshot().reflections) == 25
    assert not (own / JOURNAL_NAME).exists()
    assert not list(own.glob(".*.tmp"))
    assert sorted(_stored_ids(store_dir)) == [numbered_id(n) for n in range(1, 26)]
    # Running the same import again replaces, never duplicates.
    again = store.put_many(list(store.snapshot().reflections.values()), replace=True)
    assert len(again) == 25 and len(_stored_ids(store_dir)) == 25


def test_a_write_in_a_session_sees_a_journal_left_by_a_crash(tmp_path: Path) -> None:
    """A long-running app replays a crashed import's journal at its next save."""
    store_dir, locks = tmp_path / "store", tmp_path / "locks"
    store = Store(store_dir, member="Dana", device="d1", lock_dir=locks, shard_limit=10)
    subprocess.run([*PYTHON, CRASH, str(store_dir), str(locks)], check=False)
    with store.write_lock():
        assert len(store.snapshot().reflections) == 25


def test_a_rename_that_fails_mid_import_is_finished_at_the_next_write(
    tmp_path: Path, monkeypatch
) -> None:
    store = Store(tmp_path / "s", member="Dana", device="d1", lock_dir=tmp_path / "l",
                  shard_limit=10)  # fmt: skip
    real, calls = Path.replace, []

    def flaky(self: Path, target: Path) -> Path:
        calls.append(self)
        if len(calls) == 3:
            raise OSError("disk hiccup")
        return real(self, target)

    monkeypatch.setattr(Path, "replace", flaky)
    records = [make_reflection(id=numbered_id(n), member="Dana") for n in range(1, 26)]
    with pytest.raises(OSError, match="disk hiccup"):
        store.put_many(records)
    monkeypatch.setattr(Path, "replace", real)
    store.add(make_reflection(id=numbered_id(99), member="Dana"))
    assert len(store.snapshot().reflections) == 26
