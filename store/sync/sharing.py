"""Sharing a store through git: init, join, sync, and the state shown in the app's footer.

A sync commits only this member's own folders (under this device's write lock), fetches, merges
the team's commit by record id without touching the work tree, pushes, and only then swaps the
merged files in, under the write lock again. Nothing can conflict, a push that loses a race with a
teammate is merged again and retried, and a save made meanwhile goes into the next sync.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from store.records.errors import ValidationError
from store.storage.json_storage import dump_json
from store.storage.shards import SHARDS_DIR, STORE_FILE, STORE_FORMAT, member_slug
from store.storage.store import Store
from store.sync.commit import (
    commit,
    other_clones,
    own_folders,
    own_prefixes,
    recover_interrupted,
    refuse_dirty_outside,
    rel,
    restore_dropped,
)
from store.sync.git import SAFE, Git, SyncError, classify_remote_failure
from store.sync.git_merge import merge_commits, restrict_tree, swap_in

PUSH_ATTEMPTS = 10

STORE_README = """# aftercall team store

This folder is an aftercall store shared through git. Each device of each member writes only its own
folder under `shards/<member>@<device>/`, so syncing never conflicts. Use `aftercall sync` to share
your reflections and receive your teammates'; do not edit the JSON files by hand.

- `aftercall team join <this repository's URL>` sets up a new teammate.
- `aftercall locate` shows which folder is yours.
"""
GITATTRIBUTES = "*.json text eol=lf\n*.md text eol=lf\n"
GITIGNORE = ".*.tmp\n"


@dataclass(frozen=True, slots=True)
class SyncReport:
    committed: str | None
    """The commit message of this device's changes, or None when there was nothing to commit."""
    pushed: bool
    new_by_member: dict[str, int]
    updated: int
    pushed_commits: int = 0
    """Commits of this member's that the push brought to the remote (this sync's and earlier)."""
    restored: int = 0
    """Records the files had lost without a deletion marker, put back before committing."""
    also_shared: tuple[str, ...] = ()
    """Other folders of this member written on this machine, shared along with the own one."""
    notes: tuple[str, ...] = ()
    retries: int = 0
    """Pushes that lost a race with a teammate and were merged and tried again."""

    def summary(self) -> str:
        parts = []
        earlier = self.pushed_commits - (1 if self.committed else 0)
        if self.committed:
            parts.append(f"shared: {self.committed}")
            if earlier > 0:
                parts[-1] += f" (and {earlier} earlier commit{'s' * (earlier != 1)})"
        elif earlier > 0:
            parts.append(
                f"shared {earlier} earlier commit{'s' * (earlier != 1)} the remote did not have"
            )
        if self.restored:
            noun = "reflection" if self.restored == 1 else "reflections"
            parts.append(f"put back {self.restored} {noun} your files had lost")
        for folder in self.also_shared:
            parts.append(f"also shared {folder} (yours, written on this machine)")
        if self.new_by_member:
            total = sum(self.new_by_member.values())
            names = _join_names(sorted(self.new_by_member, key=str.casefold))
            parts.append(f"{total} new reflection{'s' * (total != 1)} from {names}")
        if self.updated:
            parts.append(f"{self.updated} updated by teammates")
        if not parts:
            parts.append("already up to date")
        return "; ".join(parts + list(self.notes))


@dataclass(frozen=True, slots=True)
class SyncState:
    """What the footer shows: not a repo, no remote, or how far ahead/behind the remote is."""

    kind: str
    """One of "not_a_repo", "no_git", "no_remote", "synced", "ahead", "behind", "diverged",
    "unsynced" (local changes not yet committed)."""
    ahead: int = 0
    behind: int = 0

    @property
    def label(self) -> str:
        if self.kind in ("ahead", "behind", "diverged"):
            return f"sync ↑{self.ahead} ↓{self.behind}"
        return {
            "not_a_repo": "not shared", "no_git": "git missing", "no_remote": "no remote",
            "synced": "synced", "unsynced": "unsynced changes",
        }.get(self.kind, self.kind)  # fmt: skip


