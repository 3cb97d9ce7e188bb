"""Characters that must never reach a terminal or a stored record: controls and lone surrogates.

On input they are refused (newline and tab aside); on output, anything read from a file that still
holds one (an older or hand-edited teammate's file) shows it as a visible escape such as `\\x1b`,
so a teammate's text can never move the cursor, retitle a window or write the clipboard (OSC 52).
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
"""C0 and C1 controls and DEL (newline and tab allowed), and lone surrogates."""
_UNSAFE_IN_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
"""The same for one-line values (names), where a newline or a tab is refused as well."""


def first_unsafe(text: str, *, one_line: bool = False) -> str | None:
    """The first character of `text` that may not be stored, or None when all are fine."""
    match = (_UNSAFE_IN_LINE if one_line else _UNSAFE).search(text)
    return None if match is None else match.group(0)


def describe(char: str) -> str:
    """A character as an error message names it: "U+001B"."""
    return f"U+{ord(char):04X}"


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def neutralise(text: str, *, one_line: bool = False) -> str:
    """`text` with every unsafe character shown as an escape (`\\x1b`); the rest unchanged."""
    pattern = _UNSAFE_IN_LINE if one_line else _UNSAFE
    return pattern.sub(_escape, text) if pattern.search(text) else text


_UNSAFE_IN_JSON = re.compile(r"[\x7f-\x9f\ud800-\udfff]")
"""What `json.dumps(..., ensure_ascii=False)` leaves raw (it escapes only the C0 controls)."""


def json_safe(dumped: str) -> str:
    """JSON text with DEL, C1 controls and lone surrogates written as `\\u` escapes (same value)."""
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group(0)):04x}", dumped)
