"""User text shown as typed: Textual reads "[b]" in a plain str as markup (and "[/x]" can crash
rendering), so every user-supplied string bound for a table cell or a Static goes through here."""

from __future__ import annotations

from rich.text import Text

from store.records import neutralise


def plain(value: object) -> Text:
    """`value` as literal text, never markup."""
    return Text(neutralise(str(value)))


def plain_row(*values: object) -> tuple[Text, ...]:
    return tuple(plain(v) for v in values)
