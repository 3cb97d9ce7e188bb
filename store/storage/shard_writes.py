"""What one write does to one of this device's files, as data: applied through TinyDB, and
replayed over the cached contents of the file so it need not be read back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tinydb import Query, TinyDB

from store.records.interchange import reflection_to_dict
from store.records.models import Reflection
from store.storage.events import ItemEvent
from store.storage.shards import EVENTS, REFLECTIONS, TOMBSTONES, ShardContents


@dataclass
class FileWrite:
    inserts: list[Reflection] = field(default_factory=list)
    replaces: list[Reflection] = field(default_factory=list)
    """Reflections already in this file, written again in place."""
    removes: list[str] = field(default_factory=list)
    """Ids of reflections in this file to take out (a deletion also leaves a marker)."""
    tombstones: dict[str, datetime] = field(default_factory=dict)
    events: list[ItemEvent] = field(default_factory=list)
    tombstone_by: str = ""

    @property
    def new_documents(self) -> int:
        return len(self.inserts) + len(self.tombstones) + len(self.events)

    @property
    def puts(self) -> list[Reflection]:
        return self.inserts + self.replaces

    def run(self, db: TinyDB) -> None:
        """Apply to the file through TinyDB (one read, one atomic write per table touched)."""
        table = db.table(REFLECTIONS)
        if self.inserts:
            table.insert_multiple(reflection_to_dict(r) for r in self.inserts)
        for r in self.replaces:
            table.upsert(reflection_to_dict(r), Query().id == r.id)
        if self.removes:
            gone = set(self.removes)
            table.remove(Query().id.one_of(gone))
        if self.tombstones:
            db.table(TOMBSTONES).insert_multiple(
                {"id": rid, "deleted_at": when.isoformat(), "member": self.tombstone_by}
                for rid, when in self.tombstones.items()
            )
        if self.events:
            db.table(EVENTS).insert_multiple(event.to_doc() for event in self.events)

    def contents_after(self, before: ShardContents) -> ShardContents:
        """The file's contents once this write landed, from what it held before."""
        changed = {r.id for r in self.puts} | set(self.removes)
        kept = tuple(r for r in before.reflections if r.id not in changed)
        tombstones: dict[str, Any] = dict(before.tombstones)
        for rid, when in self.tombstones.items():
            tombstones[rid] = max(when, tombstones.get(rid, when))
        removed = sum(1 for r in before.reflections if r.id in set(self.removes))
        return ShardContents(
            reflections=kept + tuple(self.puts),
            tombstones=tombstones,
            events=before.events + tuple(self.events),
            size=before.size + self.new_documents - removed,
            problems=before.problems,
        )
