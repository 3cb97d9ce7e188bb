"""The typed Store API: the only way the rest of aftercall reads or writes reflections.

A store is a folder shared by a team. Each device of each member writes only the files in its own
folder, so sharing the folder through git or a synced folder never conflicts. Reading the store is
the union of every file by `id`, the copy with the newest `updated_at` winning; a deletion is a
marker (tombstone) in the deleting device's own file.
"""

from __future__ import annotations

import secrets
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import filelock
from tinydb import Query, TinyDB

from store.atomic import StagedWrites, clean_stale_temps, write_atomic
from store.errors import ConflictError, NotFoundError, ReadOnlyStoreError, StoreBusyError
from store.events import ItemEvent, replay
from store.interchange import reflection_to_dict
from store.json_storage import AtomicJSONStorage, dump_json, parse_json
from store.models import SCHEMA_VERSION, Reflection
from store.queries import ReflectionFilter, newest_first_key
from store.shards import (
    EVENTS,
    REFLECTIONS,
    SHARDS_DIR,
    STORE_FILE,
    STORE_FORMAT,
    TOMBSTONES,
    FileProblem,
    ShardContents,
    ShardReader,
    member_slug,
    parse_shard_name,
    shard_files,
    shard_name,
)

SHARD_LIMIT = 2000
"""Documents per file before a new one is started, so a save costs the same at any team size."""
LOCK_TIMEOUT = 15.0
MIN_PREFIX = 4
_EPOCH = datetime.min.replace(tzinfo=UTC)

Clock = Callable[[], datetime]
DbOp = Callable[[TinyDB], None]


def _utc_now() -> datetime:
    return datetime.now(UTC)


