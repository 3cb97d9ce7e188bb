"""A sync never loses a record and never stops for good: saves during every step of a sync, git
hooks that save mid-sync, hand commits into someone's folder, one member with two clones,
concurrent syncs, dropped records, truthful reports, file modes and hostile URLs."""

from __future__ import annotations

import os
import stat
import sys
import threading
from pathlib import Path

import pytest

from store import Store
from store.records.errors import StoreBusyError
from store.storage.json_storage import dump_json, parse_json
from store.storage.shards import SHARDS_DIR, legacy_member_slug, member_slug
from store.sync.git import SyncError
from store.sync.sharing import SyncReport, init_team_store, join_team_store, sync
from tests.factories import make_reflection, numbered_id
from tests.store.conftest import git

STEPS = ("committed", "fetched", "merged", "pushed", "swapped")


def _ids(store: Store) -> set[str]:
    return set(store.snapshot().reflections)


def _add(store: Store, n: int) -> str:
    return store.add(make_reflection(id=numbered_id(n), member=store.member)).id


def _converge(*stores: Store) -> None:
    for store in (*stores, *stores):
        sync(store)


@pytest.mark.parametrize("step", STEPS)
def test_a_save_during_each_step_of_a_sync_reaches_every_clone(team, step: str) -> None:
    ana, join = team
    ben = join("Ben", "pc")
    _add(ben, 1)
    sync(ben)  # so Ana's sync has a merge to make and files to swap in
    _add(ana, 2)
    # Another Store object of the same device is another writer, as a second process would be.
    other_writer = Store(ana.root, member="Ana", device="laptop", lock_dir=ana.lock_dir)
    saved: list[str] = []

    def on_step(name: str) -> None:
        if name == step:
            worker = threading.Thread(target=lambda: saved.append(_add(other_writer, 3)))
            worker.start()
            worker.join()

    sync(ana, progress=on_step)
    assert saved == [numbered_id(3)]
    assert numbered_id(3) in _ids(ana)
    _converge(ana, ben)
    for store in (ana, ben):
        assert _ids(store) == {numbered_id(1), numbered_id(2), numbered_id(3)}


def _hook(path: Path, body: str) -> None:
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)


