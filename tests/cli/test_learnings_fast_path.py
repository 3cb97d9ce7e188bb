"""`aftercall learnings` in text reads only the month's files (issue 19): its output, practices
and next month included, must be the one the whole store gives (the text names no follow-ups:
tests/store/test_period_reads.py holds the insights themselves to the whole store's)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from store import Store, locations
from store.insights import compute_extras, compute_insights, parse_period
from store.storage import edit_profile, load_directory
from tests.store.test_period_reads import CASES, _history, _open
from tui.cli.learnings import learnings_text, practices_text


def _whole_store_text(root: Path, period: str, as_of: date) -> str:
    store = Store(root, member="Reader", device="r", lock_dir=root.parent / "plain" / "locks",
                  cache_dir=None)  # fmt: skip
    records = load_directory(root).canonical(store.query())
    current = compute_insights(records, parse_period(period), as_of)
    extras = compute_extras(records, current, store.practices())
    return learnings_text(current) + practices_text(extras) + "\n"


@pytest.mark.parametrize("seed", [1, 2])
def test_learnings_text_from_the_cache_equals_the_whole_store(
    run, store_dir: Path, tmp_path: Path, seed: int
) -> None:
    _history(store_dir, tmp_path / "writers", seed, tangled=False)
    dana = _open(
        store_dir, "Dana", "dana-pc", tmp_path / "writers", datetime(2026, 11, 20, tzinfo=UTC)
    )
    edit_profile(dana, "Umbrella Corp", aliases=("Umbrella", "INITECH"))
    for period, as_of in CASES:
        expected = _whole_store_text(store_dir, period, as_of)
        for _ in ("cold", "warm"):
            code, out, _err = run("learnings", "--period", period, "--as-of", as_of.isoformat())
            assert (code, out) == (0, expected), (period, as_of)
    assert any(locations.state_dir().rglob("summaries-*.json")), "the month read the cache"
