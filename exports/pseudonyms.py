"""Stable aliases for every person and organisation, applied to the records before rendering.

Renaming the records themselves (names, people, free text, owners) rather than the finished digest
means every section, theme and table is built from aliased data, so no real name can slip through
a path the renderer forgot. Who is hidden:

- clients ("Client A", ...) with `clients`; members ("Member A", ...) with `members`;
- with either, every other person in participants or action item owners ("Contact 1", ...), since
  those are the client's people or colleagues who are named nowhere else.

Names are matched in free text after Unicode normalisation, accent folding and case folding
("José", "JOSE", "Jose" with a combining accent), as whole words for short names ("Bo", "Li",
with a plural "s"), and at the start of a word for longer ones ("AcmeCorp", "acmecorp.com",
"Acmes"); e-mail addresses in free text are removed outright. What the matching cannot see it
cannot hide, so the aliased records are checked once more and a digest that would still hold a
hidden name is refused (LeakError) rather than written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from string import ascii_uppercase

from store import Reflection, StoreError

_STOP = frozenset(
    "the and of for und et de la le les der die das von van inc ltd llc gmbh plc co corp sa ag"
    " bv mr mrs ms dr".split()
)
"""Words of a name that identify nobody, left alone in free text."""
_PREFIX_MIN = 4
"""Name parts this long are also matched at the start of a longer word ("AcmeCorp", "Acmes")."""
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u2e80-\u9fff\u3040-\u30ff\uf900-\ufaff]")
"""Scripts written without spaces between words (CJK, Thai): names there match anywhere."""
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
EMAIL_REMOVED = "(e-mail)"


class LeakError(StoreError):
    """A pseudonymised export would still contain a real name: it is not written."""


def fold(text: str) -> str:
    """`text` as names are compared: NFKD, accents dropped, case folded ("José" -> "jose")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _folded_with_origin(text: str) -> tuple[str, list[int] | None]:
    """`fold(text)` and, unless it is ASCII (one to one), the original index of each character."""
    if text.isascii():
        return text.lower(), None
    pieces: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = fold(char)
        pieces.append(folded)
        origin.extend([index] * len(folded))
    return "".join(pieces), origin


def _letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: spreadsheet-style labels that never run out."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = ascii_uppercase[rest] + label
    return label


def aliases(names: Iterable[str], prefix: str) -> dict[str, str]:
    """Each folded name -> "{prefix} A", "{prefix} B"... in the order of the folded names."""
    unique = sorted({fold(n).strip() for n in names if n.strip()})
    return {name: f"{prefix} {_letters(i)}" for i, name in enumerate(unique)}


def person_key(name: str) -> str:
    """Who a participant or owner entry names: "Priya (Acme, head of marketing)" -> "priya"."""
    return fold(re.split(r"[(,;]| - ", name, maxsplit=1)[0]).strip()


def _parts(folded_name: str) -> list[str]:
    words = [w for w in re.split(r"[\W_]+", folded_name) if w]
    return [w for w in words if (len(w) >= 2 or _UNSPACED.search(w)) and w not in _STOP]


def _pattern(variant: str) -> str:
    escaped = re.escape(variant)
    if _UNSPACED.search(variant):
        return escaped
    if len(variant) >= _PREFIX_MIN:
        return rf"(?<![^\W_]){escaped}"
    return rf"(?<![^\W_]){escaped}(?:s|es|'s)?(?![^\W_])"


class Renamer:
    """Replaces every hidden name, and each distinctive part of it, inside free text."""

    def __init__(self, hidden: dict[str, str]) -> None:
        """`hidden` maps folded names to their alias."""
        variants: dict[str, str] = {}
        for name, alias in hidden.items():
            variants.setdefault(name, alias)
        for name, alias in hidden.items():
            for part in _parts(name):
                variants.setdefault(part, alias)
        ordered = sorted(variants, key=lambda v: (-len(v), v))
        self._variants = variants
        self._pattern = (
            re.compile("|".join(f"(?:{_pattern(v)})" for v in ordered)) if ordered else None
        )

    def _alias(self, matched: str) -> str:
        alias = self._variants.get(matched)
        if alias is not None:
            return alias
        # A short name with its plural ending ("Bos"), or a prefix pattern's exact variant.
        for ending in ("'s", "es", "s"):
            if matched.endswith(ending) and matched[: -len(ending)] in self._variants:
                return self._variants[matched[: -len(ending)]]
        return "(name)"

    def text(self, value: str) -> str:
        """`value` with hidden names replaced by their aliases and e-mail addresses removed."""
        if not value:
            return value
        value = _EMAIL.sub(EMAIL_REMOVED, value)
        if self._pattern is None:
            return value
        folded, origin = _folded_with_origin(value)
        spans = [
            (m.start(), m.end(), self._alias(m.group(0))) for m in self._pattern.finditer(folded)
        ]
        if not spans:
            return value
        out: list[str] = []
        last = 0
        for start, end, alias in spans:
            begin, stop = (
                (start, end) if origin is None else _original_span(value, origin, start, end)
            )
            if begin < last:
                continue
            out += [value[last:begin], alias]
            last = stop
        out.append(value[last:])
        return "".join(out)

    def leaks(self, value: str) -> str | None:
        """The first hidden name still in `value` (folded), or None."""
        if self._pattern is None or not value:
            return None
        match = self._pattern.search(_folded_with_origin(value)[0])
        return None if match is None else match.group(0)


