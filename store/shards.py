"""The store's folder layout and the reading of its shard files, with a stat-validated parse cache.

```
<store>/aftercall-store.json                      store format version
<store>/shards/<member-slug>@<device>/2026.json   one writer: that device of that member
<store>/shards/<member-slug>@<device>/2026-2.json rolled over at a couple of thousand records
```
"""

from __future__ import annotations

import re
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from store.atomic import StatKey, stat_key
from store.errors import ValidationError
from store.events import ItemEvent
from store.interchange import reflection_from_dict
from store.json_storage import parse_json
from store.migrations import migrate
from store.models import Reflection
from store.shard_codec import decode_shard

SHARDS_DIR = "shards"
STORE_FILE = "aftercall-store.json"
STORE_FORMAT = 1
"""Version of the folder layout; an aftercall that finds a newer one opens the store read-only."""
REFLECTIONS = "reflections"
TOMBSTONES = "tombstones"
EVENTS = "events"

_SHARD_NAME = re.compile(r"^(\d{4})(?:-(\d+))?\.json$")


def member_slug(member: str) -> str:
    """A folder-safe form of a member's name ("Dana Lee" -> "dana-lee")."""
    ascii_name = unicodedata.normalize("NFKD", member).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug or "member"


def shard_name(year: int, seq: int) -> str:
    return f"{year}.json" if seq == 1 else f"{year}-{seq}.json"


def parse_shard_name(name: str) -> tuple[int, int] | None:
    """(year, sequence) of a shard file name, or None for anything else."""
    match = _SHARD_NAME.match(name)
    if match is None:
        return None
    return int(match[1]), int(match[2] or 1)


def shard_files(root: Path) -> list[Path]:
    """Every shard file of every member and device, in a stable order."""
    base = root / SHARDS_DIR
    if not base.is_dir():
        return []
    return sorted(
        path
        for folder in base.iterdir()
        if folder.is_dir() and "@" in folder.name
        for path in folder.glob("*.json")
        if parse_shard_name(path.name) is not None
    )


@dataclass(frozen=True, slots=True)
class FileProblem:
    """A file (or a record in it) that could not be read; the rest of the store still loads."""

    path: Path
    message: str

    def __str__(self) -> str:
        return (
            f"{self.path}: {self.message}. It was skipped and will never be overwritten; "
            "restore it from git (git checkout -- FILE) or a backup"
        )


@dataclass(frozen=True, slots=True)
class ShardContents:
    reflections: tuple[Reflection, ...] = ()
    tombstones: dict[str, datetime] = field(default_factory=dict)
    events: tuple[ItemEvent, ...] = ()
    size: int = 0
    """Documents in the file, which decides when it rolls over."""
    problems: tuple[FileProblem, ...] = ()
    readable: bool = True
    """False when the file as a whole could not be parsed: it must never be written."""


def _table(data: Any, name: str) -> list[dict[str, Any]]:
    table = data.get(name, {}) if isinstance(data, dict) else None
    if not isinstance(table, dict):
        raise ValueError(f'"{name}" is not a table')
    return [doc for doc in table.values() if isinstance(doc, dict)]


def _decode(path: Path, raw: bytes) -> ShardContents:
    """Typed contents of one file: the fast decoder, or the validator when it declines."""
    fast = decode_shard(raw)
    if fast is not None:
        reflections, tombstones, events, size = fast
        return ShardContents(reflections, tombstones, events, size)
    return _contents(path, parse_json(raw))


def _contents(path: Path, data: Any) -> ShardContents:
    if not isinstance(data, dict):
        raise ValueError("not a TinyDB file")
    docs = _table(data, REFLECTIONS)
    stones = _table(data, TOMBSTONES)
    event_docs = _table(data, EVENTS)
    reflections: list[Reflection] = []
    problems: list[FileProblem] = []
    for index, doc in enumerate(docs, start=1):
        try:
            reflections.append(reflection_from_dict(migrate(doc)))
        except ValidationError as error:
            problems.append(FileProblem(path, f"record {index} ({doc.get('id')}): {error}"))
    tombstones: dict[str, datetime] = {}
    for stone in stones:
        try:
            deleted_at = datetime.fromisoformat(stone["deleted_at"])
            tombstones[str(stone["id"])] = max(deleted_at, tombstones.get(stone["id"], deleted_at))
        except (KeyError, TypeError, ValueError):
            problems.append(FileProblem(path, f"a deletion marker is malformed: {stone!r:.80}"))
    events: list[ItemEvent] = []
    for doc in event_docs:
        try:
            events.append(ItemEvent.from_doc(doc))
        except (KeyError, TypeError, ValueError):
            problems.append(FileProblem(path, f"an action item change is malformed: {doc!r:.80}"))
    return ShardContents(
        reflections=tuple(reflections),
        tombstones=tombstones,
        events=tuple(events),
        size=len(docs) + len(stones) + len(event_docs),
        problems=tuple(problems),
    )


class ShardReader:
    """Reads shard files, caching each parse until the file's size, mtime or inode changes.

    A failed parse is retried a couple of times (git or a sync tool may be mid-write) before the
    file is reported as corrupt. Readers never lock and never write.
    """

    def __init__(self, retries: int = 2, retry_delay: float = 0.05) -> None:
        self._retries = retries
        self._retry_delay = retry_delay
        self._cache: dict[Path, tuple[StatKey, ShardContents]] = {}
        self._lock = threading.Lock()

    def read(self, path: Path) -> ShardContents:
        for attempt in range(self._retries + 1):
            key = stat_key(path)
            if key is None:
                self.forget(path)
                return ShardContents()
            with self._lock:
                cached = self._cache.get(path)
            if cached is not None and cached[0] == key:
                return cached[1]
            try:
                contents = _decode(path, path.read_bytes())
            except FileNotFoundError:
                continue
            except (ValueError, OSError) as error:
                if attempt < self._retries:
                    time.sleep(self._retry_delay)
                    continue
                problem = FileProblem(path, f"cannot be read ({_first_line(error)})")
                contents = ShardContents(problems=(problem,), readable=False)
            with self._lock:
                self._cache[path] = (key, contents)
            return contents
        return ShardContents()

    def forget(self, path: Path) -> None:
        with self._lock:
            self._cache.pop(path, None)

    def cached(self, path: Path) -> tuple[StatKey, ShardContents] | None:
        with self._lock:
            return self._cache.get(path)

    def prime(self, path: Path, key: StatKey, contents: ShardContents) -> None:
        """Remember `contents` as what `path` holds at `key`, known without reading it."""
        with self._lock:
            self._cache[path] = (key, contents)


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
