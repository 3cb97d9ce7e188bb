"""Upgrades of stored records from older schema versions, applied in memory on read.

Files are never rewritten just to migrate them: a teammate's file belongs to their device. A record
is written in the current shape only when its owner next saves it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from store.records.errors import ValidationError
from store.records.models import SCHEMA_VERSION

Doc = dict[str, Any]


def _v1_to_v2(doc: Doc) -> Doc:
    """Version 2 added practices used and missed, the follow-up's done mark and internal action
    items; a version 1 record has none of them. Unknown keys are kept as they are."""
    doc.setdefault("practices_used", [])
    doc.setdefault("practices_missed", [])
    doc.setdefault("follow_up_done", None)
    items = doc.get("action_items")
    if isinstance(items, list):
        doc["action_items"] = [
            {"internal": False, **item} if isinstance(item, dict) else item for item in items
        ]
    return doc


STEPS: dict[int, Callable[[Doc], Doc]] = {1: _v1_to_v2}
"""`STEPS[n]` turns a version-n document into a version n+1 document."""

DEFAULTS_ONLY = frozenset({1})
"""Steps that only add fields with a default: the fast decoder fills those itself, so records of
such versions stay on the fast path (their version is raised in memory)."""


def defaults_only_versions() -> frozenset[int]:
    """Versions whose every step up to SCHEMA_VERSION only adds defaulted fields."""
    return frozenset(
        v
        for v in range(1, SCHEMA_VERSION)
        if all(n in DEFAULTS_ONLY for n in range(v, SCHEMA_VERSION))
    )


def migrate(doc: Doc) -> Doc:
    """`doc` upgraded to SCHEMA_VERSION; a record from a newer aftercall is refused."""
    version = doc.get("schema_version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ValidationError("schema_version", f"must be a whole number, got {version!r}")
    if version > SCHEMA_VERSION:
        raise ValidationError(
            "schema_version",
            f"version {version} was written by a newer aftercall; upgrade to read it",
        )
    while version < SCHEMA_VERSION:
        doc = STEPS[version](dict(doc))
        version += 1
        doc["schema_version"] = version
    return doc
