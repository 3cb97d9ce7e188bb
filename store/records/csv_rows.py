"""Reflections as flat rows (CSV): nested fields in dotted columns such as `cost_absorbed.amount`.

Lists of names are joined with "; "; action items, being a list of objects, are a JSON cell.
A cell a spreadsheet would run as a formula (starting `=`, `+`, `-`, `@`, tab or CR) is written
with a leading `'`, as spreadsheets expect; reading takes that quote off again.
"""

from __future__ import annotations

import json
import re
from typing import Any

from store.records.interchange import COST_FIELDS, FIELDS
from store.records.models import STRUCTURE_PARTS

_NESTED = {"structure": STRUCTURE_PARTS, "cost_absorbed": COST_FIELDS}
_LISTS = ("participants", "tags", "practices_used", "practices_missed")
_INTS = ("mood_before", "mood_after", "schema_version")
_TRUE = {"true", "yes", "y", "1", "x"}
_FALSE = {"false", "no", "n", "0", ""}
_WHOLE = re.compile(r"-?[0-9]{1,9}").fullmatch
"""A whole number in ASCII digits, short enough to be one (not "²", not 5,000 digits)."""
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

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
            # Not a mapping (a hand-made or fuzzed record): kept in the first column, for the
            # reader to refuse by name rather than lost here.
            parts = value if isinstance(value, dict) else {_NESTED[name][0]: value}
            for part in _NESTED[name]:
                row[f"{name}.{part}"] = _cell(parts.get(part))
        elif name in _LISTS:
            if isinstance(value, list | tuple):
                row[name] = "; ".join(map(_cell, value))
            else:
                row[name] = _cell(value)
        elif name == "action_items":
            row[name] = json.dumps(value, ensure_ascii=False) if value else ""
        else:
            row[name] = _cell(value)
    return row


def defuse(cell: str) -> str:
    """A cell no spreadsheet will run: formula-like text gets a leading `'` (undone by `restore`).

    Text that already starts with a quote before such a character gets one more, so the round
    trip through `restore` gives back every text exactly.
    """
    if cell.startswith(_FORMULA_START) or (cell[:1] == "'" and cell[1:2] in (*_FORMULA_START, "'")):
        return "'" + cell
    return cell


def restore(cell: str) -> str:
    """The text `defuse` was given."""
    if cell[:1] == "'" and cell[1:2] in (*_FORMULA_START, "'"):
        return cell[1:]
    return cell


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
        cell = restore(raw or "").strip()
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
            record[name] = int(cell) if _WHOLE(cell) else cell
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
