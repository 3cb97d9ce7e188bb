"""The local half of a sync, run under this device's write lock: recover what a killed git left,
find this member's folders, refuse hand edits of others' files, put back dropped records, commit.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

from store.storage.atomic import write_atomic
from store.storage.json_storage import dump_json, parse_json
from store.storage.shards import REFLECTIONS, SHARDS_DIR, legacy_member_slug
from store.storage.store import Store
from store.sync.git import Git, SyncError
from store.sync.git_merge import FILE_MODE, is_shard_path, restrict_modes
from store.sync.shard_merge import merge_shard, parse_tables, reflection_ids


def rel(store: Store, path: Path) -> str:
    return path.relative_to(store.root).as_posix()


STALE_LOCK = 120.0
"""Seconds after which git's index.lock is taken for one left by a killed git, not a live one."""


def recover_interrupted(git: Git) -> None:
    """Undo what a killed git or an older aftercall left half done, so a sync never stays stuck:
    a rebase in progress is aborted, an index.lock nobody has touched for minutes is removed."""
    git_dir = Path(git.check("rev-parse", "--absolute-git-dir").strip())
    if (git_dir / "rebase-merge").exists() or (git_dir / "rebase-apply").exists():
        git.run("rebase", "--abort", hooks=False)
    index_lock = git_dir / "index.lock"
    with contextlib.suppress(FileNotFoundError):
        if time.time() - index_lock.stat().st_mtime > STALE_LOCK:
            index_lock.unlink()


def own_folders(store: Store, git: Git) -> list[str]:
    """This device's folder, plus any other folder of this member changed on this machine.

    Git never leaves a change in a work tree, so a changed `<member>@<other device>` folder was
    written here: by an aftercall that got another device id (two first runs at once) or by a
    clone of this member's store copied in. It is shared too rather than left behind.
    """
    own = rel(store, store.own_dir)
    folders = [own] if store.own_dir.is_dir() else []
    prefix = own_prefixes(store)
    status = git.check("status", "--porcelain", "-z", "--untracked-files=all", "--", SHARDS_DIR)
    for entry in status.split("\0"):
        path = entry[3:]
        if path.startswith(prefix) and path.count("/") >= 2:
            folder = "/".join(path.split("/")[:2])
            if folder not in folders:
                folders.append(folder)
    return folders


def own_prefixes(store: Store) -> tuple[str, ...]:
    """Where this member's files live: `shards/<member>@` on any device, and this device's folder
    under the name it had before member folders carried a hash (`shards/dana-lee@<device>/`), so
    changes left there by an older aftercall are still shared. Other devices' old-style folders
    are not claimed: that name folded different members together."""
    member = store.own_dir.name.split("@")[0]
    legacy = f"{SHARDS_DIR}/{legacy_member_slug(store.member)}@{store.device}/"
    return (f"{SHARDS_DIR}/{member}@", legacy)


def refuse_dirty_outside(store: Store, git: Git, folders: list[str], branch: str) -> None:
    """Stop on a hand edit of someone else's file; a file that holds the team's version (a sync
    killed while swapping files in) is not an edit, and the next swap settles it."""
    status = git.check("status", "--porcelain", "-z", "--untracked-files=no")
    dirty = [
        entry[3:]
        for entry in status.split("\0")
        if entry.strip() and not any(entry[3:].startswith(f + "/") for f in folders)
    ]
    dirty = [p for p in dirty if not _holds_team_version(store, git, p, branch)]
    if dirty:
        shown = ", ".join(dirty[:3]) + (f" and {len(dirty) - 3} more" if len(dirty) > 3 else "")
        raise SyncError(
            f"sync stopped: {shown} changed by hand outside your own folder; aftercall never "
            f"commits others' files. Undo with `git -C {store.root} checkout -- FILE` (or commit "
            "it yourself), then sync again"
        )


def _holds_team_version(store: Store, git: Git, path: str, branch: str) -> bool:
    try:
        current = (store.root / path).read_bytes()
    except OSError:
        current = None
    return current == git.show(f"refs/remotes/origin/{branch}:{path}")


