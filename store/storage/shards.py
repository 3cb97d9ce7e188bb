"""The store's folder layout and the reading of its shard files, with a stat-validated parse cache.

```
<store>/aftercall-store.json                      store format version
<store>/shards/<member-slug>@<device>/2026.json   one writer: that device of that member
<store>/shards/<member-slug>@<device>/2026-2.json rolled over at a couple of thousand records
```
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from decimal import DecimalException
from pathlib import Path
from typing import Any

from store.records.errors import ValidationError
from store.records.interchange import reflection_from_dict
from store.records.migrations import migrate
from store.records.models import Reflection
from store.records.text_safety import neutralise
from store.storage.atomic import StatKey, stat_key
from store.storage.codec import decode_shard
from store.storage.events import ItemEvent
from store.storage.json_storage import parse_json

SHARDS_DIR = "shards"
STORE_FILE = "aftercall-store.json"
STORE_FORMAT = 1
"""Version of the folder layout; an aftercall that finds a newer one opens the store read-only."""
REFLECTIONS = "reflections"
TOMBSTONES = "tombstones"
EVENTS = "events"

_SHARD_NAME = re.compile(r"^(\d{4})(?:-(\d+))?\.json$")


_HASH_DIGITS = 8


def legacy_member_slug(member: str) -> str:
    """The folder name of stores made before names got a hash ("Dana Lee" -> "dana-lee").

    It folds case, accents and every non-Latin name together, so it is no longer written; folders
    named this way are still read like any other.
    """
    ascii_name = unicodedata.normalize("NFKD", member).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug or "member"


def same_member(a: str, b: str) -> bool:
    """Whether two spellings name the same member: equal once NFC-normalised (case counts)."""
    return unicodedata.normalize("NFC", a) == unicodedata.normalize("NFC", b)


def member_slug(member: str) -> str:
    """A folder-safe name unique to a member: readable, then a short hash of the NFC name.

    "Dana Lee" -> "dana-lee-7f0f4eba"; "dana lee", "Dána Lée", "李雷" and "Иван" each get their own.
    """
    nfc = unicodedata.normalize("NFC", member.strip())
    digest = hashlib.sha256(nfc.encode("utf-8", "surrogatepass")).hexdigest()[:_HASH_DIGITS]
    return f"{legacy_member_slug(nfc)[:40].rstrip('-')}-{digest}"


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
    partial: bool = False
    """Only some entries were bad: the rest of the file was read."""

    def __str__(self) -> str:
        where = neutralise(str(self.path), one_line=True)
        skipped = "The rest of the file was read; it" if self.partial else "It was skipped and"
        return (
            f"{where}: {neutralise(self.message, one_line=True)}. {skipped} will never "
            "be overwritten; restore it from git (git checkout -- FILE) or a backup"
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
    writable: bool = True
    """False when a document in it is bad or its key is not a number (TinyDB could not rewrite
    it): even in this device's own folder, such a file is left byte for byte as it is and new
    copies go to a new file."""


_BAD_RECORD = (ValidationError, ValueError, TypeError, KeyError, DecimalException, RecursionError)
"""What reading one hand-edited or hostile record may raise; the record is then skipped."""


def _table(data: Any, name: str) -> dict[str, Any]:
    table = data.get(name, {}) if isinstance(data, dict) else None
    if not isinstance(table, dict):
        raise ValueError(f'"{name}" is not a table')
    return table


def _utc(stamp: datetime) -> datetime:
    return stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp.astimezone(UTC)


class _Problems:
    """One line per file however many of its entries are bad (a million would drown the rest):
    the first one in full, and how many there were."""

    def __init__(self) -> None:
        self.count = 0
        self.first = ""

    def add(self, what: str, key: Any, error: BaseException, doc: Any = None) -> None:
        """Count a bad entry; only the first is described (formatting a million costs seconds)."""
        self.count += 1
        if self.count > 1:
            return
        if what == "record":
            self.first = f"record {_key(key)} ({_id(doc)}): {_why(error)}"
        else:
            self.first = f"{what} {_key(key)} is malformed: {_why(error)}"

    def summary(self, path: Path) -> tuple[FileProblem, ...]:
        if not self.count:
            return ()
        if self.count == 1:
            return (FileProblem(path, self.first, partial=True),)
        message = f"{self.count:,} entries could not be read; the first: {self.first}"
        return (FileProblem(path, message, partial=True),)


def _decode(path: Path, raw: bytes) -> ShardContents:
    """Typed contents of one file: the fast decoder, or the validator when it declines."""
    fast = decode_shard(raw)
    if fast is not None:
        reflections, tombstones, events, size = fast
        return ShardContents(reflections, tombstones, events, size)
    return _contents(path, parse_json(raw))


def _contents(path: Path, data: Any) -> ShardContents:
    """Every good document of a parsed file; each bad one is skipped and counted in one problem."""
    if not isinstance(data, dict):
        raise ValueError("not a TinyDB file")
    tables = {name: _table(data, name) for name in (REFLECTIONS, TOMBSTONES, EVENTS)}
    reflections: list[Reflection] = []
    problems = _Problems()
    for key, doc in tables[REFLECTIONS].items():
        try:
            if not isinstance(doc, dict) or not doc:
                raise ValidationError("", "is empty" if doc == {} else "is not an object")
            reflections.append(reflection_from_dict(migrate(doc)))
        except _BAD_RECORD as error:
            problems.add("record", key, error, doc)
    tombstones: dict[str, datetime] = {}
    for key, stone in tables[TOMBSTONES].items():
        try:
            rid, deleted_at = str(stone["id"]), _utc(datetime.fromisoformat(stone["deleted_at"]))
            tombstones[rid] = max(deleted_at, tombstones.get(rid, deleted_at))
        except (*_BAD_RECORD, OverflowError) as error:
            problems.add("deletion marker", key, error)
    events: list[ItemEvent] = []
    for key, doc in tables[EVENTS].items():
        try:
            event = ItemEvent.from_doc(doc)
            events.append(replace(event, at=_utc(event.at)))
        except (*_BAD_RECORD, OverflowError) as error:
            problems.add("action item change", key, error)
    return ShardContents(
        reflections=tuple(reflections),
        tombstones=tombstones,
        events=tuple(events),
        size=sum(len(table) for table in tables.values()),
        problems=problems.summary(path),
        writable=not problems.count and all(_numeric_keys(table) for table in tables.values()),
    )


def _id(doc: Any) -> str:
    return _key(doc.get("id")) if isinstance(doc, dict) else "?"


def _key(value: Any) -> str:
    return str(value)[:40] if isinstance(value, str | int) else "?"


def _why(error: BaseException) -> str:
    if isinstance(error, ValidationError):
        return str(error)
    return f"{type(error).__name__}: {_first_line(error)}"[:120]


def _numeric_keys(table: dict[str, Any]) -> bool:
    return all(isinstance(key, str) and key.isascii() and key.isdigit() for key in table)


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

    def problems(self) -> tuple[FileProblem, ...]:
        """Problems of every file read so far, in path order."""
        with self._lock:
            cached = sorted(self._cache.items())
        return tuple(problem for _, (_, contents) in cached for problem in contents.problems)

    def prime(self, path: Path, key: StatKey, contents: ShardContents) -> None:
        """Remember `contents` as what `path` holds at `key`, known without reading it."""
        with self._lock:
            self._cache[path] = (key, contents)


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
