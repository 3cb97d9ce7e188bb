"""Who may change a reflection: its author, or whoever's device files hold it (an import)."""

from __future__ import annotations

from pathlib import Path

from store.merge import Snapshot


def may_edit(snapshot: Snapshot, reflection_id: str, member: str, own_dir: Path) -> bool:
    """The store's rule, for asking before opening a form (the store enforces it on write)."""
    record = snapshot.reflections.get(reflection_id)
    if record is None:
        return False
    if record.member.casefold() == member.casefold():
        return True
    where = snapshot.locations.get(reflection_id)
    return where is not None and where.parent == own_dir
