"""Reading reflections to import from .json (an array), .jsonl and .csv files.

Each record comes with where it was found ("line 7", "record 3") so errors can point at it.
Amounts are parsed as Decimal, never float.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from store.records.csv_rows import unflatten
from store.records.errors import ValidationError
from store.records.input_text import csv_header, parse_json_text

FORMATS = ("json", "jsonl", "csv")


def read_records(text: str, fmt: str) -> list[tuple[str, Any]]:
    """Records in `text` of format `fmt`, each paired with where it stands in the file."""
    if fmt == "json":
        data = parse_json_text(text)
        items = data if isinstance(data, list) else [data]
        return [(f"record {i}", item) for i, item in enumerate(items, start=1)]
    if fmt == "jsonl":
        return list(_jsonl(text))
    if fmt == "csv":
        return list(_csv(text))
    raise ValidationError("", f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def _jsonl(text: str) -> Iterator[tuple[str, Any]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield f"line {number}", parse_json_text(line)
        except ValidationError as error:
            raise error.at(f"line {number}") from None


def _csv(text: str) -> Iterator[tuple[str, Any]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        if reader.fieldnames is None:
            return
        csv_header(reader.fieldnames)
        start = reader.line_num + 1
        for row in reader:
            if None in row:
                raise ValidationError("", "has more cells than the header", f"line {start}")
            if any((cell or "").strip() for cell in row.values()):
                yield f"line {start}", unflatten(row)
            start = reader.line_num + 1
    except csv.Error as error:
        raise ValidationError("", f"not valid CSV ({error})", f"line {reader.line_num}") from None


def format_of(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    if suffix == "ndjson":
        return "jsonl"
    if suffix not in FORMATS:
        raise ValidationError("", f"{path.name}: cannot tell the format; use .json, .jsonl or .csv")
    return suffix
