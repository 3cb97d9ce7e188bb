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
from collections.abc import Iterable, Iterator, Mapping, Sequence
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


_TOKEN = re.compile(r"[^\W_]+")
"""A word of folded text: letters and digits (an underscore or an apostrophe ends it)."""
_PLURALS = ("es", "s")

Span = tuple[int, int, str]


class Renamer:
    """Replaces every hidden name, and each distinctive part of it, inside free text.

    Text is cut into words and each word looked up (a regex alternation of every name was
    tried first: 80 s for a 10k-record digest, where this takes about a second).
    """

    def __init__(self, hidden: dict[str, str]) -> None:
        """`hidden` maps folded names to their alias."""
        self._phrases: dict[str, list[tuple[str, str]]] = {}
        self._short: dict[str, str] = {}
        self._long: dict[str, str] = {}
        unspaced: dict[str, str] = {}
        for name, alias in hidden.items():
            words = _TOKEN.findall(name)
            if len(words) > 1:
                self._phrases.setdefault(words[0], []).append((name, alias))
        for name, alias in [
            *hidden.items(),
            *((p, a) for n, a in hidden.items() for p in _parts(n)),
        ]:
            if _UNSPACED.search(name):
                unspaced.setdefault(name, alias)
            elif _TOKEN.fullmatch(name):
                table = self._long if len(name) >= _PREFIX_MIN else self._short
                table.setdefault(name, alias)
        for options in self._phrases.values():
            options.sort(key=lambda option: -len(option[0]))
        self._lengths = sorted({len(v) for v in self._long}, reverse=True)
        self._heads = {v[:_PREFIX_MIN] for v in self._long}
        self._seen: dict[str, tuple[int, str] | None] = {}
        """Each distinct word looked up once: a digest has millions of words, a vocabulary of
        tens of thousands."""
        self._clean: set[str] = set()
        """Texts `text` left as they were: checking them again for leaks would find nothing."""
        self._hits = set(self._phrases)
        """Words that start a hidden name; a text with none of them needs no closer look."""
        ordered = sorted(unspaced, key=lambda v: (-len(v), v))
        self._unspaced = unspaced
        self._unspaced_pattern = re.compile("|".join(map(re.escape, ordered))) if ordered else None

    def _word(self, word: str) -> tuple[int, str] | None:
        """(characters to replace, alias) for a word that is or starts with a hidden name."""
        alias = self._short.get(word) or self._long.get(word)
        if alias is not None:
            return len(word), alias
        if word[-1] == "s":
            for ending in _PLURALS:
                if word.endswith(ending) and (alias := self._short.get(word[: -len(ending)])):
                    return len(word), alias
        if word[:_PREFIX_MIN] not in self._heads:
            return None
        for length in self._lengths:
            if length < len(word) and (alias := self._long.get(word[:length])):
                return length, alias
        return None

    def _phrase(self, folded: str, start: int, word: str) -> tuple[str, str] | None:
        """The longest hidden name of several words starting at `start`, and its alias."""
        for name, alias in self._phrases.get(word, ()):
            end = start + len(name)
            if folded.startswith(name, start) and not folded[end : end + 1].isalnum():
                return name, alias
        return None

    def _spans(self, folded: str) -> list[Span]:
        spans: list[Span] = []
        words = set(_TOKEN.findall(folded))
        unknown = words.difference(self._seen)
        for word in unknown:
            found = self._seen[word] = self._word(word)
            if found is not None:
                self._hits.add(word)
        if self._hits.isdisjoint(words):
            return self._unspaced_spans(folded, spans)
        skip_to = 0
        seen, phrases = self._seen, self._phrases
        for match in _TOKEN.finditer(folded):
            word = match.group(0)
            found = seen[word]
            if found is None and word not in phrases:
                continue
            start = match.start()
            if start < skip_to:
                continue
            phrase = self._phrase(folded, start, word)
            if phrase is not None:
                spans.append((start, start + len(phrase[0]), phrase[1]))
                skip_to = start + len(phrase[0])
            elif found is not None:
                spans.append((start, start + found[0], found[1]))
        return self._unspaced_spans(folded, spans)

    def _unspaced_spans(self, folded: str, spans: list[Span]) -> list[Span]:
        if self._unspaced_pattern is not None:
            spans += [
                (m.start(), m.end(), self._unspaced[m.group(0)])
                for m in self._unspaced_pattern.finditer(folded)
            ]
            spans.sort()
        return spans

    def text(self, value: str) -> str:
        """`value` with hidden names replaced by their aliases and e-mail addresses removed."""
        if not value:
            return value
        if "@" in value:
            value = _EMAIL.sub(EMAIL_REMOVED, value)
        folded, origin = _folded_with_origin(value)
        spans = self._spans(folded)
        if not spans:
            self._clean.add(value)
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
        if not value or value in self._clean:
            return None
        folded = _folded_with_origin(value)[0]
        spans = self._spans(folded)
        return folded[spans[0][0] : spans[0][1]] if spans else None


def _original_span(text: str, origin: list[int], start: int, end: int) -> tuple[int, int]:
    """Where folded characters start..end came from, with trailing combining accents."""
    begin, stop = origin[start], origin[end - 1] + 1
    while stop < len(text) and unicodedata.combining(text[stop]):
        stop += 1
    return begin, stop


class _Cast:
    """Everyone in the records, and the alias each hidden one gets."""

    def __init__(
        self, records: Sequence[Reflection], *, clients: bool, members: bool,
        people: Iterable[str] = (), spellings: Mapping[str, str] | None = None,
    ) -> None:  # fmt: skip
        member_names = {fold(r.member).strip() for r in records}
        self.members = aliases((r.member for r in records), "Member") if members else {}
        self.clients = aliases((r.client for r in records), "Client") if clients else {}
        named = {
            person_key(name)
            for r in records
            for name in (*r.participants, *(item.owner for item in r.action_items))
        }
        named |= {person_key(name) for name in people}
        contacts = sorted(p for p in named if p and p not in member_names)
        self.contacts = {name: f"Contact {i}" for i, name in enumerate(contacts, start=1)}
        self.member_names = member_names
        other_names = {
            fold(spelling).strip(): self.clients[fold(shown).strip()]
            for spelling, shown in (spellings or {}).items()
            if fold(shown).strip() in self.clients and fold(spelling).strip() not in self.clients
        }
        self.renamer = Renamer(other_names | self.clients | self.members | self.contacts)

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
    records: Sequence[Reflection], *, clients: bool, members: bool,
    people: Iterable[str] = (), spellings: Mapping[str, str] | None = None,
) -> list[Reflection]:  # fmt: skip
    """`records` with names replaced everywhere by stable aliases; LeakError if any survives.

    `people` are more names to hide (the contacts of the client profiles, even those named
    only in free text); `spellings` maps each alias of a client to its display name, so an
    alias in free text becomes the same "Client A".
    """
    if not (clients or members):
        return list(records)
    cast = _Cast(records, clients=clients, members=members, people=people, spellings=spellings)
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
