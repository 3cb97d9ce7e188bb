"""Sharing a store through real git: a bare remote, clones as members and devices, failures."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from pathlib import Path

import pytest

from exports.insights_json import insights_to_dict
from store import Outcome, Reflection, Store
from store.insights.learnings import compute_insights
from store.insights.periods import parse_period
from store.storage.shards import member_slug
from store.sync.git import SyncError, classify_remote_failure
from store.sync.sharing import init_team_store, join_team_store, sync, sync_state
from tests.conftest import Clock
from tests.factories import make_reflection
from tests.store.conftest import git as _git

ITEM = "5d1b2c3a-0000-4000-8000-000000000002"


def _ids(store: Store) -> dict[str, Reflection]:
    return dict(store.snapshot().reflections)


def test_members_and_devices_converge_without_conflicts(team, clock: Clock) -> None:
    ana, join = team
    ben, ana_desktop = join("Ben", "pc"), join("Ana", "desktop")
    a1 = ana.add(make_reflection(id="00000000-0000-4000-8000-000000000001", member="Ana"))
    b1 = ben.add(make_reflection(id="00000000-0000-4000-8000-000000000002", member="Ben"))
    report = sync(ana)
    assert report.pushed and "Ana (laptop): 1 new reflection" in (report.committed or "")
    assert sync(ben).new_by_member == {"Ana": 1}
    clock.now += timedelta(minutes=5)
    # Concurrently: Ben closes Ana's item, Ana edits on her desktop, Ana adds on her laptop.
    sync(ana_desktop)
    ben.set_action_done(a1.id, ITEM, date(2026, 11, 20))
    ana_desktop.update(dataclasses.replace(ana_desktop.get(a1.id), outcome=Outcome.LOST))
    ana.add(make_reflection(id="00000000-0000-4000-8000-000000000003", member="Ana"))
    ben.delete(b1.id)
    for store in (ana_desktop, ben, ana, ana_desktop, ben):
        sync(store)  # never stops on a conflict, in any order
    states = [_ids(s) for s in (ana, ben, ana_desktop)]
    assert states[0] == states[1] == states[2]
    october = parse_period("2026-10")
    insights = [insights_to_dict(compute_insights(s.query(), october, date(2026, 10, 31)))
                for s in (ana, ben, ana_desktop)]  # fmt: skip
    assert insights[0] == insights[1] == insights[2]
    merged = ana.get(a1.id)
    assert merged.outcome is Outcome.LOST
    assert next(i for i in merged.action_items if i.id == ITEM).done_on == date(2026, 11, 20)
    assert sorted(states[0]) == [a1.id, "00000000-0000-4000-8000-000000000003"]
    assert {sync_state(s).kind for s in (ana, ben, ana_desktop)} <= {"synced", "behind"}


def test_only_own_files_are_committed(team) -> None:
    ana, join = team
    ben = join("Ben", "pc")
    ben.add(make_reflection(member="Ben"))
    sync(ben)
    sync(ana)
    changed = _git("show", "--name-only", "--format=", "HEAD", cwd=ben.root).split()
    assert changed
    assert all(path.startswith(f"shards/{member_slug('Ben')}@pc/") for path in changed)


def test_no_remote_keeps_the_commit_and_says_what_to_do(tmp_path: Path, clock: Clock) -> None:
    root = tmp_path / "solo"
    init_team_store(root)
    store = Store(root, member="Ana", device="x", lock_dir=tmp_path / "l", clock=clock)
    store.add(make_reflection())
    with pytest.raises(SyncError, match="no remote to sync with: add one with") as caught:
        sync(store)
    assert "committed locally" in str(caught.value)
    assert "Ana (x): 1 new reflection" in _git("log", "--format=%s", cwd=root)
    assert sync_state(store).kind == "no_remote"


def test_offline_remote_is_explained_and_a_later_sync_completes(team, remote: Path) -> None:
    ana, _ = team
    ana.add(make_reflection())
    moved = remote.with_name("away.git")
    remote.rename(moved)
    with pytest.raises(SyncError, match="cannot reach the remote"):
        sync(ana)
    moved.rename(remote)
    assert sync(ana).pushed
    assert "1 new reflection" in _git("log", "--format=%s", "-1", "main", cwd=remote)


def test_rejected_push_is_explained(team, remote: Path) -> None:
    ana, _ = team
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'pushes are frozen' >&2\nexit 1\n")
    hook.chmod(0o755)
    ana.add(make_reflection())
    with pytest.raises(SyncError, match="the remote rejected it"):
        sync(ana)
    hook.unlink()
    assert sync(ana).pushed


def test_hand_edited_teammate_file_stops_the_sync_and_loses_nothing(team) -> None:
    ana, join = team
    ben = join("Ben", "pc")
    ben.add(make_reflection(member="Ben"))
    sync(ben)
    sync(ana)
    ana.add(make_reflection(id="00000000-0000-4000-8000-000000000009", member="Ana"))
    (bens_file,) = ana.root.glob(f"shards/{member_slug('Ben')}@pc/*.json")
    bens_file.write_text(bens_file.read_text().replace("Acme Retail", "Acme Retail (fixed)"))
    with pytest.raises(SyncError, match="changed by hand outside your own folder"):
        sync(ana)
    assert "Acme Retail (fixed)" in bens_file.read_text()  # nothing discarded
    _git("checkout", "--", str(bens_file), cwd=ana.root)
    assert sync(ana).pushed


def test_not_a_repository(store: Store) -> None:
    store.add(make_reflection())
    with pytest.raises(SyncError, match="is not shared through git: run `aftercall team init`"):
        sync(store)
    assert sync_state(store).kind == "not_a_repo"


def test_git_not_installed(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("store.sync.git.shutil.which", lambda name: None)
    with pytest.raises(SyncError, match="git is not installed"):
        sync(store)
    assert sync_state(store).kind == "no_git"


@pytest.mark.parametrize(
    ("stderr", "expected"),
    [
        ("fatal: Authentication failed for 'https://example.com/t.git/'",
         "refused your credentials"),
        ("git@example.com: Permission denied (publickey).\nfatal: Could not read from remote",
         "refused your credentials"),
        ("fatal: could not read Username for 'https://x': terminal prompts disabled",
         "refused your credentials"),
        ("fatal: unable to access 'https://x/': Could not resolve host: x", "cannot reach"),
        (" ! [remote rejected] main -> main (pre-receive hook declined)", "rejected it"),
    ],
)  # fmt: skip
def test_remote_failures_are_classified(stderr: str, expected: str) -> None:
    message = str(classify_remote_failure(stderr, "push"))
    assert expected in message and "\n" not in message and "committed locally" in message


def test_join_refuses_a_non_empty_folder_and_a_non_store(tmp_path: Path, remote: Path) -> None:
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "x").write_text("x")
    with pytest.raises(SyncError, match="not empty"):
        join_team_store(str(remote), busy)
    with pytest.raises(SyncError, match=r"clone failed .*check the URL"):
        join_team_store(str(tmp_path / "nothing.git"), tmp_path / "new")


def test_join_refuses_a_repository_that_is_not_a_store(tmp_path: Path) -> None:
    other = tmp_path / "other"
    _git("init", "--quiet", str(other), cwd=tmp_path)
    (other / "notes.txt").write_text("hello")
    _git("add", "notes.txt", cwd=other)
    _git("-c", "user.name=x", "-c", "user.email=x@x", "commit", "-qm", "x", cwd=other)
    with pytest.raises(SyncError, match="is not an aftercall team store"):
        join_team_store(str(other), tmp_path / "clone")
