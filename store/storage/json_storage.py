"""TinyDB storage that writes atomically, parses with orjson and never rewrites a file in place.

TinyDB's own JSONStorage overwrites the file in place and can leave it torn when killed; this one
goes through `store.storage.atomic`. An instance lives for one locked write session: it parses the
file once, and hands TinyDB the same dict for every operation of that session.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from store.storage.atomic import StagedWrites, StatKey, stat_key, write_atomic


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic GC: parsing large JSON allocates many containers and it halves the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def parse_json(data: bytes) -> Any:
    with gc_paused():
        return orjson.loads(data)


def dump_json(data: Any) -> bytes:
    """Pretty-printed, sorted keys, trailing newline: stable bytes that diff well in git."""
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"


Tables = dict[str, dict[str, Any]]


class ParsedFiles:
    """Parsed contents of files this process wrote, valid while the file's stat is unchanged.

    A save then costs one serialisation, not a parse and a serialisation. Callers use it only
    under the file's write lock, and `forget` a file whose write failed (TinyDB mutates the dict).
    """

    def __init__(self) -> None:
        self._entries: dict[Path, tuple[StatKey, Tables]] = {}

    def get(self, path: Path) -> Tables | None:
        entry = self._entries.get(path)
        return entry[1] if entry is not None and entry[0] == stat_key(path) else None

    def remember(self, path: Path, data: Tables) -> None:
        key = stat_key(path)
        if key is not None:
            self._entries[path] = (key, data)

    def forget(self, path: Path) -> None:
        self._entries.pop(path, None)


class AtomicJSONStorage(Storage):
    """A TinyDB storage over one JSON file; writes go through temp + fsync + os.replace."""

    def __init__(
        self,
        path: str | Path,
        staging: StagedWrites | None = None,
        parsed: ParsedFiles | None = None,
    ) -> None:
        self.path = Path(path)
        self._staging = staging
        self._parsed = parsed
        self._data: Tables | None = None

    @property
    def data(self) -> Tables | None:
        """What this session last read or wrote."""
        return self._data

    def read(self) -> Tables | None:
        if self._data is None and self._parsed is not None:
            self._data = self._parsed.get(self.path)
        if self._data is None:
            try:
                raw = self.path.read_bytes()
            except FileNotFoundError:
                return None
            self._data = parse_json(raw) if raw.strip() else None
        return self._data

    def write(self, data: Tables) -> None:
        self._data = data
        payload = dump_json(data)
        if self._staging is not None:
            self._staging.stage(self.path, payload)
        else:
            write_atomic(self.path, payload)

    def close(self) -> None:
        self._data = None
