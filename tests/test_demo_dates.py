"""`aftercall demo` moves the example's dates next to today, keeping every gap and weekday."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from store import Reflection, Store
from tui.app import AftercallApp
from tui.cli import demo as demo_module
from tui.cli import main
from tui.cli.demo import open_demo
from tui.cli.demo_dates import DAYS_AGO, latest_happened, weeks_to_today


def _by_id(store: Store) -> dict[str, Reflection]:
    return {r.id: r for r in store.all()}


def _moments(r: Reflection) -> list[date | datetime | None]:
    items = [(i.due, i.done_on) for i in r.action_items]
    return [r.conversation_at, r.issue_noticed_at, r.follow_up_on, r.created_at, r.updated_at,
            *itertools.chain.from_iterable(items)]  # fmt: skip


@pytest.fixture
def original(tmp_path: Path) -> dict[str, Reflection]:
    return _by_id(Store(demo_module.example_store(), member="Reader", device="t",
                        lock_dir=tmp_path / "locks"))  # fmt: skip


@pytest.mark.parametrize("today", [date(2027, 3, 10), date(2026, 12, 2), date(2026, 9, 1)])
def test_every_date_moves_by_the_same_whole_weeks_and_the_latest_call_was_days_ago(
    tmp_path: Path, original: dict[str, Reflection], today: date
) -> None:
    shifted = _by_id(open_demo(tmp_path, today))
    assert shifted.keys() == original.keys()
    deltas = set()
    for rid, r in shifted.items():
        for new, old in zip(_moments(r), _moments(original[rid]), strict=True):
            assert (new is None) == (old is None)
            if new is not None and old is not None:
                deltas.add(new - old)
                assert new.weekday() == old.weekday()
    (delta,) = deltas
    assert delta.days % 7 == 0 and delta.seconds == 0
    latest_call = max(r.conversation_date for r in shifted.values())
    assert DAYS_AGO <= (today - latest_call).days <= DAYS_AGO + 6 + 7
    happened = [m for r in shifted.values() for m in (r.conversation_date, r.updated_at.date())]
    happened += [i.done_on for r in shifted.values() for i in r.action_items if i.done_on]
    assert max(happened) <= today - timedelta(days=DAYS_AGO)


def test_the_shift_puts_the_latest_event_two_to_eight_days_back() -> None:
    latest = date(2026, 10, 30)
    for offset in range(60):
        today = latest + timedelta(days=offset - 20)
        moved = latest + timedelta(days=weeks_to_today(latest, today))
        assert DAYS_AGO <= (today - moved).days <= DAYS_AGO + 6


def test_the_demo_command_shifts_against_its_clock(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen: dict[str, date | None] = {}

    def run_without_a_terminal(app: AftercallApp) -> None:
        seen["latest"] = latest_happened(app.store.root)

    monkeypatch.setattr(AftercallApp, "run", run_without_a_terminal)
    monkeypatch.setattr(demo_module, "_today", lambda: date(2027, 5, 20))
    assert main(["demo"]) == 0
    latest = seen["latest"]
    assert latest is not None and 2 <= (date(2027, 5, 20) - latest).days <= 8
    assert latest_happened(demo_module.example_store()) == date(2026, 10, 30)  # untouched
