"""A period's learnings from the files that hold it: what `digest` and `learnings` read."""

from __future__ import annotations

from datetime import date

from store.insights.file_index import Elsewhere, elsewhere, needs_rows
from store.learnings import window
from store.merge import Snapshot
from store.models import Reflection
from store.reporting_period import Period
from store.shards import FileProblem
from store.storage.shard_summaries import plan_period
from store.store import Store


def period_records(
    store: Store, period: Period, as_of: date
) -> tuple[list[Reflection], Elsewhere, tuple[FileProblem, ...]]:
    """(the reflections of the files holding the period's window, in no order; the rest of
    the store's action items and follow-ups; the problems of the files read), to give
    `compute_with_previous`. The first call reads every file once, to fill the cache.
    """
    since, until = window(period)
    entries, tangled = store.file_summaries()
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
