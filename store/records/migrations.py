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

STEPS: dict[int, Callable[[Doc], Doc]] = {}
"""`STEPS[n]` turns a version-n document into a version n+1 document."""


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
