"""Stable aliases for client and member names, applied to the records before anything is rendered.

Renaming the records themselves (names, people, free text, owners) rather than the finished digest
means every section, theme and table is built from aliased data, so no real name can slip through
a path the renderer forgot. Aliases follow the sorted real names: "Client A", "Client B", ...
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from string import ascii_uppercase

from store import Reflection

_MIN_PART = 3


def _letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: spreadsheet-style labels that never run out."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = ascii_uppercase[rest] + label
    return label


def aliases(names: Iterable[str], prefix: str) -> dict[str, str]:
    unique = sorted({n for n in names if n}, key=lambda n: (n.casefold(), n))
    return {name: f"{prefix} {_letters(i)}" for i, name in enumerate(unique)}


class Renamer:
    """Replaces every real name, and each capitalised part of it, inside free text."""

    def __init__(self, mapping: dict[str, str]) -> None:
        self.mapping = mapping
        variants: dict[str, str] = {}
        for name, alias in mapping.items():
            variants.setdefault(name, alias)
            for part in re.split(r"[\s,()/&.-]+", name):
                if len(part) >= _MIN_PART and part[0].isupper():
                    variants.setdefault(part, alias)
        ordered = sorted(variants, key=lambda v: (-len(v), v))
        self._variants = variants
        self._pattern = (
            re.compile(r"(?<!\w)(" + "|".join(map(re.escape, ordered)) + r")(?!\w)", re.IGNORECASE)
            if ordered
            else None
        )
        self._folded = {v.casefold(): a for v, a in variants.items()}

    def text(self, value: str) -> str:
        if self._pattern is None or not value:
            return value
        return self._pattern.sub(lambda m: self._folded[m.group(0).casefold()], value)

    def name(self, value: str) -> str:
        return self.mapping.get(value) or self.text(value)


def pseudonymise(
    records: Sequence[Reflection], *, clients: bool, members: bool
) -> list[Reflection]:
    """`records` with client and/or member names replaced everywhere by stable aliases."""
    if not (clients or members):
        return list(records)
    mapping: dict[str, str] = {}
    if clients:
        mapping |= aliases((r.client for r in records), "Client")
    if members:
        mapping |= aliases((r.member for r in records), "Member")
    renamer = Renamer(mapping)
    out = []
    for r in records:
        items = tuple(
            replace(item, text=renamer.text(item.text), owner=renamer.name(item.owner))
            for item in r.action_items
        )
        cost = r.cost_absorbed
        if cost is not None:
            cost = replace(cost, note=renamer.text(cost.note))
        out.append(
            replace(
                r,
                client=renamer.name(r.client),
                member=renamer.name(r.member),
                participants=tuple(renamer.name(p) for p in r.participants),
                action_items=items,
                cost_absorbed=cost,
                tags=tuple(renamer.text(t) for t in r.tags),
                what_worked=renamer.text(r.what_worked),
                what_to_change=renamer.text(r.what_to_change),
                yes_we_owned=renamer.text(r.yes_we_owned),
                and_client_contribution=renamer.text(r.and_client_contribution),
            )
        )
    return out
