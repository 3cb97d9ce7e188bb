"""Who may change a reflection: its author, or whoever's device files hold it (an import)."""

from __future__ import annotations

from pathlib import Path

from store.storage.merge import Snapshot
from store.storage.shards import same_member


def may_edit(snapshot: Snapshot, reflection_id: str, member: str, own_dir: Path) -> bool:
    """The store enforces this rule on write; the app asks it before opening a form."""
    record = snapshot.reflections.get(reflection_id)
    if record is None:
        return False
    if same_member(record.member, member):
        return True
    where = snapshot.locations.get(reflection_id)
    return where is not None and where.parent == own_dir
