"""The one place exports touch the disk: an atomic write, so a digest is never half-written."""

from __future__ import annotations

from pathlib import Path

from store.storage import write_atomic

EXPORT_MODE = 0o644
"""Exports are meant to be shared, unlike the store's private files."""


def write_export(path: Path, text: str) -> Path:
    """Write `text` (UTF-8, LF line endings) to `path` atomically; returns the path written."""
    path = path.expanduser()
    write_atomic(path, text.encode("utf-8"), EXPORT_MODE)
    return path
