"""The union of every shard into one view of the store, built in full or updated after a write.

Newest `updated_at` wins (ties go to the later path), deletion markers hide older copies, and
events from other members are replayed over the winners. After this device writes, the view is
patched with what was written instead of merged again from every record, which keeps a save's
cost independent of the size of the team's store.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from store.records.models import Reflection
from store.storage.events import ItemEvent, replay
from store.storage.shards import FileProblem, ShardContents

_EPOCH = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The merged state of the store at one moment."""

    reflections: dict[str, Reflection]
    locations: dict[str, Path]
    """File holding the winning copy of each reflection."""
    problems: tuple[FileProblem, ...]
    deleted: dict[str, datetime] = field(default_factory=dict)
    """Newest deletion marker per id, kept to patch the view after a write."""
    events: tuple[ItemEvent, ...] = ()


def _version_key(r: Reflection, path: Path) -> tuple[datetime, str]:
    return (r.updated_at or r.created_at or _EPOCH, str(path))


def merge(contents: Iterable[tuple[Path, ShardContents]]) -> Snapshot:
    """Union of shard contents by id, with deletions applied and events replayed."""
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
        deleted=deleted,
        events=tuple(events),
    )


def patch(
    snapshot: Snapshot,
    path: Path,
    puts: Sequence[Reflection],
    tombstones: dict[str, datetime],
    events: Sequence[ItemEvent],
) -> Snapshot | None:
    """`snapshot` after this device wrote to `path`; None when only a full merge is exact.

    Every put is newer than the copy it replaces (the store stamps it so), which is what makes
    the patch equal to a full merge. A put of a previously deleted id is left to the full merge.
    """
    if any(r.id in snapshot.deleted for r in puts):
        return None
    reflections = dict(snapshot.reflections)
    locations = dict(snapshot.locations)
    deleted = dict(snapshot.deleted)
    all_events = snapshot.events + tuple(events)
    for r in puts:
        reflections[r.id] = r
        locations[r.id] = path
    for rid, when in tombstones.items():
        deleted[rid] = max(when, deleted.get(rid, when))
        current = reflections.get(rid)
        if current is not None and deleted[rid] >= (current.updated_at or _EPOCH):
            del reflections[rid]
            del locations[rid]
    touched = {r.id for r in puts} | {e.record_id for e in events}
    relevant = [e for e in all_events if e.record_id in touched]
    base = {rid: reflections[rid] for rid in touched if rid in reflections}
    reflections.update(replay(base, relevant))
    return Snapshot(reflections, locations, snapshot.problems, deleted, all_events)
