"""Sharing a store through git: init, join, sync, and the state shown in the app's footer.

A sync commits only this device's own folder, fetches, rebases onto the remote and pushes. Other
members' files are never touched locally, so the rebase cannot conflict; a push that loses a race
with a teammate is simply retried.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from store.errors import ValidationError
from store.git import SAFE, Git, SyncError, classify_remote_failure, first_line
from store.json_storage import dump_json, parse_json
from store.shards import REFLECTIONS, SHARDS_DIR, STORE_FILE, STORE_FORMAT, member_slug
from store.store import Store

PUSH_ATTEMPTS = 3

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

    def summary(self) -> str:
        parts = []
        if self.committed:
            parts.append(f"shared: {self.committed}")
        if self.new_by_member:
            total = sum(self.new_by_member.values())
            names = _join_names(sorted(self.new_by_member, key=str.casefold))
            parts.append(f"{total} new reflection{'s' * (total != 1)} from {names}")
        if self.updated:
            parts.append(f"{self.updated} updated by teammates")
        if not parts:
            parts.append("already up to date")
        return "; ".join(parts)


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
        return f"{folder} is now a git repository; add a remote and run `aftercall sync` to share"
    git.check("remote", "add", "origin", remote)
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
    result = git.run("clone", "--quiet", url, str(folder))
    if not result.ok:
        raise classify_remote_failure(result.err, "clone", safe="")
    _check_out_team_branch(Git(folder))
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


def _own_docs(raw: bytes | None) -> dict[str, str]:
    """id -> updated_at of the reflections in one of this device's files."""
    if not raw:
        return {}
    try:
        table = parse_json(raw).get(REFLECTIONS, {})
    except (ValueError, AttributeError):
        return {}
    return {str(doc.get("id")): str(doc.get("updated_at")) for doc in table.values()}


def _commit_message(store: Store, git: Git) -> str:
    new = changed = 0
    for path in store.own_files():
        rel = path.relative_to(store.root).as_posix()
        before, after = _own_docs(git.show(f"HEAD:{rel}")), _own_docs(path.read_bytes())
        new += sum(1 for rid in after if rid not in before)
        changed += sum(1 for rid, stamp in after.items() if rid in before and before[rid] != stamp)
    counts = [f"{new} new" if new else "", f"{changed} updated" if changed else ""]
    what = ", ".join(c for c in counts if c)
    noun = "reflection" if new + changed == 1 else "reflections"
    return f"{store.member} ({store.device}): " + (
        f"{what} {noun}" if what else "deletions and action item updates"
    )


def _dirty_outside_own(store: Store, git: Git) -> list[str]:
    own = store.own_dir.relative_to(store.root).as_posix() + "/"
    status = git.check("status", "--porcelain", "--untracked-files=no")
    paths = [line[3:].strip() for line in status.splitlines() if line.strip()]
    return [p for p in paths if not p.startswith(own)]


def _commit_own(store: Store, git: Git) -> str | None:
    own = store.own_dir.relative_to(store.root).as_posix()
    if not store.own_dir.is_dir():
        return None
    git.check("add", "--all", "--", own)
    if git.run("diff", "--cached", "--quiet").ok:
        return None
    message = _commit_message(store, git)
    git.check("commit", "--quiet", "-m", message, "--", own)
    return message


def _integrate(git: Git, branch: str) -> None:
    if not git.remote_branch_exists(branch):
        return
    result = git.run("rebase", "--quiet", f"origin/{branch}")
    if not result.ok:
        git.run("rebase", "--abort")
        raise SyncError(
            f"could not rebase onto the team's changes ({first_line(result.err)}); the rebase "
            f"was undone and {SAFE}"
        )


def sync(store: Store) -> SyncReport:
    """Commit this device's files, fetch, rebase, push; report what came in."""
    git = _open_repo(store)
    dirty = _dirty_outside_own(store, git)
    if dirty:
        shown = ", ".join(dirty[:3]) + (f" and {len(dirty) - 3} more" if len(dirty) > 3 else "")
        raise SyncError(
            f"sync stopped: {shown} changed by hand outside your own folder; aftercall never "
            f"commits others' files. Undo with `git -C {store.root} checkout -- FILE` (or commit "
            "it yourself), then sync again"
        )
    before = {rid: r.updated_at for rid, r in store.snapshot().reflections.items()}
    committed = _commit_own(store, git)
    if not git.has_remote():
        raise SyncError(
            f"no remote to sync with: add one with `git -C {store.root} remote add origin URL`; "
            + SAFE
        )
    branch = git.branch()
    pushed = False
    for _attempt in range(PUSH_ATTEMPTS):
        fetched = git.run("fetch", "--quiet", "origin")
        if not fetched.ok:
            raise classify_remote_failure(fetched.err, "fetch")
        _integrate(git, branch)
        if git.remote_branch_exists(branch) and not _ahead_behind(git, branch)[0]:
            break
        result = git.run("push", "--quiet", "origin", f"HEAD:refs/heads/{branch}")
        if result.ok:
            pushed = True
            git.run("branch", "--quiet", f"--set-upstream-to=origin/{branch}")
            break
        if "fetch first" not in result.err and "non-fast-forward" not in result.err:
            raise classify_remote_failure(result.err, "push")
    else:
        raise SyncError(f"push failed {PUSH_ATTEMPTS} times as teammates kept pushing; {SAFE}")
    after = store.snapshot().reflections
    new = Counter(r.member for rid, r in after.items() if rid not in before)
    updated = sum(1 for rid, r in after.items() if rid in before and before[rid] != r.updated_at)
    return SyncReport(committed, pushed, dict(new), updated)


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
