"""One file's summary for the machine-local cache, and which files a period must read in full.

A summary holds the ids the file mentions (records, deletion markers, action item changes), so a
save can check an id without decoding teammates' files, and the compact index of
`store.insights.file_index`, so a month can count the rest of the history without decoding it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

import orjson

from store.insights.file_index import summarise
from store.shards import ShardContents
from store.storage.summary_cache import Entry


def summary_of(contents: ShardContents) -> Entry:
    """The cache entry of a decoded file."""
    mentions = [r.id for r in contents.reflections]
    mentions += [*contents.tombstones, *(event.record_id for event in contents.events)]
    alone = not contents.tombstones and not contents.events
    return {
        "ids": orjson.dumps(mentions).decode(),
        "readable": contents.readable,
        "clean": contents.readable and not contents.problems and alone,
        "docs": contents.size,
        "writable": contents.writable,
    } | summarise(contents.reflections)


def mentioned(entry: Entry) -> list[str]:
    ids = orjson.loads(entry["ids"])
    return ids if isinstance(ids, list) else []


def entangled(entries: dict[Path, Entry]) -> set[Path]:
    """Files that mention an id another file mentions too: only a full merge decides those."""
    first: dict[str, Path] = {}
    tangled: set[Path] = set()
    for path, entry in entries.items():
        for rid in set(mentioned(entry)):
            other = first.setdefault(rid, path)
            if other != path:
                tangled.update((other, path))
    return tangled


def plan_period(
    entries: dict[Path, Entry], since: date, until: date, as_of: date
) -> tuple[list[Path], list[Entry]]:
    """(files to read in full, summaries that stand for the rest) for the records conversed
    from `since` to `until`, with everything up to `as_of` counted for its action items.

    A file is read in full when it holds a conversation in the window, is not clean (problems,
    deletions, item changes), shares an id with another file, or straddles `as_of`. A file whose
    every conversation is after `as_of` and outside the window adds nothing.
    """
    low, high, day = since.toordinal(), until.toordinal(), as_of.toordinal()
    tangled = entangled(entries)
    full: list[Path] = []
    summarised: list[Entry] = []
    for path, entry in entries.items():
        first, last = entry.get("first"), entry.get("last")
        if not entry.get("clean") or path in tangled:
            full.append(path)
        elif first is None or (first > day and not first <= high):
            continue
        elif (first <= high and last >= low) or last > day:
            full.append(path)
        else:
            summarised.append(entry)
    return full, summarised


def holders(entries: Iterable[tuple[Path, Entry]], ids: set[str]) -> list[Path]:
    """The files among `entries` that mention any of `ids`."""
    return [path for path, entry in entries if ids.intersection(mentioned(entry))]
