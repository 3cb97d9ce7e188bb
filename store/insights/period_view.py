"""A period's learnings from the files that hold it: what `digest` and `learnings` read."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from store.insights.file_index import INDEX_VERSION, Elsewhere, elsewhere, needs_rows, summarise
from store.insights.learnings import window
from store.insights.periods import Period
from store.records.models import Reflection
from store.storage.merge import Snapshot
from store.storage.shards import FileProblem
from store.storage.store import Store
from store.storage.summary_cache import Entry


def period_records(
    store: Store, period: Period, as_of: date
) -> tuple[list[Reflection], Elsewhere, tuple[FileProblem, ...]]:
    """(the reflections of the files holding the period's window, in no order; the rest of
    the store's action items and follow-ups; the problems of the files read), to give
    `compute_with_previous`. The first call reads every file once, to fill the cache.
    """
    since, until = window(period)
    entries, tangled = store.file_summaries(summarise, INDEX_VERSION)
    full, summarised = plan_period(entries, tangled, since, until, as_of)
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
    return records, elsewhere(summaries, period, as_of), snap.problems


def plan_period(
    entries: dict[Path, Entry], tangled: set[Path], since: date, until: date, as_of: date
) -> tuple[list[Path], list[Path]]:
    """(files to read in full, files whose summary stands for them) for the records conversed
    from `since` to `until`, with everything up to `as_of` counted for its action items.

    A file is read in full when it holds a conversation in the window, is not clean (problems,
    deletions, item changes), shares an id with another file, or straddles `as_of`. A file whose
    every conversation is after `as_of` and outside the window adds nothing.
    """
    low, high, day = since.toordinal(), until.toordinal(), as_of.toordinal()
    full: list[Path] = []
    summarised: list[Path] = []
    for path, entry in entries.items():
        first, last = entry.get("first"), entry.get("last")
        if not entry.get("clean") or path in tangled:
            full.append(path)
        elif first is None or last is None or (first > day and first > high):
            continue
        elif (first <= high and last >= low) or last > day:
            full.append(path)
        else:
            summarised.append(path)
    return full, summarised
