"""This machine's device id, and the one write lock every writer of this device's files takes.

The lock lives in the machine-local state dir, never in the shared folder. Saves, edits, deletes,
imports and the part of a sync that touches the work tree (commit, and swapping merged files in)
all hold it, so no two of them ever write the same files at once, in one process or several.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

import filelock

from store.records.errors import StoreBusyError
from store.storage.atomic import fsync_dir

WRITE_TIMEOUT = 30.0
"""How long a save waits for a sync (or another save) before it gives up, having written nothing."""
SYNC_TIMEOUT = 300.0
"""How long a sync waits for another sync of the same store to finish."""


def device_id(state_dir: Path) -> str:
    """This machine's random device id, made on first use and kept outside the shared store.

    Made exclusively (O_EXCL, under a lock), so two processes starting at once agree on one id.
    """
    path = state_dir / "device-id"
    existing = _read_id(path)
    if existing:
        return existing
    state_dir.mkdir(parents=True, exist_ok=True)
    with _acquire(filelock.FileLock(state_dir / "device-id.lock", timeout=WRITE_TIMEOUT), path):
        existing = _read_id(path)
        if existing:
            return existing
        path.unlink(missing_ok=True)  # an empty file left by a crash on first use
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_hex(4) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        fsync_dir(state_dir)
    return _read_id(path)


def _read_id(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return ""


def _lock_name(kind: str, root: Path, member_dir: str) -> str:
    """One lock per store folder and own folder: `<kind>-<own folder>-<hash of the store path>`."""
    digest = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:12]
    return f"{kind}-{member_dir}-{digest}.lock"


@contextlib.contextmanager
def _acquire(lock: filelock.FileLock, what: Path, message: str = "") -> Iterator[None]:
    try:
        lock.acquire()
    except filelock.Timeout:
        raise StoreBusyError(
            message or f"{what} is locked by another aftercall process; try again"
        ) from None
    try:
        yield
    finally:
        lock.release()


class DeviceLocks:
    """The write lock and the sync lock of one store folder seen from this device.

    Both are re-entrant within a thread and exclude other threads and other processes.
    """

    def __init__(self, lock_dir: Path, root: Path, member_dir: str) -> None:
        self.lock_dir = lock_dir
        self.root = root
        self._write = filelock.FileLock(
            lock_dir / _lock_name("write", root, member_dir), timeout=WRITE_TIMEOUT
        )
        self._sync = filelock.FileLock(
            lock_dir / _lock_name("sync", root, member_dir), timeout=SYNC_TIMEOUT
        )

    @property
    def write_held(self) -> bool:
        """True when this thread holds the write lock."""
        return self._write.is_locked

    @contextlib.contextmanager
    def write(
        self, timeout: float | None = None, waiting: Callable[[], None] | None = None
    ) -> Iterator[None]:
        """Hold this device's write lock; a save waits here while a sync swaps files in.

        `waiting()` is called once when the lock is not free at once (the app says so).
        """
        self.lock_dir.mkdir(parents=True, exist_ok=True)
        wait = WRITE_TIMEOUT if timeout is None else timeout
        try:
            try:
                self._write.acquire(timeout=0)
            except filelock.Timeout:
                if waiting is not None:
                    waiting()
                self._write.acquire(timeout=wait)
        except filelock.Timeout:
            raise StoreBusyError(
                f"not saved: {self.root} stayed busy (a sync or another aftercall) for "
                f"{wait:.0f} s; nothing was written, try again"
            ) from None
        try:
            yield
        finally:
            self._write.release()

    @contextlib.contextmanager
    def sync(self) -> Iterator[None]:
        """One sync at a time per store folder; a second one waits for the first to finish."""
        self.lock_dir.mkdir(parents=True, exist_ok=True)
        message = (
            f"another sync of {self.root} has been running for over {SYNC_TIMEOUT:.0f} s; "
            "nothing was changed, sync again later"
        )
        with _acquire(self._sync, self.root, message):
            yield
