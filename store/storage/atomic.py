"""Crash-safe file writes: temp file in the same folder, fsync, os.replace, fsync the folder.

A process killed at any point leaves either the old file or the new one, never a torn one.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import time
from pathlib import Path

TEMP_SUFFIX = ".tmp"
FILE_MODE = 0o600


StatKey = tuple[int, int, int]


def stat_key(path: Path) -> StatKey | None:
    """What identifies one version of a file: mtime, size and inode (a replace makes a new one)."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


def _temp_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}")


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (a no-op where folders cannot be opened, e.g. Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_temp(path: Path, data: bytes, mode: int = FILE_MODE) -> Path:
    """Write `data` durably to a fresh temp file beside `path` and return the temp file's path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = _temp_path(path)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return temp


def write_atomic(path: Path, data: bytes, mode: int = FILE_MODE) -> None:
    """Replace `path` with `data` atomically and durably."""
    temp = write_temp(path, data, mode)
    temp.replace(path)
    fsync_dir(path.parent)


JOURNAL_NAME = ".staged-writes-journal.tmp"
"""Left beside the files of a multi-file write while its temps are renamed in; replayed if a crash
interrupts the renames, so such a write is all or nothing even across a kill."""


class StagedWrites:
    """Several files written to temps first and renamed into place together on `commit()`.

    Used where one operation touches more than one file (an import filling several shards), so
    that a failure before the commit leaves every file as it was. With a `journal`, the list of
    renames is written durably before the first one: a crash part-way is finished by
    `replay_journal` the next time the folder's write lock is taken.
    """

    def __init__(self, journal: Path | None = None) -> None:
        self._temps: dict[Path, Path] = {}
        self._journal = journal
        self._journalled = False

    def stage(self, path: Path, data: bytes) -> None:
        previous = self._temps.get(path)
        self._temps[path] = write_temp(path, data)
        if previous is not None:
            previous.unlink(missing_ok=True)

    def commit(self) -> None:
        if self._journal is not None:
            base = self._journal.parent
            entries = [
                [os.path.relpath(temp, base), os.path.relpath(path, base)]
                for path, temp in self._temps.items()
            ]
            write_atomic(self._journal, json.dumps(entries).encode())
            self._journalled = True
        _rename_all([(temp, path) for path, temp in self._temps.items()])
        self._temps.clear()
        if self._journal is not None:
            self._journal.unlink(missing_ok=True)
            fsync_dir(self._journal.parent)

    def abort(self) -> None:
        """Drop the temps; once the journal is written the write is finished instead, by
        `replay_journal`, never half undone."""
        if self._journalled:
            return
        for temp in self._temps.values():
            temp.unlink(missing_ok=True)
        self._temps.clear()


def _rename_all(renames: list[tuple[Path, Path]]) -> None:
    folders = set()
    for temp, path in renames:
        if temp.exists():
            temp.replace(path)
        folders.add(path.parent)
    for folder in folders:
        fsync_dir(folder)


def replay_journal(journal: Path) -> bool:
    """Finish the renames of a multi-file write that a crash interrupted; True if there was one.

    Call only under the folder's write lock. Every temp named was fsynced before the journal was
    written, so renaming the ones still there completes the write exactly.
    """
    try:
        entries = json.loads(journal.read_bytes())
    except FileNotFoundError:
        return False
    except ValueError:
        # Torn journal: the crash came before any rename, and every temp is still a temp.
        journal.unlink(missing_ok=True)
        return False
    base = journal.parent
    _rename_all([(base / temp, base / path) for temp, path in entries])
    journal.unlink(missing_ok=True)
    fsync_dir(base)
    return True


def clean_stale_temps(folder: Path, older_than: float = 300.0) -> int:
    """Remove temp files a killed writer left in `folder`; returns how many were removed.

    Only old ones: a fresh temp may belong to another process of this device that is mid-write.
    """
    removed = 0
    cutoff = time.time() - older_than
    for temp in folder.glob(f".*{TEMP_SUFFIX}"):
        if temp.name == JOURNAL_NAME:
            continue
        with contextlib.suppress(OSError):
            if temp.stat().st_mtime < cutoff:
                temp.unlink()
                removed += 1
    return removed