def restore_dropped(store: Store, git: Git, folders: list[str]) -> int:
    """Put back any record the last commit of our folders holds that the files lost without a
    deletion marker, so no commit ever drops a record. Returns how many came back."""
    if git.head() is None or not folders:
        return 0
    listed = git.check("ls-tree", "-r", "-z", "--name-only", "HEAD", "--", *folders)
    committed = [p for p in listed.split("\0") if p and is_shard_path(p)]
    now_ids: set[str] = set()
    now_stones: set[str] = set()
    for folder in folders:
        for path in sorted((store.root / folder).glob("*.json")):
            if not is_shard_path(rel(store, path)):
                continue
            raw = path.read_bytes()
            if parse_tables(raw) is None:
                raise SyncError(
                    f"sync stopped: {path} cannot be read, and committing it would lose its "
                    f"records; restore it with `git -C {store.root} checkout -- "
                    f"{rel(store, path)}`"
                )
            ids, stones = reflection_ids(raw)
            now_ids |= ids
            now_stones |= stones
    restored = 0
    for path_in_git in committed:
        old = git.show(f"HEAD:{path_in_git}")
        missing = reflection_ids(old)[0] - now_ids - now_stones
        if not missing:
            continue
        target = store.root / path_in_git
        current = target.read_bytes() if target.exists() else None
        merged = merge_shard(None, current, old)
        if merged is None:
            continue
        write_atomic(target, merged, FILE_MODE)
        store.forget_files([target])
        now_ids |= missing
        restored += len(missing)
    return restored


def commit(store: Store, git: Git, folders: list[str]) -> str | None:
    if not folders:
        return None
    restrict_modes(store.root, [p for f in folders for p in (store.root / f).iterdir()])
    git.check("add", "--all", "--", *folders, hooks=False)
    if git.run("diff", "--cached", "--quiet").ok:
        return None
    message = _commit_message(store, git)
    git.check("commit", "--quiet", "--no-verify", "-m", message, "--", *folders, hooks=False)
    return message


def _commit_message(store: Store, git: Git) -> str:
    new = changed = 0
    staged = git.check("diff", "--cached", "--name-only", "-z")
    for staged_path in (p for p in staged.split("\0") if p and is_shard_path(p)):
        before = _own_docs(git.show(f"HEAD:{staged_path}"))
        path = store.root / staged_path
        after = _own_docs(path.read_bytes() if path.exists() else None)
        new += sum(1 for rid in after if rid not in before)
        changed += sum(1 for rid, stamp in after.items() if rid in before and before[rid] != stamp)
    counts = [f"{new} new" if new else "", f"{changed} updated" if changed else ""]
    what = ", ".join(c for c in counts if c)
    noun = "reflection" if new + changed == 1 else "reflections"
    return f"{store.member} ({store.device}): " + (
        f"{what} {noun}" if what else "deletions and action item updates"
    )


def _own_docs(raw: bytes | None) -> dict[str, str]:
    """id -> updated_at of the reflections in one of this device's files."""
    if not raw:
        return {}
    try:
        table = parse_json(raw).get(REFLECTIONS, {})
    except (ValueError, AttributeError):
        return {}
    return {str(doc.get("id")): str(doc.get("updated_at")) for doc in table.values()}


def other_clones(store: Store, git: Git) -> tuple[str, ...]:
    """Other clones of this team store for this member on this machine, remembered per device.

    Each is shared on its own (its records merge by id with this one's), but only when synced:
    say so, with the command.
    """
    url = git.run("remote", "get-url", "origin").out.strip()
    registry = store.lock_dir.parent / "team-clones.json"
    try:
        known = parse_json(registry.read_bytes())
        known = known if isinstance(known, dict) else {}
    except (FileNotFoundError, ValueError):
        known = {}
    here = str(store.root.resolve())
    others = [
        root
        for root, seen in known.items()
        if root != here
        and isinstance(seen, dict)
        and seen.get("remote") == url
        and seen.get("folder") == store.own_dir.name
        and (Path(root) / ".git").exists()
    ]
    if known.get(here) != {"remote": url, "folder": store.own_dir.name}:
        known[here] = {"remote": url, "folder": store.own_dir.name}
        write_atomic(registry, dump_json(known))
    return tuple(
        f"{root} is another copy of this team store on this machine; its reflections reach the "
        f"team when it is synced too: `aftercall --store {root} sync`"
        for root in sorted(others)
    )
