"""What each shared digest was last rendered from on this machine, so a sync that brought in
nothing new renders nothing: at 100k reflections each digest takes a second or two.

The records are stood for by the shard and practice files' names, sizes and modification times (a
stat of each, no read), so any change, even one that leaves a file the same size, renders again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

from exports.registry import DigestRequest
from store.records import fold
from store.storage import practice_files, shard_files, write_atomic

CACHE_FILE = "shared-digests.json"
_NO_PRACTICES = fold(())


def records_stamp(store_root: Path) -> str:
    """Changes whenever any shard or practices file of the store does."""
    digest = hashlib.sha256()
    for path in [*shard_files(store_root), *practice_files(store_root)]:
        stat = path.stat()
        digest.update(f"{path.relative_to(store_root)}\0{stat.st_size}\0{stat.st_mtime_ns}\n"
                      .encode())  # fmt: skip
    return digest.hexdigest()


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class RenderCache:
    """Kept in this machine's state folder, never in the store; a lost or bad file only costs
    a render."""

    def __init__(self, path: Path, store_root: Path) -> None:
        self.path = path
        self.store_root = store_root
        self._stamp: str | None = None
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
            self._entries: dict[str, str] = loaded if isinstance(loaded, dict) else {}
        except (OSError, ValueError):
            self._entries = {}

    @property
    def stamp(self) -> str:
        if self._stamp is None:
            self._stamp = records_stamp(self.store_root)
        return self._stamp

    def _key(self, file: Path, request: DigestRequest) -> str:
        # The practices are stood for by their files, in the stamp: their repr runs to kilobytes.
        options = replace(request, practices=_NO_PRACTICES)
        return f"{file.resolve()}\0{options!r}\0{self.stamp}"

    def fresh(self, file: Path, request: DigestRequest) -> bool:
        """True when `file` still holds what these records and this request render."""
        expected = self._entries.get(self._key(file, request))
        try:
            return expected is not None and _sha(file.read_text(encoding="utf-8")) == expected
        except (OSError, UnicodeDecodeError):
            return False

    def remember(self, file: Path, request: DigestRequest, text: str) -> None:
        prefix = f"{file.resolve()}\0"
        self._entries = {k: v for k, v in self._entries.items() if not k.startswith(prefix)}
        self._entries[self._key(file, request)] = _sha(text)

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, json.dumps(self._entries, indent=1, sort_keys=True).encode())
