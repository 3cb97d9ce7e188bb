"""The typed Store API: the only way the rest of aftercall reads or writes reflections.

A store is a folder shared by a team. Each device of each member writes only the files in its own
folder, so sharing the folder through git or a synced folder never conflicts. Reading the store is
the union of every file by `id`, the copy with the newest `updated_at` winning; a deletion is a
marker (tombstone) in the deleting device's own file.
"""

from __future__ import annotations

import gc
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from tinydb import TinyDB

from store.records.conversation_rules import refuse_future_conversation
from store.records.errors import ConflictError, NotFoundError, ReadOnlyStoreError
from store.records.filters import ReflectionFilter, newest_first
from store.records.models import SCHEMA_VERSION, Reflection
from store.records.practices import Vocabulary
from store.storage.atomic import (
    JOURNAL_NAME,
    StagedWrites,
    clean_stale_temps,
    replay_journal,
    stat_key,
    write_atomic,
)
from store.storage.authorship import may_edit
from store.storage.device import DeviceLocks, device_id
from store.storage.events import ItemEvent
from store.storage.json_storage import (
    AtomicJSONStorage,
    ParsedFiles,
    dump_json,
    gc_paused,
    parse_json,
)
from store.storage.merge import Snapshot, merge, patch
from store.storage.practice_events import vocabulary
from store.storage.shard_summaries import (
    Indexer,
    entangled,
    files_key,
    raw_mentions,
    summary_of,
)
from store.storage.shard_writes import FileWrite
from store.storage.shards import (
    SHARDS_DIR,
    STORE_FILE,
    STORE_FORMAT,
    FileProblem,
    ShardContents,
    ShardReader,
    member_slug,
    parse_shard_name,
    shard_files,
    shard_name,
)
from store.storage.summary_cache import Entry, FileKey, SummaryCache, file_key

SHARD_LIMIT = 2000
"""Documents per file before a new one is started, so a save costs the same at any team size."""
MIN_PREFIX = 4
FEW_IDS = 20
"""A save of at most this many ids checks them against the files that mention them; a bigger
import merges the whole store once instead (scanning every file per id would cost more)."""

