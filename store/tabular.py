"""Reflections as flat rows (CSV): nested fields in dotted columns such as `cost_absorbed.amount`.

Lists of names are joined with "; "; action items, being a list of objects, are a JSON cell.
"""

from __future__ import annotations

import json
from typing import Any

from store.interchange import COST_FIELDS, FIELDS
from store.models import STRUCTURE_PARTS

_NESTED = {"structure": STRUCTURE_PARTS, "cost_absorbed": COST_FIELDS}
_LISTS = ("participants", "tags")
_INTS = ("mood_before", "mood_after", "schema_version")
_TRUE = {"true", "yes", "y", "1", "x"}
_FALSE = {"false", "no", "n", "0", ""}

COLUMNS: tuple[str, ...] = tuple(
    column
    for name in FIELDS
    for column in ([f"{name}.{part}" for part in _NESTED[name]] if name in _NESTED else [name])
)
"""CSV header, in interchange order."""


def flatten(record: dict[str, Any]) -> dict[str, str]:
    """One interchange dict as a CSV row keyed by COLUMNS."""
    row: dict[str, str] = {}
    for name in FIELDS:
        value = record.get(name)
        if name in _NESTED:
            for part in _NESTED[name]:
                row[f"{name}.{part}"] = _cell((value or {}).get(part))
        elif name in _LISTS:
            row[name] = "; ".join(value or [])
        elif name == "action_items":
            row[name] = json.dumps(value, ensure_ascii=False) if value else ""
        else:
            row[name] = _cell(value)
    return row


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def unflatten(row: dict[str, str | None]) -> dict[str, Any]:
    """A CSV row back into an interchange dict; empty cells are absent fields.

    Values that cannot be converted are passed on unchanged so the validator names the field.
    """
    record: dict[str, Any] = {}
    for column, raw in row.items():
        cell = (raw or "").strip()
        name, _, part = column.partition(".")
        if part:
            group = record.setdefault(name, {})
            if not isinstance(group, dict):
                continue
            if name == "structure":
                lowered = cell.lower()
                group[part] = True if lowered in _TRUE else False if lowered in _FALSE else cell
            elif cell:
                group[part] = cell
        elif not cell:
            continue
        elif name in _LISTS:
            record[name] = [item.strip() for item in cell.split(";") if item.strip()]
        elif name in _INTS:
            record[name] = int(cell) if cell.lstrip("-").isdigit() else cell
        elif name == "action_items":
            try:
                record[name] = json.loads(cell)
            except ValueError:
                record[name] = cell
        else:
            record[name] = cell
    if record.get("cost_absorbed") == {}:
        record["cost_absorbed"] = None
    return record
