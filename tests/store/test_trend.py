"""The learnings trend, the period code, enum labels and who may edit: rules the screens use."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from store import ConversationType, Outcome, Store
from store.insights.periods import Period, month_of, parse_period, quarter_of
from store.insights.trend import trend
from store.storage.authorship import may_edit
from tests.factories import make_reflection


def _on(day: str, n: int, **fields: object):
    return make_reflection(id=f"0b7f3c1e-2a44-4f0e-9a51-5d7f6c1b2{n:03d}", conversation_at=day,
                           **fields)  # fmt: skip


def test_the_trend_counts_each_period_and_adds_cost_in_one_currency() -> None:
    eur = {"amount": "100", "currency": "EUR", "kind": "credit"}
    usd = {"amount": "999", "currency": "USD", "kind": "credit"}
    records = [
        _on("2026-10-02", 1, cost_absorbed=eur),
        _on("2026-10-20", 2, cost_absorbed=usd),
        _on("2026-08-31", 3, cost_absorbed=eur),
        _on("2025-10-31", 4),  # thirteen months back: outside the twelve
        _on("2026-11-01", 5),  # after the period asked for
    ]
    t = trend(records, month_of(date(2026, 10, 1)), "EUR", periods=12)
    assert t.periods[0].code == "2025-11"
    assert [p.code for p in t.periods][-3:] == ["2026-08", "2026-09", "2026-10"]
    assert t.conversations[-3:] == [1, 0, 2] and sum(t.conversations) == 3
    assert t.cost[-3:] == [Decimal(100), Decimal(0), Decimal(100)]


def test_period_codes_read_back_as_the_same_period() -> None:
    for period in (month_of(date(2026, 10, 5)), quarter_of(date(2026, 11, 1)),
                   parse_period("2026")):  # fmt: skip
        assert parse_period(period.code) == period
    assert Period(date(2026, 10, 1), date(2026, 10, 15)).code == "2026-10-01_2026-10-15"


def test_enum_labels_are_the_words_people_read() -> None:
    assert ConversationType.MISSED_DEADLINE.label == "missed deadline"
    assert Outcome.IN_PROGRESS.label == "in progress"
    assert Outcome.RESOLVED.label == "resolved"


def test_only_the_author_or_this_devices_files_may_edit(make_store, tmp_path: Path) -> None:
    lees: Store = make_store(member="Lee", device="desk")
    lee_record = lees.add(make_reflection(member="Lee"))
    dana: Store = make_store(member="Dana")
    imported = dana.add(_on("2026-10-03", 7, member="Sam"))  # in Dana's own files
    snap = dana.snapshot()
    assert not may_edit(snap, lee_record.id, "Dana", dana.own_dir)
    assert may_edit(snap, lee_record.id, "lee", lees.own_dir)
    assert may_edit(snap, imported.id, "Dana", dana.own_dir)
    assert not may_edit(snap, "no-such-id", "Dana", dana.own_dir)
