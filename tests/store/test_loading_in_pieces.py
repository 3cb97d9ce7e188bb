"""A store loading in a worker leaves room for the app's typing: no step of the load is one
long C call over every record (each holds the GIL throughout), and each gives the same result
as the one-call version it replaced."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from typing import Any

import msgspec
import orjson
import pytest

from store.records.filters import newest_first, newest_first_key
from store.records.models import Reflection
from store.storage import codec
from store.storage.codec import decode_shard
from store.storage.json_storage import dump_json
from tests.factories import full_record, numbered_id


class _WholeShard(msgspec.Struct):
    """The shard as the decoder read it before: every record in one C call."""

    reflections: dict[str, Reflection] = {}


def _shard(count: int) -> bytes:
    rng = random.Random(count)
    docs = {}
    for n in range(count):
        day = date(2025, 1, 1) + timedelta(days=rng.randrange(600))
        at = day.isoformat() if n % 3 else f"{day.isoformat()}T{rng.randrange(24):02d}:30:00"
        docs[str(n + 1)] = full_record(id=numbered_id(n), conversation_at=at,
                                       client=f"Client {n % 7}") | {
            "created_at": "2026-11-01T10:00:00+00:00", "schema_version": 2,
            "updated_at": "2026-11-02T10:00:00+00:00"}  # fmt: skip
    return dump_json({"reflections": docs})


class _Counting:
    """Stands in for the record decoder and counts how many records each call decoded."""

    def __init__(self) -> None:
        self.calls = 0

    def decode(self, raw: Any) -> Any:
        self.calls += 1
        return msgspec.json.decode(raw, type=Reflection)


def _in_a_worker(data: bytes) -> codec.DecodedShard | None:
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(decode_shard, data).result()


def test_a_worker_decodes_a_shard_record_by_record_to_what_one_call_gives(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = _shard(300)
    counting = _Counting()
    monkeypatch.setattr(codec, "_RECORD", counting)
    decoded = _in_a_worker(data)
    assert decoded is not None
    assert counting.calls == 300  # one C call per record, never one for the whole file
    whole = msgspec.json.decode(data, type=_WholeShard).reflections
    assert decoded[0] == tuple(whole.values())
    assert [r.id for r in decoded[0]] == [r.id for r in whole.values()]
    assert decode_shard(data) == decoded  # the main thread's one call gives the same


def test_the_main_thread_decodes_in_one_call(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nobody waits for the GIL there, and one call is about 15% faster."""
    counting = _Counting()
    monkeypatch.setattr(codec, "_RECORD", counting)
    assert decode_shard(_shard(5)) is not None
    assert counting.calls == 0


def test_a_file_the_pieces_cannot_vouch_for_still_goes_to_the_validator() -> None:
    doc = orjson.loads(_shard(3))
    doc["reflections"]["2"]["mood_before"] = "warm"  # a type error inside one record's piece
    assert _in_a_worker(orjson.dumps(doc)) is None
    assert decode_shard(orjson.dumps(doc)) is None


def _records(count: int) -> list[Reflection]:
    decoded = decode_shard(_shard(count))
    assert decoded is not None
    return list(decoded[0])


def test_newest_first_is_the_one_big_sort_s_order_day_by_day() -> None:
    records = _records(400)
    rng = random.Random(4)
    for _ in range(5):
        rng.shuffle(records)
        expected = sorted(records, key=newest_first_key, reverse=True)
        got = newest_first(records)
        assert [r.id for r in got] == [r.id for r in expected]
    days = {r.conversation_date for r in records}
    assert len(days) > 100  # many days, so the pieces really are small sorts


def test_newest_first_keeps_the_order_of_equal_keys_as_sorted_does() -> None:
    (one,) = _records(1)
    twins = [one, one, *_records(5), one]
    assert newest_first(twins) == sorted(twins, key=newest_first_key, reverse=True)
    assert newest_first([]) == []
