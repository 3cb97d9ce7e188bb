"""Two versions of a shard merge as sets of records: nothing is dropped without a marker."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from store.storage.json_storage import dump_json
from store.sync.shard_merge import merge_shard, reflection_ids


def _doc(rid: str, stamp: str, text: str = "") -> dict[str, Any]:
    return {"id": rid, "updated_at": f"2026-11-{stamp}T10:00:00+00:00", "what_worked": text}


def _file(docs: list[dict[str, Any]], stones: list[dict[str, Any]] = ()) -> bytes:
    tables: dict[str, Any] = {"reflections": {str(n): d for n, d in enumerate(docs, 1)}}
    if stones:
        tables["tombstones"] = {str(n): t for n, t in enumerate(stones, 1)}
    return dump_json(tables)


def _docs(raw: bytes | None) -> dict[str, dict[str, Any]]:
    assert raw is not None
    return {d["id"]: d for d in json.loads(raw)["reflections"].values()}


def test_the_side_that_changed_a_record_wins_and_both_sides_records_stay() -> None:
    base = _file([_doc("a", "01"), _doc("b", "01")])
    ours = _file([_doc("a", "01"), _doc("b", "01"), _doc("c", "02")])
    theirs = _file([_doc("a", "01", "fixed by hand"), _doc("b", "01")])
    merged = _docs(merge_shard(base, ours, theirs))
    assert set(merged) == {"a", "b", "c"}
    assert merged["a"]["what_worked"] == "fixed by hand"


def test_both_changed_the_newer_wins_and_a_missing_record_is_never_a_deletion() -> None:
    base = _file([_doc("a", "01"), _doc("b", "01")])
    ours = _file([_doc("a", "03", "ours")])  # b lost without a marker
    theirs = _file([_doc("a", "02", "theirs"), _doc("b", "01")])
    merged = _docs(merge_shard(base, ours, theirs))
    assert merged["a"]["what_worked"] == "ours" and "b" in merged


def test_a_deletion_marker_removes_the_record_it_is_newer_than() -> None:
    stone = {"id": "a", "deleted_at": "2026-11-05T00:00:00+00:00", "member": "Ana"}
    ours = _file([], [stone])
    theirs = _file([_doc("a", "01"), _doc("b", "09")], [{**stone, "id": "b"}])
    ids, stones = reflection_ids(merge_shard(None, ours, theirs))
    assert ids == {"b"} and stones == {"a", "b"}


def test_an_unreadable_side_is_not_merged() -> None:
    assert merge_shard(None, b"{not json", _file([_doc("a", "01")])) is None


ids = st.sets(st.sampled_from("abcdefgh"), max_size=6)


@given(ids, ids, ids, st.sets(st.sampled_from("abcdefgh"), max_size=3))
def test_every_record_of_either_side_survives_unless_marked_deleted(
    base: set[str], ours: set[str], theirs: set[str], deleted: set[str]
) -> None:
    stones = [{"id": r, "deleted_at": "2026-11-20T00:00:00+00:00"} for r in sorted(deleted)]
    merged = merge_shard(
        _file([_doc(r, "01") for r in sorted(base)]),
        _file([_doc(r, "02", "ours") for r in sorted(ours)], stones),
        _file([_doc(r, "03", "theirs") for r in sorted(theirs)]),
    )
    kept, marked = reflection_ids(merged)
    assert kept == (ours | theirs) - deleted and marked == deleted
