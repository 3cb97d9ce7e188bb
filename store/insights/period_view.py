"""A period's learnings from the files that hold it: what `digest` and `learnings` read."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

from store.insights.file_index import INDEX_VERSION, Elsewhere, elsewhere, needs_rows, summarise
from store.insights.headline_trend import TREND_PERIODS
from store.insights.health import HEALTH_DAYS
from store.insights.learnings import window
from store.insights.periods import Period
from store.records.models import Reflection
from store.storage.merge import Snapshot
from store.storage.shards import FileProblem
from store.storage.store import Progress, Store
from store.storage.summary_cache import Entry

Window = tuple[date, date]
"""The first and last conversation day of a stretch whose every record is read."""


def period_records(
    store: Store, period: Period, as_of: date
) -> tuple[list[Reflection], Elsewhere, tuple[FileProblem, ...]]:
    """(the reflections of the files holding the period's window, in no order; the rest of
    the store's action items and follow-ups; the problems of the files read), to give
    `compute_with_previous`. The first call reads every file once, to fill the cache.
    """
    return _read(store, [window(period)], period, as_of, clients=False)


def digest_windows(period: Period, as_of: date) -> list[Window]:
    """What a digest reads in full: the learnings' window, the trend's six periods and the
    days whose every conversation the health rules count."""
    trend = [period.shifted(-steps) for steps in range(1, TREND_PERIODS)]
    return [
        window(period),
        *((p.start, p.end) for p in trend),
        (as_of - timedelta(days=HEALTH_DAYS), as_of),
    ]


def digest_records(
    store: Store, period: Period, as_of: date, progress: Progress | None = None
) -> tuple[list[Reflection], Elsewhere, tuple[FileProblem, ...]]:
    """As `period_records`, for `full_learnings` and the digest: the files holding
    `digest_windows` read, the rest summarised with each client's past as well.
    `progress(done, total)` hears of the files read to fill the cache, in bytes."""
    return _read(store, digest_windows(period, as_of), period, as_of, clients=True,
                 progress=progress)  # fmt: skip


def _read(
    store: Store,
    windows: Sequence[Window],
    period: Period,
    as_of: date,
    *,
    clients: bool,
    progress: Progress | None = None,
) -> tuple[list[Reflection], Elsewhere, tuple[FileProblem, ...]]:
    entries, tangled = store.file_summaries(summarise, INDEX_VERSION, progress)
    full, summarised = plan_period(entries, tangled, windows, as_of)
    summaries = []
    for path in summarised:
        entry = entries[path]
        rows = store.file_rows(path) if needs_rows(entry, period, as_of) else None
        if rows is None and needs_rows(entry, period, as_of):
            full.append(path)  # its side file is gone or stale: read the file itself
        else:
            summaries.append((entry, rows))
    snap: Snapshot = store.merged(full)
    records = list(snap.reflections.values())  # the learnings do not depend on the order
    return records, elsewhere(summaries, period, as_of, clients=clients), snap.problems


def plan_period(
    entries: dict[Path, Entry], tangled: set[Path], windows: Sequence[Window], as_of: date
) -> tuple[list[Path], list[Path]]:
    """(files to read in full, files whose summary stands for them) for the records conversed
    in any of `windows`, with everything up to `as_of` counted for its action items.

    A file is read in full when it holds a conversation in a window, is not clean (problems,
    deletions, item changes), shares an id with another file, or straddles `as_of`. A file whose
    every conversation is after `as_of` and outside the windows adds nothing.
    """
    spans = [(since.toordinal(), until.toordinal()) for since, until in windows]
    day = as_of.toordinal()
    full: list[Path] = []
    summarised: list[Path] = []
    for path, entry in entries.items():
        first, last = entry.get("first"), entry.get("last")
        if not entry.get("clean") or path in tangled:
            full.append(path)
            continue
        if first is None or last is None:
            continue
        meets = any(first <= high and last >= low for low, high in spans)
        if first > day and not meets:
            continue
        if meets or last > day:
            full.append(path)
        else:
            summarised.append(path)
    return full, summarised