def _original_span(text: str, origin: list[int], start: int, end: int) -> tuple[int, int]:
    """Where folded characters start..end came from, with trailing combining accents."""
    begin, stop = origin[start], origin[end - 1] + 1
    while stop < len(text) and unicodedata.combining(text[stop]):
        stop += 1
    return begin, stop


class _Cast:
    """Everyone in the records, and the alias each hidden one gets."""

    def __init__(self, records: Sequence[Reflection], *, clients: bool, members: bool) -> None:
        member_names = {fold(r.member).strip() for r in records}
        self.members = aliases((r.member for r in records), "Member") if members else {}
        self.clients = aliases((r.client for r in records), "Client") if clients else {}
        people = {
            person_key(name)
            for r in records
            for name in (*r.participants, *(item.owner for item in r.action_items))
        }
        contacts = sorted(p for p in people if p and p not in member_names)
        self.contacts = {name: f"Contact {i}" for i, name in enumerate(contacts, start=1)}
        self.member_names = member_names
        self.renamer = Renamer(self.clients | self.members | self.contacts)

    def person(self, name: str) -> str:
        """A participant or owner: a member's alias (or name), else the contact's alias."""
        if not name:
            return name
        key = person_key(name)
        if key in self.member_names:
            return self.members.get(key, name) if self.members else self.renamer.text(name)
        return self.contacts.get(key) or self.renamer.text(name)

    def record(self, r: Reflection) -> Reflection:
        text = self.renamer.text
        items = tuple(
            replace(item, text=text(item.text), owner=self.person(item.owner))
            for item in r.action_items
        )
        cost = r.cost_absorbed
        if cost is not None:
            cost = replace(cost, note=text(cost.note))
        return replace(
            r,
            client=self.clients.get(fold(r.client).strip()) or text(r.client),
            member=self.members.get(fold(r.member).strip()) or r.member,
            participants=tuple(dict.fromkeys(self.person(p) for p in r.participants)),
            action_items=items,
            cost_absorbed=cost,
            tags=tuple(dict.fromkeys(text(t) for t in r.tags)),
            what_worked=text(r.what_worked),
            what_to_change=text(r.what_to_change),
            yes_we_owned=text(r.yes_we_owned),
            and_client_contribution=text(r.and_client_contribution),
        )


def _texts(r: Reflection, *, members: bool) -> Iterator[tuple[str, str]]:
    """(field, value) of every string that may name someone hidden."""
    yield "client", r.client
    if members:
        yield "member", r.member
    for i, name in enumerate(r.participants):
        yield f"participants[{i}]", name
    for name in ("what_worked", "what_to_change", "yes_we_owned", "and_client_contribution"):
        yield name, getattr(r, name)
    if r.cost_absorbed is not None:
        yield "cost_absorbed.note", r.cost_absorbed.note
    for i, item in enumerate(r.action_items):
        yield f"action_items[{i}].text", item.text
        yield f"action_items[{i}].owner", item.owner
    for i, tag in enumerate(r.tags):
        yield f"tags[{i}]", tag


def pseudonymise(
    records: Sequence[Reflection], *, clients: bool, members: bool
) -> list[Reflection]:
    """`records` with names replaced everywhere by stable aliases; LeakError if any survives."""
    if not (clients or members):
        return list(records)
    cast = _Cast(records, clients=clients, members=members)
    out = [cast.record(r) for r in records]
    for r in out:
        for field, value in _texts(r, members=members):
            if not clients and field == "client":
                continue
            leaked = cast.renamer.leaks(value)
            if leaked is not None and not _is_alias(value, leaked, cast):
                raise LeakError(
                    f"a pseudonymised digest would still show a name ({field} of reflection "
                    f"{r.id[:8]}); nothing was written. Rename that client or person, or "
                    "export without pseudonymising"
                )
    return out


def _is_alias(value: str, leaked: str, cast: _Cast) -> bool:
    """True when the match lies inside one of our own aliases ("Client A" for a client "A")."""
    del leaked
    stripped = value
    for alias in {*cast.clients.values(), *cast.members.values(), *cast.contacts.values()}:
        stripped = stripped.replace(alias, " ")
    return cast.renamer.leaks(stripped) is None
