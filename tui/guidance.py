"""One line of guidance per form section, fitted to the conversation type.

The words live in guidance.toml beside this module, so they can be edited without touching code.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from functools import cache
from importlib.resources import files

SECTIONS = ("conversation", "structure", "yes_and", "reflection", "cost", "actions", "tags")


@cache
def _table() -> dict[str, dict[str, str]]:
    text = files("tui").joinpath("guidance.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def hint(kind: str, section: str) -> str:
    """The guidance for `section` of a conversation of type `kind` (e.g. "price_increase")."""
    table = _table()
    return table.get(kind, {}).get(section) or table["default"][section]


def conversation_guidance(kinds: Iterable[str]) -> dict[str, str]:
    """The "conversation" line for each type in `kinds`, plus "default": what the briefing
    (`aftercall prep`, `p` on the client page) says about the likely next conversation."""
    lines = {kind: hint(kind, "conversation") for kind in kinds}
    return {**lines, "default": hint("default", "conversation")}
