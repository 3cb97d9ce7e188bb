"""The fast shard decoder never accepts what the validator refuses, and agrees when it accepts."""

from __future__ import annotations

from typing import Any

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from store import ValidationError, reflection_from_dict, reflection_to_dict
from store.records.migrations import migrate
from store.storage.codec import decode_shard
from tests.factories import full_record

_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-2, 7), st.text(max_size=5),
    st.sampled_from(["", " x ", "2026-10-01", "2026-10-01T09:00:00", "2026-02-30", "USD", "usd",
                     "12.345", "-1", "1e3", "NaN", "complaint", "call", "rush_fee", "client",
                     "00000000-0000-4000-8000-000000000001"]),
    st.lists(st.sampled_from(["a", "a", " b", "x" * 41, ""]), max_size=3),
)  # fmt: skip
_PATHS = st.sampled_from([
    ("client",), ("member",), ("id",), ("conversation_at",), ("issue_noticed_at",), ("type",),
    ("mood_before",), ("mood_after",), ("tags",), ("participants",), ("follow_up_on",),
    ("cost_absorbed", "amount"), ("cost_absorbed", "currency"), ("cost_absorbed", "kind"),
    ("structure", "resolved"), ("action_items", 0, "id"), ("action_items", 1, "text"),
    ("action_items", 0, "due"), ("action_items", 1, "owner"), ("schema_version",),
    ("created_at",), ("practices_used",), ("practices_missed", 0), ("follow_up_done",),
    ("action_items", 0, "internal"),
])  # fmt: skip


def _stored(**overrides: Any) -> dict[str, Any]:
    doc = full_record(**overrides)
    doc |= {"created_at": "2026-11-01T10:00:00+00:00", "updated_at": "2026-11-02T10:00:00+00:00",
            "schema_version": 2}  # fmt: skip
    return doc


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> None:
    for key in path[:-1]:
        doc = doc[key]
    doc[path[-1]] = value


def _fast(doc: dict[str, Any]):
    return decode_shard(orjson.dumps({"reflections": {"1": doc}}))


def test_a_stored_record_decodes_to_what_the_validator_gives() -> None:
    doc = reflection_to_dict(reflection_from_dict(_stored()))
    decoded = _fast(doc)
    assert decoded is not None
    assert decoded[0] == (reflection_from_dict(doc),)


def test_a_version_1_record_stays_on_the_fast_path_and_is_upgraded_in_memory() -> None:
    doc = reflection_to_dict(reflection_from_dict(_stored()))
    for key in ("practices_used", "practices_missed", "follow_up_done"):
        del doc[key]
    for item in doc["action_items"]:
        del item["internal"]
    doc["schema_version"] = 1
    decoded = _fast(doc)
    assert decoded is not None
    (record,) = decoded[0]
    assert record == reflection_from_dict(migrate(dict(doc)))
    assert record.schema_version == 2 and record.practices_used == ()
    assert not any(item.internal for item in record.action_items)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_PATHS, _VALUES), min_size=1, max_size=3))
def test_fast_path_agrees_with_the_validator(changes: list[tuple[tuple[Any, ...], Any]]) -> None:
    doc = _stored()
    for path, value in changes:
        _set(doc, path, value)
    try:
        expected = reflection_from_dict(migrate(dict(doc)))
    except ValidationError:
        expected = None
    decoded = _fast(doc)
    if decoded is not None:
        assert expected is not None, "fast path accepted a record the validator refuses"
        assert decoded[0] == (expected,)