def _join_names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def init_team_store(folder: Path, remote: str | None = None) -> str:
    """Make `folder` a git repository holding a store; push it when a remote is given."""
    folder.mkdir(parents=True, exist_ok=True)
    git = Git(folder)
    if git.is_repo():
        raise SyncError(f"{folder} is already a git repository; use `aftercall sync`")
    git.check("init", "--quiet", "--initial-branch=main")
    for name, text in (("README.md", STORE_README), (".gitattributes", GITATTRIBUTES),
                       (".gitignore", GITIGNORE)):  # fmt: skip
        path = folder / name
        if not path.exists():
            path.write_text(text, encoding="utf-8")
    store_file = folder / STORE_FILE
    if not store_file.exists():
        store_file.write_bytes(dump_json({"format": STORE_FORMAT, "app": "aftercall"}))
    git.check("add", "--", "README.md", ".gitattributes", ".gitignore", STORE_FILE)
    if (folder / SHARDS_DIR).is_dir():
        git.check("add", "--", SHARDS_DIR)
    git.use_identity("aftercall", "aftercall")
    git.check("commit", "--quiet", "-m", "Start an aftercall team store")
    if remote is None:
        restrict_tree(folder)
        return f"{folder} is now a git repository; add a remote and run `aftercall sync` to share"
    restrict_tree(folder)
    git.check("remote", "add", "origin", "--", remote)
    pushed = git.run("push", "--quiet", "--set-upstream", "origin", "main")
    if not pushed.ok:
        raise classify_remote_failure(pushed.err, "push")
    return f"{folder} is shared at {remote}"


def join_team_store(url: str, folder: Path) -> None:
    """Clone a team store into `folder` (which must not exist or be empty)."""
    if folder.exists() and any(folder.iterdir()):
        raise SyncError(f"{folder} already exists and is not empty; choose another folder")
    folder.parent.mkdir(parents=True, exist_ok=True)
    git = Git(folder.parent)
    result = git.run("clone", "--quiet", "--", url, str(folder))
    if not result.ok:
        raise classify_remote_failure(result.err, "clone", safe="")
    _check_out_team_branch(Git(folder))
    restrict_tree(folder)
    if not (folder / STORE_FILE).exists():
        raise SyncError(f"{url} is not an aftercall team store (no {STORE_FILE} in it)")


def _check_out_team_branch(git: Git) -> None:
    """A bare remote made by `git init --bare` may point HEAD at a branch nobody pushed ("master"
    while the team pushed "main"); then the clone has no work tree, so take the team's branch."""
    if git.head() is not None:
        return
    branches = [
        ref.strip().removeprefix("origin/")
        for ref in git.check("branch", "--remotes", "--format=%(refname:short)").splitlines()
        if ref.strip().startswith("origin/") and ref.strip() != "origin/HEAD"
    ]
    if branches:
        chosen = "main" if "main" in branches else branches[0]
        git.check("checkout", "--quiet", "-b", chosen, "--track", f"origin/{chosen}")


def _open_repo(store: Store) -> Git:
    git = Git(store.root)
    git.use_identity(store.member, member_slug(store.member))
    if not git.is_repo():
        raise SyncError(
            f"{store.root} is not shared through git: run `aftercall team init` to share it or "
            "`aftercall team join URL` to use a team's store"
        )
    return git


Progress = Callable[[str], None]
"""Told each step a sync has finished: "committed", "fetched", "merged", "pushed", "swapped"."""


def sync(store: Store, progress: Progress | None = None) -> SyncReport:
    """Commit this device's files, fetch, merge by record id, push, then swap the merge in.

    One sync at a time per store (a second one waits). The write lock is held only while
    committing and while swapping files in, so saves go on during the network steps: a save
    that lands mid-sync is either in this sync's commit or in the next one, never lost.
    """
    git = _open_repo(store)
    with store.locks.sync():
        return _Sync(store, git, progress or (lambda step: None)).run()


