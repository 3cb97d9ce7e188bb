"""One file's summary for the machine-local cache, and which files a period must read in full.

A summary holds the ids the file mentions (records, deletion markers, action item changes), so a
save can check an id without decoding teammates' files, and the compact index of
`store.insights.file_index`, so a month can count the rest of the history without decoding it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import orjson

from store.insights.file_index import summarise
from store.shards import ShardContents
from store.storage.summary_cache import Entry


def summary_of(contents: ShardContents) -> tuple[Entry, Entry]:
    """The cache entry of a decoded file, and its bulky rows (for its side file)."""
    alone = not contents.tombstones and not contents.events
    entry, rows = summarise(contents.reflections)
    return {
        "readable": contents.readable,
        "clean": contents.readable and not contents.problems and alone,
        "docs": contents.size,
        "writable": contents.writable,
    } | entry, rows


_CANONICAL_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")


def raw_mentions(raw: bytes) -> list[str] | None:
    """The ids a file mentions, from a plain parse (no typed decode), or None when the parse
    cannot vouch for them: the file does not parse, or a record's id is not written the way
    the reader would make it (an id the reader would normalise could match another's)."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(data, dict):
        return None
    found: list[str] = []
    for table, field in (("reflections", "id"), ("tombstones", "id"), ("events", "record_id")):
        docs = data.get(table, {})
        if not isinstance(docs, dict):
            return None
        for doc in docs.values():
            rid = doc.get(field) if isinstance(doc, dict) else None
            if not isinstance(rid, str) or (
                table == "reflections" and not _CANONICAL_ID.match(rid)
            ):
                return None
            found.append(rid)
    return found


def files_key(entries: dict[Path, Entry]) -> str:
    """Names the very versions of every file: what the store-wide facts were worked out from."""
    digest = hashlib.blake2b(digest_size=16)
    for path, entry in sorted(entries.items()):
        digest.update(f"{path}\0{entry['key']}\0".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def entangled(ids: Iterable[tuple[Path, list[str]]]) -> set[Path]:
    """Files that mention an id another file mentions too: only a full merge decides those."""
    first: dict[str, Path] = {}
    tangled: set[Path] = set()
    for path, mentions in ids:
        for rid in mentions:
            other = first.setdefault(rid, path)
            if other != path:
                tangled.update((other, path))
    return tangled


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