Clock = Callable[[], datetime]
Shards = list[tuple[Path, ShardContents]]


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Store:
    """A team store folder seen from one device of one member. Safe to share between threads."""

    def __init__(
        self,
        root: Path,
        *,
        member: str,
        device: str,
        lock_dir: Path,
        clock: Clock | None = None,
        shard_limit: int = SHARD_LIMIT,
        cache_dir: Path | None = None,
    ) -> None:
        self.root = Path(root)
        self.member = member
        self.device = device
        self.lock_dir = Path(lock_dir)
        self.clock: Clock = clock or _utc_now
        self.shard_limit = shard_limit
        self._reader = ShardReader()
        self._parsed = ParsedFiles()
        self._mutex = threading.RLock()
        self._merged: tuple[Shards, Snapshot] | None = None
        self._ordered: tuple[Snapshot, list[Reflection]] | None = None
        """The whole store newest first, and the snapshot it was ordered from (see `query`)."""
        self._summaries = SummaryCache(
            cache_dir if cache_dir is not None else self.lock_dir.parent / "cache", self.root
        )
        """Per-file summaries on this machine, never in the shared store (see `summary_cache`)."""
        self.locks = DeviceLocks(self.lock_dir, self.root, self.own_dir.name)
        """This device's write lock (every writer of its files) and sync lock, per store folder."""
        self.on_wait: Callable[[], None] | None = None
        """Called when a write has to wait for the lock (a sync is swapping files in)."""
        if (self.own_dir / JOURNAL_NAME).exists():
            with self.write_lock():
                pass  # finishes an import a crash interrupted, before anything reads the store
        if self.own_dir.is_dir():
            clean_stale_temps(self.own_dir)

    @classmethod
    def open(cls, root: Path, *, member: str, state_dir: Path, **options: Any) -> Store:
        """Open the store at `root` as `member` on this machine (device id kept in `state_dir`)."""
        return cls(
            root, member=member, device=device_id(state_dir), lock_dir=state_dir / "locks",
            cache_dir=state_dir / "cache", **options,
        )  # fmt: skip

    # --- where things are -------------------------------------------------------------------

    @property
    def own_dir(self) -> Path:
        """The only folder this device writes to."""
        return self.root / SHARDS_DIR / f"{member_slug(self.member)}@{self.device}"

    def own_files(self) -> list[Path]:
        return sorted(p for p in self.own_dir.glob("*.json") if parse_shard_name(p.name))

    @property
    def store_format(self) -> int:
        try:
            data = parse_json((self.root / STORE_FILE).read_bytes())
        except (FileNotFoundError, ValueError):
            return STORE_FORMAT
        version = data.get("format") if isinstance(data, dict) else None
        return version if isinstance(version, int) else STORE_FORMAT

    @property
    def read_only(self) -> bool:
        return self.store_format > STORE_FORMAT

    # --- reading ----------------------------------------------------------------------------

    def snapshot(self, progress: Progress | None = None) -> Snapshot:
        """The merged store; re-reads only files that changed since the last call.

        `progress(done, total)` hears of each file read, in bytes, for a caller to draw a bar.
        """
        with self._mutex, gc_paused():
            paths = shard_files(self.root)
            contents = [(path, self._reader.read(path)) for path in _told(paths, _size, progress)]
            if self._merged is None or not _same_shards(self._merged[0], contents):
                self._merged = (contents, merge(contents))
                # The records live as long as the view and hold no cycles: move them out of the
                # cyclic GC's reach, or every later collection walks all of them (seconds at 100k).
                gc.freeze()
            return self._merged[1]

    @property
    def problems(self) -> tuple[FileProblem, ...]:
        return self.snapshot().problems

    def problems_seen(self) -> tuple[FileProblem, ...]:
        """Problems of the files read so far (a save reads few), without reading the rest."""
        return self._reader.problems()

    def file_summaries(
        self, indexer: Indexer, version: str, progress: Progress | None = None
    ) -> tuple[dict[Path, Entry], set[Path]]:
        """Every file's cached summary with `indexer`'s index of its records (made, reading the
        file, where missing, stale or made by another `version` of the indexer), and the files
        that share an id with another (see `store.storage.shard_summaries`).

        `progress(done, total)` hears of the files read to make summaries, in bytes."""
        with self._mutex, gc_paused():
            paths = shard_files(self.root)
            entries: dict[Path, Entry] = {}
            missing: list[tuple[Path, FileKey]] = []
            for path in paths:
                key = file_key(path)
                if key is None:
                    continue  # gone since it was listed
                entry = self._summaries.get(path, key)
                if entry is not None and entry.get("index") == version:
                    entries[path] = entry
                else:
                    missing.append((path, key))
            for path, key in _told(missing, lambda file: file[1][0], progress if missing else None):
                entries[path] = self._made_summary(path, key, indexer, version)
            entries = {path: entries[path] for path in paths if path in entries}
            self._summaries.keep_only(paths)
            files = files_key(entries)
            known = self._summaries.store_wide(files)
            if known is not None and isinstance(known.get("tangled"), list):
                tangled = {self.root / name for name in known["tangled"]}
            else:
                tangled = entangled((path, self._mentions_of(path)) for path in entries)
                names = sorted(path.relative_to(self.root).as_posix() for path in tangled)
                self._summaries.put_store_wide(files, {"tangled": names})
            self._summaries.save()
            return entries, tangled

    def file_rows(self, path: Path) -> Entry | None:
        """The bulky part of `path`'s cached summary, or None (then read the file instead)."""
        with self._mutex:
            return self._summaries.bulky(path, file_key(path))

    def merged(self, paths: Iterable[Path]) -> Snapshot:
        """The merged view of just `paths` (each read once and kept, like `snapshot`)."""
        with self._mutex, gc_paused():
            return merge((path, self._reader.read(path)) for path in paths)

    def _made_summary(self, path: Path, key: FileKey, indexer: Indexer, version: str) -> Entry:
        """The summary of `path` as `key` names it, made reading the file, and kept if the file
        was not replaced while it was read."""
        contents = self._reader.read(path)
        entry, bulky = summary_of(contents, indexer, version)
        entry["key"] = list(key)
        if file_key(path) == key:  # not replaced while it was read
            self._summaries.put(path, key, entry, bulky)
            self._summaries.put_ids(path, key, _mentioned(contents))
        return entry

    def _mentions_of(self, path: Path) -> list[str]:
        """The ids `path` mentions: from the id index, else from reading the file."""
        known = self._summaries.ids(path, file_key(path))
        return known if known is not None else _mentioned(self._reader.read(path))

    def _view_of(self, ids: set[str]) -> Snapshot:
        """The merged view of the files that mention any of `ids`, which for those ids equals
        the whole store's: a save checks ids without decoding every teammate's file."""
        if len(ids) > FEW_IDS:
            return self.snapshot()
        self._reader.read(self._current_file())  # a save reads it anyway: its ids come free
        found: list[tuple[Path, ShardContents]] = []
        for path in shard_files(self.root):
            cached = self._reader.cached(path)
            if cached is not None and cached[0] == stat_key(path):
                if _mentions(cached[1], ids):
                    found.append((path, cached[1]))
                continue
            if self._ids_may_mention(path, ids):
                found.append((path, self._reader.read(path)))
        self._summaries.save()
        return merge(found)

    def _ids_may_mention(self, path: Path, ids: set[str]) -> bool:
        """Whether `path` mentions any of `ids`, from the id index or a plain parse of the file
        (added to the index); a file whose ids the parse cannot vouch for is read in full."""
        key = file_key(path)
        known = self._summaries.ids(path, key)
        if known is None and key is not None:
            try:
                known = raw_mentions(path.read_bytes())
            except OSError:
                known = None
            if known is not None and file_key(path) == key:
                self._summaries.put_ids(path, key, known)
        return known is None or not ids.isdisjoint(known)

    def query(self, where: ReflectionFilter | None = None) -> list[Reflection]:
        """Matching reflections, newest conversation first.

        The whole store in that order is kept with the snapshot it came from (ordering 100k
        records costs about a second, and home, the form's suggestions and every section ask
        for it): a query filters it when it is there, and otherwise orders only its matches."""
        snapshot = self.snapshot()
        ordered = self._ordered
        if ordered is not None and ordered[0] is snapshot:
            records = ordered[1]
            return list(records) if where is None else [r for r in records if where.matches(r)]
        if where is not None:
            return newest_first(r for r in snapshot.reflections.values() if where.matches(r))
        records = newest_first(snapshot.reflections.values())
        self._ordered = (snapshot, records)  # one assignment: safe between threads
        return list(records)

    def all(self) -> list[Reflection]:
        return self.query()

    def practices(self) -> Vocabulary:
        """The team's practices: the seed with every member's practice events folded over it.

        Read afresh each call (a few small files): a sync may have brought new events.
        """
        return vocabulary(self.root)

    def get(self, ref: str) -> Reflection:
        """The reflection whose id is `ref`, or starts with it (at least four characters)."""
        records = self.snapshot().reflections
        key = ref.strip().lower()
        if key in records:
            return records[key]
        if len(key) >= MIN_PREFIX:
            found = [rid for rid in records if rid.startswith(key)]
            if len(found) == 1:
                return records[found[0]]
            if found:
                raise NotFoundError(f"id {ref!r} is ambiguous: it starts {len(found)} reflections")
        raise NotFoundError(f"no reflection has id {ref!r}")

    def existing_ids(self, ids: Iterable[str]) -> set[str]:
        records = self.snapshot().reflections
        return {rid for rid in ids if rid in records}

    def clients(self) -> list[str]:
        """Client names in use, each once (first spelling seen wins), sorted."""
        names: dict[str, str] = {}
        for r in self.query():
            names.setdefault(r.client.casefold(), r.client)
        return sorted(names.values(), key=str.casefold)

    def members(self) -> list[str]:
        return sorted({r.member for r in self.snapshot().reflections.values()}, key=str.casefold)

    # --- writing ----------------------------------------------------------------------------

    def add(self, reflection: Reflection) -> Reflection:
        """Store a new reflection; its id must not exist yet."""
        return self.put_many([reflection])[0]

    def put_many(
        self, reflections: Sequence[Reflection], *, replace: bool = False
    ) -> list[Reflection]:
        """Store several reflections at once: all of them or, on any failure, none.

        Existing ids are refused unless `replace`; replacing keeps the original `created_at`.
        The check for existing ids runs under the write lock, so two imports of the same file at
        once store each id once.
        """
        with self._writing():
            snap = self._view_of({r.id for r in reflections})
            clash = [r.id for r in reflections if r.id in snap.reflections]
            if clash and not replace:
                raise ConflictError(f"id {clash[0]} is already in the store")
            now = self.clock()
            for r in reflections:
                old = snap.reflections.get(r.id)
                if old is None or old.conversation_at != r.conversation_at:
                    refuse_future_conversation(r, now)
            plan: dict[Path, FileWrite] = {}
            stored: list[Reflection] = []
            new: list[Reflection] = []
            for r in reflections:
                old = snap.reflections.get(r.id)
                final = self._stamp(r, old, now)
                stored.append(final)
                where = snap.locations.get(r.id)
                if old is not None and where is not None and self._writable_own(where):
                    plan.setdefault(where, FileWrite()).replaces.append(final)
                else:
                    new.append(final)
            for path, count in self._targets(len(new)):
                plan.setdefault(path, FileWrite()).inserts.extend(new[:count])
                new = new[count:]
            self._apply(plan)
            return stored

    def update(self, reflection: Reflection) -> Reflection:
        """Replace a stored reflection; `created_at` stays, `updated_at` moves on."""
        with self._writing():
            self._editable(reflection.id, self._view_of({reflection.id}))
            return self.put_many([reflection], replace=True)[0]

    def delete(self, ref: str) -> Reflection:
        """Remove a reflection (a deletion marker, so every copy on every device goes)."""
        with self._writing():
            target = self.get(ref)
            self._editable(target.id)
            plan: dict[Path, FileWrite] = {}
            for path in self.own_files():
                contents = self._reader.read(path)
                if contents.writable and any(r.id == target.id for r in contents.reflections):
                    plan.setdefault(path, FileWrite()).removes.append(target.id)
            ((path, _),) = self._targets(1)
            marker = plan.setdefault(path, FileWrite())
            marker.tombstones[target.id] = self._later_than(target)
            marker.tombstone_by = self.member
            self._apply(plan)
            return target

    def set_action_done(self, ref: str, item_id: str, done_on: date | None) -> Reflection:
        """Mark an action item done on `done_on` (None reopens it), on anyone's reflection.

        On a reflection this member may edit the record itself changes; on another member's,
        an event goes into this device's own file and is replayed over the record on read.
        """
        with self._writing():
            record = self.get(ref)
            if not any(item.id == item_id for item in record.action_items):
                raise NotFoundError(f"reflection {record.id[:8]} has no action item {item_id!r}")
            items = tuple(
                replace(item, done_on=done_on) if item.id == item_id else item
                for item in record.action_items
            )
            if self._may_edit(record.id):
                return self.update(replace(record, action_items=items))
            event = ItemEvent(
                id=str(uuid.uuid4()), record_id=record.id, item_id=item_id, done_on=done_on,
                by=self.member, at=self._later_than(record),
            )  # fmt: skip
            ((path, _),) = self._targets(1)
            self._apply({path: FileWrite(events=[event])})
            return self.get(record.id)

    def _may_edit(self, rid: str, snap: Snapshot | None = None) -> bool:
        snap = snap if snap is not None else self.snapshot()
        return may_edit(snap, rid, self.member, self.own_dir)

    def _writable_own(self, path: Path) -> bool:
        """A file of this device that TinyDB can rewrite (else the new copy goes elsewhere)."""
        return path.parent == self.own_dir and self._reader.read(path).writable

    def _editable(self, rid: str, snap: Snapshot | None = None) -> None:
        snap = snap if snap is not None else self.snapshot()
        if rid not in snap.reflections:
            raise NotFoundError(f"no reflection has id {rid!r}")
        if not self._may_edit(rid, snap):
            owner = snap.reflections[rid].member
            raise ConflictError(
                f"reflection {rid[:8]} belongs to {owner}; only its author can change it"
            )

    def _later_than(self, old: Reflection | None) -> datetime:
        """Now, or just after `old`'s last update if the clock says otherwise (clock skew)."""
        now = self.clock()
        if old is not None and old.updated_at is not None and now <= old.updated_at:
            return old.updated_at + timedelta(microseconds=1)
        return now

    def _stamp(self, r: Reflection, old: Reflection | None, now: datetime) -> Reflection:
        created = old.created_at if old is not None else r.created_at
        return replace(
            r,
            created_at=created or now,
            updated_at=self._later_than(old) if old is not None else now,
            schema_version=SCHEMA_VERSION,
        )

    def _current_file(self) -> Path:
        """The file of this device that new documents go to first (it may not exist yet)."""
        year = self.clock().year
        seqs = [s for y, s in filter(None, map(_shard_key, self.own_files())) if y == year]
        return self.own_dir / shard_name(year, max(seqs, default=1))

    def _targets(self, count: int) -> list[tuple[Path, int]]:
        """Where `count` new documents go: this device's current file, then fresh roll-overs."""
        targets: list[tuple[Path, int]] = []
        if count <= 0:
            return targets
        year, seq = _shard_key(self._current_file()) or (self.clock().year, 1)
        while count > 0:
            path = self.own_dir / shard_name(year, seq)
            shard = self._reader.read(path)
            room = self.shard_limit - shard.size if shard.readable and shard.writable else 0
            if room > 0:
                targets.append((path, min(room, count)))
                count -= room
            seq += 1
        return targets

    def _apply(self, plan: dict[Path, FileWrite]) -> None:
        """Write every file of `plan` atomically (several files: all renamed in at the end)."""
        if not plan:
            return
        if self.read_only:
            raise ReadOnlyStoreError(
                f"{self.root} was written by a newer aftercall (store format {self.store_format});"
                " upgrade aftercall to write to it"
            )
        self._ensure_store_file()
        staging = StagedWrites(self.own_dir / JOURNAL_NAME) if len(plan) > 1 else None
        with self._writing():
            known = {path: self._known_contents(path) for path in plan}
            storages: dict[Path, AtomicJSONStorage] = {}
            try:
                for path, write in plan.items():
                    db = TinyDB(path, storage=AtomicJSONStorage, staging=staging,
                                parsed=self._parsed)  # fmt: skip
                    storages[path] = db.storage  # type: ignore[assignment]
                    write.run(db)
                if staging is not None:
                    staging.commit()
            except BaseException:
                if staging is not None:
                    staging.abort()
                for path in plan:
                    self._parsed.forget(path)
                    self._reader.forget(path)
                self._merged = None
                raise
            for path, storage in storages.items():
                if storage.data is not None:
                    self._parsed.remember(path, storage.data)
            self._after_write(plan, known)

    def _known_contents(self, path: Path) -> ShardContents | None:
        """What the reader holds for `path`, if that is still what is on disk (under the lock)."""
        cached = self._reader.cached(path)
        on_disk = stat_key(path)
        if on_disk is None:
            return ShardContents()
        return cached[1] if cached is not None and cached[0] == on_disk else None

    def _after_write(self, plan: dict[Path, FileWrite], known: dict[Path, Any]) -> None:
        """Prime the reader with what was written and patch the merged view, when exact."""
        merged = self._merged
        snapshot = merged[1] if merged is not None else None
        shards = dict(merged[0]) if merged is not None else {}
        for path, write in plan.items():
            before, key = known[path], stat_key(path)
            if before is None or key is None:
                self._reader.forget(path)
                snapshot = None
                continue
            after = write.contents_after(before)
            self._reader.prime(path, key, after)
            if snapshot is not None and (path in shards or not before.size):
                shards[path] = after
                snapshot = patch(snapshot, path, write.puts, write.tombstones, write.events)
            else:
                snapshot = None
        if snapshot is None:
            self._merged = None
        else:
            self._merged = (sorted(shards.items()), snapshot)

    def _ensure_store_file(self) -> None:
        path = self.root / STORE_FILE
        if not path.exists():
            write_atomic(path, dump_json({"format": STORE_FORMAT, "app": "aftercall"}), 0o644)

    @contextmanager
    def write_lock(self, timeout: float | None = None) -> Iterator[None]:
        """Hold this device's write lock for this store (re-entrant in a thread).

        Every writer of this device's files takes it: saves, imports, and a sync while it commits
        and while it swaps merged files in. Taking it first finishes any multi-file write a crash
        interrupted, so what is read under it is never half an import.
        """
        outermost = not self.locks.write_held
        with self.locks.write(timeout, waiting=self.on_wait if outermost else None):
            if outermost and replay_journal(self.own_dir / JOURNAL_NAME):
                self._forget_all()
            yield

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """The write lock, then the in-process mutex: always in this order, never the reverse."""
        with self.write_lock(), self._mutex:
            yield

    def _forget_all(self) -> None:
        """Drop every cached parse (files were replaced behind the caches' backs)."""
        with self._mutex:
            self._reader = ShardReader()
            self._parsed = ParsedFiles()
            self._merged = None

    def forget_files(self, paths: Iterable[Path]) -> None:
        """Forget what is cached about `paths` (a sync replaced them)."""
        with self._mutex:
            for path in paths:
                self._reader.forget(path)
                self._parsed.forget(path)
            self._merged = None


Progress = Callable[[int, int], None]
T = TypeVar("T")
"""Told (bytes read so far, bytes in all) as a long read goes on."""


def _told(items: list[T], size_of: Callable[[T], int], progress: Progress | None) -> Iterator[T]:
    """Each of `items`, telling `progress` after each how many of their bytes are done."""
    if progress is None:
        yield from items
        return
    sizes = [size_of(item) for item in items]
    total, done = sum(sizes), 0
    progress(0, total)
    for item, size in zip(items, sizes, strict=True):
        yield item
        done += size
        progress(done, total)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _same_shards(old: Shards, new: Shards) -> bool:
    """True when every file parsed to the very same (cached) object as last time."""
    return len(old) == len(new) and all(
        a[0] == b[0] and a[1] is b[1] for a, b in zip(old, new, strict=True)
    )


def _mentions(contents: ShardContents, ids: set[str]) -> bool:
    return not ids.isdisjoint(_mentioned(contents))


def _mentioned(contents: ShardContents) -> list[str]:
    events = (event.record_id for event in contents.events)
    return [*(r.id for r in contents.reflections), *contents.tombstones, *events]


def _shard_key(path: Path) -> tuple[int, int] | None:
    return parse_shard_name(path.name)