class _Sync:
    def __init__(self, store: Store, git: Git, progress: Progress) -> None:
        self.store, self.git, self.progress = store, git, progress
        self.retries = 0

    def run(self) -> SyncReport:
        store, git = self.store, self.git
        before = {rid: r.updated_at for rid, r in store.snapshot().reflections.items()}
        with store.write_lock():
            recover_interrupted(git)
            branch = git.branch()
            folders = own_folders(store, git)
            refuse_dirty_outside(store, git, folders, branch)
            restored = restore_dropped(store, git, folders)
            committed = commit(store, git, folders)
            head = git.head()
        self.progress("committed")
        if not git.has_remote():
            raise SyncError(
                f"no remote to sync with: add one with `git -C {store.root} remote add origin URL`;"
                f" {SAFE}"
            )
        if head is None:
            raise SyncError(f"{store.root} has no commit yet: run `aftercall team init`")
        merged, pushed_commits = self._exchange(head, branch)
        self.progress("pushed")
        if merged != head:
            with store.write_lock():
                written = swap_in(git, store.root, head, merged, branch)
                store.forget_files(written)
        self.progress("swapped")
        notes = other_clones(store, git)
        after = store.snapshot()
        own = store.own_dir
        incoming = {
            rid: r
            for rid, r in after.reflections.items()
            if after.locations.get(rid, own).parent != own
        }
        new = Counter(r.member for rid, r in incoming.items() if rid not in before)
        updated = sum(
            1 for rid, r in incoming.items() if rid in before and before[rid] != r.updated_at
        )
        return SyncReport(
            committed, pushed_commits > 0, dict(new), updated, pushed_commits=pushed_commits,
            restored=restored, also_shared=tuple(f for f in folders if f != rel(store, own)),
            notes=notes, retries=self.retries,
        )  # fmt: skip

    def _exchange(self, head: str, branch: str) -> tuple[str, int]:
        """Fetch, merge and push until the remote holds our merge; (merge, commits pushed)."""
        git, store = self.git, self.store
        ours = head
        prefix = own_prefixes(store)
        message = f"{store.member} ({store.device}): merge the team's changes"
        for attempt in range(PUSH_ATTEMPTS):
            fetched = git.run("fetch", "--quiet", "origin")
            if not fetched.ok:
                raise classify_remote_failure(fetched.err, "fetch")
            self.progress("fetched")
            theirs = git.rev(f"refs/remotes/origin/{branch}")
            merged = ours if theirs is None else merge_commits(git, ours, theirs, prefix, message)
            self.progress("merged")
            if merged == theirs:
                return merged, 0
            count = git.check(
                "rev-list", "--count", "--no-merges", merged, *([f"^{theirs}"] if theirs else [])
            )
            pushed = git.run("push", "--quiet", "origin", f"{merged}:refs/heads/{branch}")
            if pushed.ok:
                if git.run("rev-parse", "--abbrev-ref", "@{upstream}").code != 0:
                    git.run("branch", "--quiet", f"--set-upstream-to=origin/{branch}", hooks=False)
                return merged, int(count)
            if not _lost_race(pushed.err):
                raise classify_remote_failure(pushed.err, "push")
            self.retries += 1
            ours = merged
            time.sleep(min(2.0, 0.1 * 2**attempt) * random.uniform(0.5, 1.5))
        raise SyncError(
            f"push lost the race {PUSH_ATTEMPTS} times as teammates kept pushing; sync again in a "
            f"moment; {SAFE}"
        )


_RACE = (
    "fetch first", "non-fast-forward", "cannot lock ref", "failed to update ref",
    "failed to lock", "incorrect old value", "stale info", "but expected",
)  # fmt: skip


def _lost_race(err: str) -> bool:
    lowered = err.lower()
    return any(sign in lowered for sign in _RACE)


def _ahead_behind(git: Git, branch: str) -> tuple[int, int]:
    out = git.check("rev-list", "--left-right", "--count", f"HEAD...origin/{branch}")
    ahead, behind = (int(n) for n in out.split())
    return ahead, behind


def sync_state(store: Store) -> SyncState:
    """Where this store stands against its remote, from local refs only (no network)."""
    try:
        git = Git(store.root)
    except SyncError:
        return SyncState("no_git")
    if not git.is_repo():
        return SyncState("not_a_repo")
    if not git.has_remote():
        return SyncState("no_remote")
    own = store.own_dir.relative_to(store.root).as_posix()
    if git.run("status", "--porcelain", "--", own).out.strip():
        return SyncState("unsynced")
    try:
        branch = git.branch()
    except SyncError:
        return SyncState("not_a_repo")
    if not git.remote_branch_exists(branch):
        return SyncState("ahead", ahead=1)
    ahead, behind = _ahead_behind(git, branch)
    kind = (
        "synced"
        if not (ahead or behind)
        else "diverged"
        if ahead and behind
        else ("ahead" if ahead else "behind")
    )
    return SyncState(kind, ahead, behind)


def default_join_folder(base: Path, url: str) -> Path:
    """Where `team join URL` clones to when no folder is given: named after the repository."""
    name = url.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1].removesuffix(".git")
    if not name:
        raise ValidationError("URL", f"cannot name a folder after {url!r}; give one")
    return base / "teams" / name
