"""One file's summary for the machine-local cache, and the ids a file mentions.

A summary says whether the file can be read on its own (no problems, no deletion markers or item
changes), plus whatever index its caller makes of the records (`Indexer`: the insights make the
one a month needs, `store.insights.file_index`). The ids a file mentions (records, deletion
markers, action item changes) go to the id index, so a save can check an id without decoding
teammates' files.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import orjson

from store.records.models import Reflection
from store.storage.shards import ShardContents
from store.storage.summary_cache import Entry

Indexer = Callable[[Sequence[Reflection]], tuple[Entry, Entry]]
"""Makes (the entry's index, the bulky rows for its side file) from a file's records."""


def summary_of(contents: ShardContents, indexer: Indexer, version: str) -> tuple[Entry, Entry]:
    """The cache entry of a decoded file, and its bulky rows (for its side file)."""
    alone = not contents.tombstones and not contents.events
    entry, rows = indexer(contents.reflections)
    return {
        "index": version,
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