def test_hooks_that_save_while_a_sync_runs_lose_nothing(
    tmp_path: Path, remote: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reported case: a `post-checkout` hook running `aftercall add` while the sync has the
    team's branch checked out. The sync no longer checks anything out, so the same save is fired
    from `reference-transaction` too, which runs inside fetch and push."""
    home = tmp_path / "ana-home"
    monkeypatch.setenv("AFTERCALL_HOME", str(home))
    root = tmp_path / "ana"
    init_team_store(root, str(remote))
    ana = Store.open(root, member="Ana", state_dir=home / "state")
    ben_root = tmp_path / "ben"
    join_team_store(str(remote), ben_root)
    ben = Store(ben_root, member="Ben", device="pc", lock_dir=tmp_path / "ben-locks")
    _add(ben, 1)
    sync(ben)
    _add(ana, 2)
    log = tmp_path / "acknowledged"
    add = (
        f'echo \'{{"client": "Hooked", "conversation_at": "2026-11-02"}}\' | '
        f'"{sys.executable}" -c "import sys; from tui.cli import main; '
        f"sys.exit(main(['--store', '{root}', '--member', 'Ana', 'add', '--from', '-']))\" "
        f">> {log} 2>> {tmp_path / 'hook-errors'}\n"
    )
    hooks = root / ".git" / "hooks"
    _hook(hooks / "post-checkout", add)
    _hook(hooks / "reference-transaction", f'[ "$1" = committed ] || exit 0\n{add}')
    report = sync(ana)
    assert report.pushed
    acknowledged = set(log.read_text().split())
    assert len(acknowledged) >= 2, (tmp_path / "hook-errors").read_text()  # fetch and push
    for path in hooks.iterdir():
        path.unlink()
    _converge(ana, ben)
    for store in (ana, ben):
        assert acknowledged | {numbered_id(1), numbered_id(2)} <= _ids(store)


def test_a_save_waits_for_the_write_lock_says_so_and_lands(team) -> None:
    ana, _ = team
    waited = threading.Event()
    ana.on_wait = waited.set
    other = Store(ana.root, member="Ana", device="laptop", lock_dir=ana.lock_dir)
    done: list[str] = []
    with other.write_lock():
        worker = threading.Thread(target=lambda: done.append(_add(ana, 1)))
        worker.start()
        assert waited.wait(10)
        assert not done
    worker.join()
    assert done == [numbered_id(1)] and numbered_id(1) in _ids(other)


def test_a_save_that_waits_too_long_writes_nothing_and_says_why(team) -> None:
    ana, _ = team
    other = Store(ana.root, member="Ana", device="laptop", lock_dir=ana.lock_dir)
    _add(ana, 1)
    before = {p: p.read_bytes() for p in ana.own_files()}

    def blocked() -> None:
        busy = pytest.raises(StoreBusyError, match=r"^not saved: .* stayed busy .* nothing was")
        with busy, ana.write_lock(timeout=0.2):
            pass

    with other.write_lock():
        worker = threading.Thread(target=blocked)
        worker.start()
        worker.join()
    assert {p: p.read_bytes() for p in ana.own_files()} == before


def test_a_teammates_hand_commit_into_your_folder_does_not_wedge_sync(team) -> None:
    ana, join = team
    ben = join("Ben", "pc")
    _add(ana, 1)
    sync(ana)
    sync(ben)
    (anas_file,) = ben.root.glob(f"shards/{member_slug('Ana')}@laptop/*.json")
    text = anas_file.read_text().replace("Acme Retail", "Acme Retail (fixed)")
    # The last field of the record, next to where Ana's next record goes: a text conflict.
    anas_file.write_text(text.replace("by two days.", "by two days (fixed)."))
    git("add", "-A", cwd=ben.root)
    git("-c", "user.name=Ben", "-c", "user.email=b@x", "commit", "-qm", "fix Ana's typo",
        cwd=ben.root)  # fmt: skip
    git("push", "-q", "origin", "main", cwd=ben.root)
    _add(ana, 2)
    assert sync(ana).pushed  # was: "could not rebase ... the rebase was undone", for ever
    _converge(ana, ben)
    for store in (ana, ben):
        assert _ids(store) == {numbered_id(1), numbered_id(2)}
        assert store.get(numbered_id(1)).client == "Acme Retail (fixed)"


def test_one_member_with_two_clones_on_one_machine_keeps_syncing(team) -> None:
    ana, join = team
    second = join("Ana", "laptop", "ana-second-clone")  # same member, same device id
    for n in range(1, 7):
        store = ana if n % 2 else second
        _add(store, n)
        report = sync(store)
        assert report.pushed
    _converge(ana, second)
    assert _ids(ana) == _ids(second) == {numbered_id(n) for n in range(1, 7)}
    note = " ".join(sync(ana).notes)
    assert str(second.root) in note and f"aftercall --store {second.root} sync" in note


def test_an_other_folder_of_this_member_written_here_is_shared_too(team) -> None:
    ana, join = team
    stray = Store(ana.root, member="Ana", device="0ther1d", lock_dir=ana.lock_dir)
    _add(stray, 1)  # what a second first-run with its own device id wrote
    _add(ana, 2)
    report = sync(ana)
    stray_folder = f"shards/{member_slug('Ana')}@0ther1d"
    assert report.also_shared == (stray_folder,)
    assert f"also shared {stray_folder}" in report.summary()
    ben = join("Ben", "pc")
    assert _ids(ben) == {numbered_id(1), numbered_id(2)}


def test_changes_left_in_this_devices_folder_of_before_the_hash_are_shared(team) -> None:
    """An upgrade finds unsynced records in `shards/ana@laptop` (the name before folders carried
    a hash): they are shared, and a teammate's old-style folder on another device is not."""
    ana, join = team
    old_folder = ana.root / SHARDS_DIR / f"{legacy_member_slug('Ana')}@{ana.device}"
    old_folder.mkdir(parents=True)
    stray = Store(ana.root, member="Ana", device=ana.device, lock_dir=ana.lock_dir)
    _add(stray, 1)
    for path in stray.own_dir.iterdir():
        path.rename(old_folder / path.name)
    stray.own_dir.rmdir()
    _add(ana, 2)
    report = sync(ana)
    assert report.also_shared == (f"{SHARDS_DIR}/{old_folder.name}",)
    ben = join("Ben", "pc")
    assert _ids(ben) == {numbered_id(1), numbered_id(2)}


def test_a_record_dropped_from_an_own_file_is_put_back_before_committing(team) -> None:
    ana, join = team
    _add(ana, 1)
    _add(ana, 2)
    sync(ana)
    (own,) = ana.own_files()
    data = parse_json(own.read_bytes())
    data["reflections"] = {
        k: d for k, d in data["reflections"].items() if d["id"] != numbered_id(1)
    }
    own.write_bytes(dump_json(data))
    _add(ana, 3)
    report = sync(ana)
    assert report.restored == 1 and "put back 1 reflection" in report.summary()
    ben = join("Ben", "pc")
    assert _ids(ben) == {numbered_id(1), numbered_id(2), numbered_id(3)}


def test_a_deletion_still_deletes_after_a_merge(team) -> None:
    ana, join = team
    ben = join("Ben", "pc")
    _add(ana, 1)
    sync(ana)
    sync(ben)
    ana.delete(numbered_id(1))
    _add(ben, 2)
    sync(ben)
    _converge(ana, ben)
    assert _ids(ana) == _ids(ben) == {numbered_id(2)}


def _concurrently(jobs: list) -> list[BaseException]:
    errors: list[BaseException] = []

    def run(job) -> None:
        try:
            job()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_concurrent_syncs_from_three_clones_never_fail(team) -> None:
    ana, join = team
    stores = [ana, join("Ben", "pc"), join("Cy", "mac")]
    n = 0
    for _round in range(4):
        for store in stores:
            n += 1
            _add(store, n)
        assert _concurrently([lambda s=s: sync(s) for s in stores]) == []
    _converge(*stores)
    expected = {numbered_id(i) for i in range(1, n + 1)}
    assert all(_ids(s) == expected for s in stores)


def test_two_syncs_and_saves_in_one_process_never_fail(team) -> None:
    ana, join = team
    ben = join("Ben", "pc")
    _add(ben, 100)
    sync(ben)
    jobs = [lambda: sync(ana), lambda: sync(ana)]
    jobs += [lambda n=n: _add(ana, n) for n in range(1, 6)]
    assert _concurrently(jobs) == []
    _converge(ana, ben)
    assert _ids(ben) == {numbered_id(n) for n in (*range(1, 6), 100)}


def test_commits_made_offline_are_reported_as_pushed(team, remote: Path) -> None:
    ana, _ = team
    _add(ana, 1)
    moved = remote.with_name("away.git")
    remote.rename(moved)
    with pytest.raises(SyncError, match="cannot reach the remote"):
        sync(ana)
    moved.rename(remote)
    report = sync(ana)
    assert report.pushed_commits == 1
    assert report.summary() == "shared 1 earlier commit the remote did not have"


def test_a_force_push_that_dropped_our_commits_is_repaired_and_reported(team) -> None:
    ana, join = team
    ben = join("Ben", "pc")
    start = git("rev-parse", "HEAD", cwd=ben.root).strip()
    _add(ana, 1)
    _add(ana, 2)
    sync(ana)
    git("push", "-q", "--force", "origin", f"{start}:refs/heads/main", cwd=ben.root)
    report = sync(ana)
    assert report.pushed and "already up to date" not in report.summary()
    assert "earlier commit" in report.summary()
    sync(ben)
    assert _ids(ben) == {numbered_id(1), numbered_id(2)}


def test_report_says_what_came_in(team) -> None:
    ana, join = team
    ben = join("Ben", "pc")
    _add(ben, 1)
    sync(ben)
    _add(ana, 2)
    report = sync(ana)
    assert report.new_by_member == {"Ben": 1}
    assert report.summary() == "shared: Ana (laptop): 1 new reflection; 1 new reflection from Ben"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_files_are_private_after_clone_and_after_a_sync(team) -> None:
    ana, join = team
    ben = join("Ben", "pc")
    _add(ben, 1)
    sync(ben)
    sync(ana)
    _add(ana, 2)
    sync(ana)
    sync(ben)
    for store in (ana, ben):
        for path in (store.root / "shards").rglob("*"):
            assert _mode(path) == (0o700 if path.is_dir() else 0o600), path
        assert _mode(store.root) == 0o700


def test_a_url_that_looks_like_an_option_is_a_url(tmp_path: Path) -> None:
    with pytest.raises(SyncError, match=r"clone failed .*check the URL"):
        join_team_store("--upload-pack=touch pwned", tmp_path / "clone")
    assert not (tmp_path / "pwned").exists() and not Path("pwned").exists()
    message = init_team_store(tmp_path / "solo", None)
    assert "now a git repository" in message
    with pytest.raises(SyncError, match="push failed"):
        init_team_store(tmp_path / "other", "-oops")
    assert "-oops" in git("remote", "get-url", "origin", cwd=tmp_path / "other")


def test_summary_for_nothing_to_do() -> None:
    assert SyncReport(None, False, {}, 0).summary() == "already up to date"


def test_cli_exit_codes_mean_synced_or_failed_with_nothing_lost(
    team, remote: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.cli import main

    ana, _ = team
    _add(ana, 1)
    args = ["--store", str(ana.root), "--member", "Ana", "sync"]
    monkeypatch.setenv("AFTERCALL_HOME", str(ana.lock_dir.parent / "ana-home"))
    moved = remote.with_name("away.git")
    remote.rename(moved)
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "committed locally" in err
    moved.rename(remote)
    assert main(args) == 0
    assert os.environ["AFTERCALL_HOME"]


class _Killed(Exception):
    pass


def test_a_sync_killed_while_swapping_files_in_recovers_on_the_next_sync(team) -> None:
    ana, join = team
    ben = join("Ben", "pc")
    _add(ben, 1)
    sync(ben)
    _add(ana, 2)

    def die(step: str) -> None:
        if step == "pushed":
            raise _Killed

    with pytest.raises(_Killed):
        sync(ana, progress=die)
    # The swap had written Ben's new file, then the process died before moving the branch.
    bens_folder = f"shards/{member_slug('Ben')}@pc"
    (bens,) = git("ls-tree", "-r", "--name-only", "origin/main", "--", bens_folder,
                  cwd=ana.root).split()  # fmt: skip
    (ana.root / bens).parent.mkdir(parents=True, exist_ok=True)
    (ana.root / bens).write_bytes(git("show", f"origin/main:{bens}", cwd=ana.root).encode())
    _add(ana, 3)
    sync(ana)
    _converge(ana, ben)
    for store in (ana, ben):
        assert _ids(store) == {numbered_id(1), numbered_id(2), numbered_id(3)}
