"""A machine-local cache of one summary per shard file, so a save or a month reads only the
files it needs.

An entry is trusted only while its file's size, mtime and the hash of its first bytes are what
they were when the entry was made. The cache file carries a hash of its own body and is ignored
whole when that does not match, or when it cannot be parsed. It lives in the state folder, never
in the shared store: the files are always the truth, and a missing, stale or corrupt entry only
means that file is read.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import orjson

from store.atomic import write_atomic

HEAD_BYTES = 4096
"""How much of a file's start is hashed: the top-level keys and first records live there."""
CACHE_FORMAT = 1
FileKey = tuple[int, int, str]
Entry = dict[str, Any]


def file_key(path: Path) -> FileKey | None:
    """(size, mtime in ns, hash of the head) of one version of a file, or None if it is gone."""
    try:
        with path.open("rb") as handle:
            stat = os.fstat(handle.fileno())
            head = handle.read(HEAD_BYTES)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return (stat.st_size, stat.st_mtime_ns, hashlib.blake2b(head, digest_size=16).hexdigest())


class SummaryCache:
    """Summaries of one store's files, keyed by their path inside the store."""

    def __init__(self, folder: Path | None, root: Path) -> None:
        self.root = root
        self.path: Path | None = None
        if folder is not None and not _inside(folder, root):
            name = hashlib.sha256(str(root.resolve()).encode("utf-8", "surrogatepass"))
            self.path = folder / f"summaries-{name.hexdigest()[:16]}.json"
        self._entries: dict[str, Entry] | None = None
        self._dirty = False

    def _load(self) -> dict[str, Entry]:
        if self._entries is None:
            self._entries = _read(self.path) if self.path is not None else {}
        return self._entries

    def get(self, path: Path, key: FileKey | None) -> Entry | None:
        """The entry for `path` if it was made from the very version `key` names."""
        if key is None:
            return None
        entry = self._load().get(self._name(path))
        if entry is None or tuple(entry.get("key", ())) != key:
            return None
        return entry

    def put(self, path: Path, key: FileKey, entry: Entry) -> None:
        self._load()[self._name(path)] = entry | {"key": list(key)}
        self._dirty = True

    def keep_only(self, paths: list[Path]) -> None:
        """Forget files no longer in the store."""
        names = {self._name(path) for path in paths}
        entries = self._load()
        for gone in set(entries) - names:
            del entries[gone]
            self._dirty = True

    def save(self) -> None:
        """Write the cache if anything changed; a cache that cannot be written is no error."""
        if not self._dirty or self.path is None or self._entries is None:
            return
        body = orjson.dumps(self._entries)
        digest = hashlib.blake2b(body, digest_size=16).hexdigest().encode()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            header = b'{"format":%d,"check":"%s","files":' % (CACHE_FORMAT, digest)
            write_atomic(self.path, header + body + b"}", 0o600)
        except OSError:
            return
        self._dirty = False

    def _name(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()


def _read(path: Path | None) -> dict[str, Entry]:
    """The cached entries, or none when the file is missing, unparsable or fails its check."""
    if path is None:
        return {}
    try:
        raw = path.read_bytes()
    except OSError:
        return {}
    start = raw.find(b',"files":')
    if start < 0 or not raw.endswith(b"}"):
        return {}
    body = raw[start + len(b',"files":') : -1]
    try:
        header = orjson.loads(raw[:start] + b"}")
        if not isinstance(header, dict) or header.get("format") != CACHE_FORMAT:
            return {}
        if header.get("check") != hashlib.blake2b(body, digest_size=16).hexdigest():
            return {}
        entries = orjson.loads(body)
    except orjson.JSONDecodeError:
        return {}
    if not isinstance(entries, dict) or not all(isinstance(e, dict) for e in entries.values()):
        return {}
    return entries


def _inside(folder: Path, root: Path) -> bool:
    """A cache inside the shared store would be shared: refuse it."""
    try:
        folder.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True