def device_id(state_dir: Path) -> str:
    """This machine's random device id, made on first use and kept outside the shared store."""
    path = state_dir / "device-id"
    try:
        existing = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        existing = ""
    if existing:
        return existing
    new = secrets.token_hex(4)
    write_atomic(path, (new + "\n").encode())
    return path.read_text(encoding="utf-8").strip()


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The merged state of the store at one moment."""

    reflections: dict[str, Reflection]
    locations: dict[str, Path]
    """File holding the winning copy of each reflection."""
    problems: tuple[FileProblem, ...]


def _version_key(r: Reflection, path: Path) -> tuple[datetime, str]:
    return (r.updated_at or r.created_at or _EPOCH, str(path))


def merge(contents: Iterable[tuple[Path, ShardContents]]) -> Snapshot:
    """Union of shard contents by id (newest `updated_at` wins, ties go to the later path), with
    deletions applied and other members' action item changes replayed."""
    best: dict[str, tuple[tuple[datetime, str], Reflection, Path]] = {}
    deleted: dict[str, datetime] = {}
    events: list[ItemEvent] = []
    problems: list[FileProblem] = []
    for path, shard in contents:
        problems.extend(shard.problems)
        events.extend(shard.events)
        for r in shard.reflections:
            key = _version_key(r, path)
            current = best.get(r.id)
            if current is None or key > current[0]:
                best[r.id] = (key, r, path)
        for rid, when in shard.tombstones.items():
            deleted[rid] = max(when, deleted.get(rid, when))
    alive = {rid: v for rid, v in best.items() if rid not in deleted or deleted[rid] < v[0][0]}
    return Snapshot(
        reflections=replay({rid: v[1] for rid, v in alive.items()}, events),
        locations={rid: v[2] for rid, v in alive.items()},
        problems=tuple(problems),
    )


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
    ) -> None:
        self.root = Path(root)
        self.member = member
        self.device = device
        self.lock_dir = Path(lock_dir)
        self.clock: Clock = clock or _utc_now
        self.shard_limit = shard_limit
        self._reader = ShardReader()
        self._mutex = threading.RLock()
        self._merged: tuple[list[tuple[Path, ShardContents]], Snapshot] | None = None
        if self.own_dir.is_dir():
            clean_stale_temps(self.own_dir)

    @classmethod
    def open(cls, root: Path, *, member: str, state_dir: Path, **options: Any) -> Store:
        """Open the store at `root` as `member` on this machine (device id kept in `state_dir`)."""
        return cls(
            root, member=member, device=device_id(state_dir), lock_dir=state_dir / "locks",
            **options,
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

    def snapshot(self) -> Snapshot:
        """The merged store; re-reads only files that changed since the last call."""
        with self._mutex:
            contents = [(path, self._reader.read(path)) for path in shard_files(self.root)]
            if self._merged is None or not _same_shards(self._merged[0], contents):
                self._merged = (contents, merge(contents))
            return self._merged[1]

    @property
    def problems(self) -> tuple[FileProblem, ...]:
        return self.snapshot().problems

    def query(self, where: ReflectionFilter | None = None) -> list[Reflection]:
        """Matching reflections, newest conversation first."""
        records = self.snapshot().reflections.values()
        chosen = records if where is None else (r for r in records if where.matches(r))
        return sorted(chosen, key=newest_first_key, reverse=True)

    def all(self) -> list[Reflection]:
        return self.query()

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
        """
        with self._mutex:
            snap = self.snapshot()
            clash = [r.id for r in reflections if r.id in snap.reflections]
            if clash and not replace:
                raise ConflictError(f"id {clash[0]} is already in the store")
            now = self.clock()
            stored: list[Reflection] = []
            new_docs: list[dict[str, Any]] = []
            ops: dict[Path, list[DbOp]] = {}
            for r in reflections:
                old = snap.reflections.get(r.id)
                final = self._stamp(r, old, now)
                stored.append(final)
                doc = reflection_to_dict(final)
                where = snap.locations.get(r.id)
                if old is not None and where is not None and where.parent == self.own_dir:
                    ops.setdefault(where, []).append(_upsert(doc))
                else:
                    new_docs.append(doc)
            for path, docs in self._fill_targets(new_docs).items():
                ops.setdefault(path, []).append(_insert_all(docs))
            self._apply(ops)
            return stored

    def update(self, reflection: Reflection) -> Reflection:
        """Replace a stored reflection; `created_at` stays, `updated_at` moves on."""
        with self._mutex:
            self._editable(reflection.id)
            return self.put_many([reflection], replace=True)[0]

    def delete(self, ref: str) -> Reflection:
        """Remove a reflection (a deletion marker, so every copy on every device goes)."""
        with self._mutex:
            target = self.get(ref)
            self._editable(target.id)
            stone = {"id": target.id, "deleted_at": self._later_than(target).isoformat(),
                     "member": self.member}  # fmt: skip
            ops: dict[Path, list[DbOp]] = {}
            for path in self.own_files():
                if any(r.id == target.id for r in self._reader.read(path).reflections):
                    ops.setdefault(path, []).append(_remove(target.id))
            (path,) = self._fill_targets([stone])
            ops.setdefault(path, []).append(_insert_all([stone], TOMBSTONES))
            self._apply(ops)
            return target

    def set_action_done(self, ref: str, item_id: str, done_on: date | None) -> Reflection:
        """Mark an action item done on `done_on` (None reopens it), on anyone's reflection.

        On a reflection this member may edit the record itself changes; on another member's,
        an event goes into this device's own file and is replayed over the record on read.
        """
        with self._mutex:
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
            doc = event.to_doc()
            (path,) = self._fill_targets([doc])
            self._apply({path: [_insert_all([doc], EVENTS)]})
            return self.get(record.id)

    def _may_edit(self, rid: str) -> bool:
        snap = self.snapshot()
        record, where = snap.reflections[rid], snap.locations[rid]
        return record.member.casefold() == self.member.casefold() or where.parent == self.own_dir

    def _editable(self, rid: str) -> None:
        snap = self.snapshot()
        if rid not in snap.reflections:
            raise NotFoundError(f"no reflection has id {rid!r}")
        if not self._may_edit(rid):
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

    def _fill_targets(self, docs: list[dict[str, Any]]) -> dict[Path, list[dict[str, Any]]]:
        """Spread new documents over this device's current shard and the ones rolled over to."""
        targets: dict[Path, list[dict[str, Any]]] = {}
        if not docs:
            return targets
        year = self.clock().year
        seqs = [s for y, s in filter(None, map(_shard_key, self.own_files())) if y == year]
        seq = max(seqs, default=1)
        pending = list(docs)
        while pending:
            path = self.own_dir / shard_name(year, seq)
            shard = self._reader.read(path)
            room = self.shard_limit - shard.size if shard.readable else 0
            if room > 0:
                targets[path], pending = pending[:room], pending[room:]
            seq += 1
        return targets

    def _apply(self, ops: dict[Path, list[DbOp]]) -> None:
        if not ops:
            return
        if self.read_only:
            raise ReadOnlyStoreError(
                f"{self.root} was written by a newer aftercall (store format {self.store_format});"
                " upgrade aftercall to write to it"
            )
        self._ensure_store_file()
        staging = StagedWrites() if len(ops) > 1 else None
        with self._locked(sorted(ops)):
            try:
                for path, path_ops in ops.items():
                    db = TinyDB(path, storage=AtomicJSONStorage, staging=staging)
                    try:
                        for op in path_ops:
                            op(db)
                    finally:
                        db.close()
                if staging is not None:
                    staging.commit()
            except BaseException:
                if staging is not None:
                    staging.abort()
                raise
            finally:
                for path in ops:
                    self._reader.forget(path)

    def _ensure_store_file(self) -> None:
        path = self.root / STORE_FILE
        if not path.exists():
            write_atomic(path, dump_json({"format": STORE_FORMAT, "app": "aftercall"}), 0o644)

    @contextmanager
    def _locked(self, paths: list[Path]) -> Iterator[None]:
        """Hold each file's cross-process lock; locks live on this machine, not in the store."""
        self.lock_dir.mkdir(parents=True, exist_ok=True)
        with ExitStack() as stack:
            for path in paths:
                name = f"{member_slug(self.member)}@{self.device}-{path.name}.lock"
                lock = filelock.FileLock(self.lock_dir / name, timeout=LOCK_TIMEOUT)
                try:
                    stack.enter_context(lock)
                except filelock.Timeout:
                    raise StoreBusyError(
                        f"{path} is locked by another aftercall process; try again"
                    ) from None
            yield


def _same_shards(
    old: list[tuple[Path, ShardContents]], new: list[tuple[Path, ShardContents]]
) -> bool:
    """True when every file parsed to the very same (cached) object as last time."""
    return len(old) == len(new) and all(
        a[0] == b[0] and a[1] is b[1] for a, b in zip(old, new, strict=True)
    )


def _shard_key(path: Path) -> tuple[int, int] | None:
    return parse_shard_name(path.name)


def _insert_all(docs: list[dict[str, Any]], table: str = REFLECTIONS) -> DbOp:
    def op(db: TinyDB) -> None:
        db.table(table).insert_multiple(docs)

    return op


def _upsert(doc: dict[str, Any]) -> DbOp:
    def op(db: TinyDB) -> None:
        db.table(REFLECTIONS).upsert(doc, Query().id == doc["id"])

    return op


def _remove(rid: str) -> DbOp:
    def op(db: TinyDB) -> None:
        db.table(REFLECTIONS).remove(Query().id == rid)

    return op
