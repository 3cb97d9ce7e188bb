"""Turning the bytes a user hands to `add` or `import` into text and JSON, or one clear refusal.

The same rules for both commands: UTF-8 with or without a byte-order mark, or UTF-16 with one;
JSON without duplicate keys; CSV with one column per header.
"""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from store.records.errors import ValidationError
from store.records.interchange import MAX_TEXT_LENGTH, shown

CSV_FIELD_LIMIT = 4 * MAX_TEXT_LENGTH + 1024
"""Characters in one CSV cell: a free-text field at its limit, even with every quote doubled."""

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def decode_input(data: bytes) -> str:
    """Text of a file: UTF-8 (an optional BOM dropped) or UTF-16 with a BOM; else one line."""
    if data.startswith(_UTF16_BOMS):
        encoding, name = "utf-16", "UTF-16"
    else:
        encoding, name = "utf-8-sig", "UTF-8"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise ValidationError(
            "", f"is not valid {name} text (byte {error.start + 1:,}); save it as UTF-8"
        ) from None


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValidationError(shown(key)[1:-1], "appears twice in the same object")
        result[key] = value
    return result


def parse_json_text(text: str) -> Any:
    """JSON with decimals kept exact; raises ValidationError for anything it will not take."""
    try:
        return json.loads(text, parse_float=Decimal, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as error:
        raise ValidationError(
            "", f"not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})"
        ) from None
    except RecursionError:
        raise ValidationError("", "not valid JSON (nested too deep)") from None
    except ValueError as error:  # e.g. an integer over 4,300 digits
        raise ValidationError("", f"not valid JSON ({str(error).splitlines()[0][:80]})") from None


def csv_header(fieldnames: Sequence[str] | None) -> None:
    """Refuse a header that names a column twice (the last one would silently win)."""
    seen: set[str] = set()
    for name in fieldnames or ():
        if name in seen:
            raise ValidationError(shown(name)[1:-1], "is a column twice in the header", "line 1")
        seen.add(name)


# The csv module's limit is per process (128 KB by default): raised once, never lowered.
csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))
