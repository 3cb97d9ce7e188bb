"""Merging two versions of one shard file by record id, never by text.

A shard is a set of records, so two versions of it (this device's and the team's, or two clones
of one member) merge as sets: every record of either side is kept, the newer `updated_at` winning
where both changed one, deletion markers and action item events united. A record is only ever
dropped by a deletion marker, never because one side lacks it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from store.storage.json_storage import dump_json, parse_json
from store.storage.shards import REFLECTIONS, TOMBSTONES

Docs = dict[str, dict[str, Any]]
_EPOCH = datetime.min.replace(tzinfo=UTC)


def parse_tables(raw: bytes | None) -> dict[str, Docs] | None:
    """The TinyDB tables of a shard file ({} for no file), or None when it cannot be parsed."""
    if raw is None or not raw.strip():
        return {}
    try:
        data = parse_json(raw)
    except ValueError:
        return None
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        return None
    return {name: {k: d for k, d in t.items() if isinstance(d, dict)} for name, t in data.items()}


def merge_shard(base: bytes | None, ours: bytes | None, theirs: bytes | None) -> bytes | None:
    """Both sides' records in one file, or None when either side cannot be parsed."""
    tables = [parse_tables(raw) for raw in (base, ours, theirs)]
    old, mine, team = tables
    if mine is None or team is None:
        return None
    old = old or {}
    merged: dict[str, Docs] = {}
    for name in sorted(set(mine) | set(team)):
        a, b, o = mine.get(name, {}), team.get(name, {}), old.get(name, {})
        if name == REFLECTIONS:
            docs = _merge_reflections(_by_id(o), _by_id(a), _by_id(b))
        elif name == TOMBSTONES:
            docs = _merge_tombstones(_by_id(a), _by_id(b))
        else:
            # Events of every kind (action items, practices, client profiles) never change once
            # written: the union by id keeps both sides' (TinyDB's keys "1", "2"... clash across
            # clones; documents without an id keep their key).
            docs = list({**_by_id(b), **_by_id(a)}.values())
        merged[name] = docs_table(docs)
    if REFLECTIONS in merged and TOMBSTONES in merged:
        merged[REFLECTIONS] = docs_table(
            _alive(list(merged[REFLECTIONS].values()), list(merged[TOMBSTONES].values()))
        )
    return dump_json(merged)


def reflection_ids(raw: bytes | None) -> tuple[set[str], set[str]]:
    """(ids of the reflections, ids with a deletion marker) in one shard file's bytes."""
    tables = parse_tables(raw) or {}
    return set(_by_id(tables.get(REFLECTIONS, {}))), set(_by_id(tables.get(TOMBSTONES, {})))


def docs_table(docs: list[dict[str, Any]]) -> Docs:
    """TinyDB's layout: documents under "1", "2", ... (fresh ids are safe: writers never cache)."""
    return {str(n): doc for n, doc in enumerate(docs, start=1)}


def _by_id(table: Docs) -> dict[str, dict[str, Any]]:
    """Documents keyed by their `id` field (documents without one keep their TinyDB key)."""
    return {str(doc.get("id", f"#{key}")): doc for key, doc in table.items()}


def _stamp(doc: dict[str, Any] | None, field: str = "updated_at") -> datetime:
    value = (doc or {}).get(field) or (doc or {}).get("created_at")
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return _EPOCH
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _merge_reflections(
    base: dict[str, dict[str, Any]],
    ours: dict[str, dict[str, Any]],
    theirs: dict[str, dict[str, Any]],
) -> list[dict[str, Any]]:
    """Per record, three ways: the side that changed it wins; both changed: the newer wins."""
    docs = []
    for rid in list(ours) + [rid for rid in theirs if rid not in ours]:
        mine, team, old = ours.get(rid), theirs.get(rid), base.get(rid)
        if mine is None or team is None:
            docs.append(mine or team)
        elif mine == old:
            docs.append(team)
        elif team == old:
            docs.append(mine)
        else:
            docs.append(team if _stamp(team) > _stamp(mine) else mine)
    return [doc for doc in docs if doc is not None]


def _merge_tombstones(
    ours: dict[str, dict[str, Any]], theirs: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    merged = dict(ours)
    for rid, doc in theirs.items():
        if rid not in merged or _stamp(doc, "deleted_at") > _stamp(merged[rid], "deleted_at"):
            merged[rid] = doc
    return list(merged.values())


def _alive(reflections: list[dict[str, Any]], tombstones: list[dict[str, Any]]) -> list[Any]:
    """Records not hidden by a deletion marker in the same file (exactly what a read would show)."""
    deleted = {str(t.get("id")): _stamp(t, "deleted_at") for t in tombstones}
    return [
        r
        for r in reflections
        if str(r.get("id")) not in deleted or deleted[str(r.get("id"))] < _stamp(r)
    ]
