"""Merging this device's commit with the team's without touching the work tree, then swapping the
result in under the write lock.

Git's own rebase rewrites the work tree while a save may be writing it, and gives up on any text
conflict. Here the merge is built with plumbing in a temporary index: every file changed on both
sides that is a shard is merged by record id (`store.sync.shard_merge`), anything else takes this
member's side for their own folders and the team's side elsewhere. Nothing is ever "in conflict".
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from store.storage.atomic import fsync_dir, write_atomic
from store.storage.practice_events import PRACTICES_FILE
from store.storage.profile_events import PROFILE_FILE
from store.storage.shards import SHARDS_DIR, parse_shard_name
from store.sync.git import Git, SyncError
from store.sync.shard_merge import merge_shard

FOLDER_MODE = 0o700
FILE_MODE = 0o600
_NO_BLOB = "0" * 40


def is_shard_path(path: str) -> bool:
    parts = path.split("/")
    return (
        len(parts) == 3
        and parts[0] == SHARDS_DIR
        and "@" in parts[1]
        and (parse_shard_name(parts[2]) is not None or parts[2] == PROFILE_FILE)
    )


def is_merged_by_id(path: str) -> bool:
    """A file of a member@device folder whose versions merge by record id: shards and the
    practice events file."""
    parts = path.split("/")
    return is_shard_path(path) or (
        len(parts) == 3
        and parts[0] == SHARDS_DIR
        and "@" in parts[1]
        and parts[2] == PRACTICES_FILE
    )


def merge_commits(
    git: Git, ours: str, theirs: str, own_prefix: tuple[str, ...], message: str
) -> str:
    """A commit holding both `ours` and `theirs`: one of them when it already contains the other.

    `own_prefix` ("shards/ana-1a2b3c4d@", ...) names this member's folders, where their own side
    of a file that is not a shard wins.
    """
    if git.is_ancestor(theirs, ours):
        return ours
    if git.is_ancestor(ours, theirs):
        return theirs
    base = git.merge_base(ours, theirs)
    mine, team = git.changes(base, ours), git.changes(base, theirs)
    lines: list[str] = []
    for path, (mode, blob) in mine.items():
        if path not in team:
            lines.append(_index_line(mode, blob, path))
            continue
        team_mode, team_blob = team[path]
        if blob == team_blob:
            continue
        chosen = _resolve(git, base, path, (mode, blob), (team_mode, team_blob), own_prefix)
        lines.append(_index_line(*chosen, path))
    with _temporary_index(git) as env:
        git.check("read-tree", theirs, env=env)
        if lines:
            git.check("update-index", "-z", "--index-info", env=env,
                      stdin="".join(lines).encode())  # fmt: skip
        tree = git.check("write-tree", env=env).strip()
    return git.check("commit-tree", tree, "-p", ours, "-p", theirs, "-m", message).strip()


def _resolve(
    git: Git,
    base: str | None,
    path: str,
    mine: tuple[str, str | None],
    team: tuple[str, str | None],
    own_prefix: tuple[str, ...],
) -> tuple[str, str | None]:
    own = path.startswith(own_prefix)
    if is_merged_by_id(path):
        if mine[1] is None or team[1] is None:
            # Deleted on one side and changed on the other: keep the records.
            return team if mine[1] is None else mine
        old = git.show(f"{base}:{path}") if base else None
        merged = merge_shard(old, git.blob(mine[1]), git.blob(team[1]))
        if merged is not None:
            return "100644", git.write_blob(merged)
    return mine if own else team


def _index_line(mode: str, blob: str | None, path: str) -> str:
    if blob is None:
        return f"0 {_NO_BLOB}\t{path}\0"
    return f"{mode} {blob}\t{path}\0"


@contextlib.contextmanager
def _temporary_index(git: Git) -> Iterator[dict[str, str]]:
    """An index of its own for building the merge, so the real one (and the files) stay put."""
    with tempfile.TemporaryDirectory(prefix="aftercall-merge-") as folder:
        yield {"GIT_INDEX_FILE": str(Path(folder) / "index")}


def swap_in(git: Git, root: Path, old: str, new: str, branch: str) -> list[Path]:
    """Move the work tree, index and branch from commit `old` to `new`; returns files written.

    Call under this device's write lock. A file nobody touched since `old` is replaced by its new
    version; a shard saved to since `old` is merged with it by id (the save goes in the next
    sync); anything else edited by hand is left as it is.
    """
    written: list[Path] = []
    for path, (_mode, blob) in git.changes(old, new).items():
        target = root / path
        current = _read(target)
        before = git.show(f"{old}:{path}")
        after = git.blob(blob)
        if current == after:
            continue
        if current != before:
            if current is None or after is None or not is_merged_by_id(path):
                continue
            merged = merge_shard(before, current, after)
            if merged is None:
                continue
            after = merged
        if after is None:
            target.unlink(missing_ok=True)
        else:
            _make_folders(root, target.parent)
            write_atomic(target, after, FILE_MODE)
        written.append(target)
    moved = git.run("update-ref", "-m", "aftercall sync", f"refs/heads/{branch}", new, old,
                    hooks=False)  # fmt: skip
    if not moved.ok:
        raise SyncError(
            f"{branch} was moved by hand while syncing; your reflections are safe and pushed: "
            "sync again"
        )
    git.check("read-tree", new, hooks=False)
    git.run("update-index", "-q", "--refresh", hooks=False)
    return written


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        return None


def _make_folders(root: Path, folder: Path) -> None:
    if folder.is_dir():
        return
    folder.mkdir(parents=True, mode=FOLDER_MODE)
    fsync_dir(folder.parent)
    restrict_modes(root, [folder])


def restrict_modes(root: Path, paths: list[Path]) -> None:
    """Files 0600 and their folders 0700, up to the store's root (git writes 0644/0755)."""
    folders: set[Path] = set()
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            if path.is_dir():
                folders.add(path)
            else:
                path.chmod(FILE_MODE)
        parent = path.parent
        while parent != root and root in parent.parents:
            folders.add(parent)
            parent = parent.parent
    for folder in folders:
        with contextlib.suppress(FileNotFoundError):
            folder.chmod(FOLDER_MODE)


def restrict_tree(root: Path) -> None:
    """Every file of the work tree 0600 and every folder 0700 (after a clone or an init)."""
    paths: list[Path] = [root]
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != ".git"]
        paths.extend(Path(folder) / d for d in dirs)
        paths.extend(Path(folder) / f for f in files)
    restrict_modes(root, paths)
    with contextlib.suppress(FileNotFoundError):
        root.chmod(FOLDER_MODE)
