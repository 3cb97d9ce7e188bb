"""A machine-local cache of one summary per shard file, so a save or a month reads only the
files it needs.

Each file has a small entry in one cache file (read whole every time) and a side file with its
bulky parts (the ids it mentions, rows of its action items and follow-ups), read only when
needed. An entry or side file is trusted only while its shard file's size, mtime and the hash
of its first bytes are what they were when it was made. Both carry a hash of their own body and
are ignored when that does not match or they cannot be parsed. The cache lives in the state
folder, never in the shared store: the shard files are always the truth, and a missing, stale
or corrupt entry only means that file is read.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import orjson

from store.storage.atomic import write_atomic

HEAD_BYTES = 4096
"""How much of a file's start is hashed: the top-level keys and first records live there."""
CACHE_FORMAT = 2
FileKey = tuple[int, int, str]
Entry = dict[str, Any]
_STORE_WIDE = ""
"""The entry name of what is known about the files together (no file is named "")."""


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
        self._bulky: dict[str, tuple[FileKey, Entry]] = {}
        self._ids: dict[str, Entry] | None = None
        self._dirty = False
        self._ids_dirty = False

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

    def put(self, path: Path, key: FileKey, entry: Entry, bulky: Entry) -> None:
        name = self._name(path)
        self._load()[name] = entry | {"key": list(key)}
        self._bulky[name] = (key, bulky)
        self._dirty = True

    def ids(self, path: Path, key: FileKey | None) -> list[str] | None:
        """The ids `path` mentions, from the id index, if made from the version `key` names.

        The index is a file of its own, read whole: only saves and the store-wide id check
        need it, and a save must not pay for the months' summaries."""
        if key is None:
            return None
        if self._ids is None:
            self._ids = _read(self._ids_path()) if self.path is not None else {}
        entry = self._ids.get(self._name(path))
        if entry is None or tuple(entry.get("key", ())) != key:
            return None
        ids = entry.get("ids")
        return ids if isinstance(ids, list) else None

    def put_ids(self, path: Path, key: FileKey, ids: list[str]) -> None:
        if self._ids is None:
            self._ids = _read(self._ids_path()) if self.path is not None else {}
        self._ids[self._name(path)] = {"key": list(key), "ids": ids}
        self._ids_dirty = True

    def bulky(self, path: Path, key: FileKey | None) -> Entry | None:
        """The bulky parts of `path`'s summary, if made from the version `key` names."""
        name = self._name(path)
        if key is None:
            return None
        made = self._bulky.get(name)
        if made is not None:
            return made[1] if made[0] == key else None
        if self.path is None:
            return None
        side = _read(self._side(name), entries=False)
        if tuple(side.get("key", ())) != key or not isinstance(side.get("bulky"), dict):
            return None
        return side["bulky"]  # type: ignore[no-any-return]

    def store_wide(self, key: str) -> Entry | None:
        """What was worked out from all files together, if the files are still `key`."""
        entry = self._load().get(_STORE_WIDE)
        return entry if entry is not None and entry.get("key") == key else None

    def put_store_wide(self, key: str, entry: Entry) -> None:
        self._load()[_STORE_WIDE] = entry | {"key": key}
        self._dirty = True

    def keep_only(self, paths: list[Path]) -> None:
        """Forget files no longer in the store."""
        names = {self._name(path) for path in paths} | {_STORE_WIDE}
        entries = self._load()
        for gone in set(entries) - names:
            del entries[gone]
            self._dirty = True
        for gone in set(self._ids or {}) - names:
            del self._ids[gone]  # type: ignore[union-attr]
            self._ids_dirty = True

    def _ids_path(self) -> Path:
        assert self.path is not None
        return self.path.with_name(self.path.name.replace("summaries-", "ids-", 1))

    def save(self) -> None:
        """Write what changed; a cache that cannot be written is no error (it is only a cache)."""
        if self.path is None:
            return
        try:
            if self._ids_dirty and self._ids is not None:
                _write(self._ids_path(), self._ids)
                self._ids_dirty = False
            if self._dirty and self._entries is not None:
                for name, (key, bulky) in self._bulky.items():
                    _write(self._side(name), {"key": list(key), "bulky": bulky})
                _write(self.path, self._entries)
                self._bulky.clear()
                self._dirty = False
        except OSError:
            return

    def _name(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def _side(self, name: str) -> Path:
        assert self.path is not None
        digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:24]
        return self.path.with_suffix("") / f"{digest}.json"


def _write(path: Path, data: Entry) -> None:
    body = orjson.dumps(data)
    digest = hashlib.blake2b(body, digest_size=16).hexdigest().encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    header = b'{"format":%d,"check":"%s","body":' % (CACHE_FORMAT, digest)
    write_atomic(path, header + body + b"}", 0o600)


def _read(path: Path | None, *, entries: bool = True) -> Entry:
    """The cached body, or nothing when the file is missing, unparsable or fails its check."""
    if path is None:
        return {}
    try:
        raw = path.read_bytes()
    except OSError:
        return {}
    start = raw.find(b',"body":')
    if start < 0 or not raw.endswith(b"}"):
        return {}
    body = raw[start + len(b',"body":') : -1]
    try:
        header = orjson.loads(raw[:start] + b"}")
        if not isinstance(header, dict) or header.get("format") != CACHE_FORMAT:
            return {}
        if header.get("check") != hashlib.blake2b(body, digest_size=16).hexdigest():
            return {}
        body_data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return {}
    if not isinstance(body_data, dict):
        return {}
    if entries and not all(isinstance(e, dict) for e in body_data.values()):
        return {}
    return body_data


def _inside(folder: Path, root: Path) -> bool:
    """A cache inside the shared store would be shared: refuse it."""
    try:
        folder.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True
