"""Phrases that recur across reflections: what the team keeps learning, or keeps asking clients.

Reading. Text is cut into sentences and words; case, punctuation, stop words and simple plurals
are normalised away, and the period's people and organisations are masked: a name counts as a
stop word, so "called Claire before they called us" and "called before they called us" are one
phrase, and no name is ever part of one (see `store.insights.name_mask`). A word pasted many times
in a row counts once. A phrase is two to five content words within a sentence, stop words between
them allowed. Besides stop words, a few words are never content, because no theme rests on them
(`WEAK_WORDS`): particles and prepositions ("back", "without", "instead"), reporting verbs
("said", "felt") and job titles ("regional director"). So "pushed back", "left without" or
"regional director" are no phrase: what is left is a verb with its object, or a pair of nouns.

Counting. A phrase counts once per reflection and recurs if two reflections hold it. A team
theme needs `MIN_MEMBERS` members; a phrase only one member writes, in at least `SOLO_MIN` of
their reflections, is that member's own theme and is reported apart ("Grace noted this 5 times")
if it has `SOLO_WORDS` content words and shares no two words in a row with a team phrase.

Merging, in time linear in the phrases found (an index, no comparison of all pairs):
- phrases found in exactly the same reflections are one theme;
- a phrase merges with each one-word-shorter phrase inside it ("sent written summary day" and
  "written summary day") when it holds more than half of that phrase's reflections, so wordings
  that overlap merge through the sub-phrase they share;
- a sentence repeated whole, longer than five words, is joined back into one phrase.
A theme reads as its longest phrase that more than half of its reflections hold (see
`store.insights.theme_wording`). Order is deterministic: most reflections first, then most members,
longer phrases first, then alphabetical.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter

from store.insights.theme_merge import merged, runs
from store.insights.theme_wording import (
    Excerpt,
    content_of,
    excerpts,
    located,
    located_piece,
    wording,
)
from store.insights.theme_words import (
    MAX_WORDS,
    MIN_WORDS,
    WORDS,
    Found,
    Held,
    normal_words,
    sentences,
)
from store.records.models import Reflection

MIN_REFLECTIONS = 2
MIN_MEMBERS = 2
"""Members a team theme needs: one member's repetition is their habit, not the team's."""
SOLO_MIN = 3
"""Reflections in which one member must write a phrase for it to be shown as their theme."""
SOLO_WORDS = 3
"""Content words one member's theme needs: a member's pet two-word phrases ("main point", "key
thing") are their style, not a lesson."""
NO_NAMES: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Theme:
    phrase: str
    """The normal form that was counted ("flag risk day see"): stable, for matching."""
    count: int
    """Reflections that mention it."""
    members: tuple[str, ...]
    clients: tuple[str, ...]
    reflection_ids: tuple[str, ...]
    wording: str = ""
    """The phrase as the team wrote it ("flag the risk the day we see it"), for people to read."""
    excerpts: tuple[Excerpt, ...] = ()
    """One or two of the sentences behind it, from different members where there are two."""

    @property
    def shown(self) -> str:
        return self.wording or self.phrase


@dataclass(frozen=True, slots=True)
class ThemeSet:
    team: tuple[Theme, ...] = ()
    """Themes at least `min_members` members wrote."""
    solo: tuple[Theme, ...] = ()
    """Phrases one member alone keeps writing (each theme has that one member)."""


_Sentence = tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[int, str], ...], frozenset[str]]
"""(content words, every word's normal form with "" for a stop word, (position, case-folded
word) of each capitalised word, and those words as a set): enough to mask any set of names
without reading the text again, and to see at C speed that a sentence holds none of them."""


@lru_cache(maxsize=32_768)
def _sentence(piece: str) -> _Sentence | None:
    """`piece` read for counting, or None if it has too few content words to hold a phrase."""
    normal = normal_words
    words: list[str] = []
    capitals: list[tuple[int, str]] = []
    previous = ""
    for token in WORDS.findall(piece):
        lower = token.lower()
        if lower == previous:
            continue  # "very very very": a word pasted in a row counts once
        previous = lower
        if token[0].isupper():
            capitals.append((len(words), token.casefold().split("'")[0]))
        words.append(normal[lower])
    content = tuple(filter(None, words))
    if len(content) < MIN_WORDS:
        return None
    if not capitals:
        return content, (), (), frozenset()
    return content, tuple(words), tuple(capitals), frozenset(w for _, w in capitals)


_Parsed = tuple[tuple[tuple[str, ...], ...], tuple[_Sentence, ...], frozenset[str]]
"""(the sentences' content words where no name is masked, each sentence, every capitalised
word of the text case-folded)."""
_CONTENT = itemgetter(0)
_CAPITALS = itemgetter(3)


@lru_cache(maxsize=65_536)
def _parse(text: str) -> _Parsed:
    """Cached by text: a period's learnings read each text several times (themes, client asks,
    a screen switching periods) and a team repeats whole sentences more than it thinks. The
    work per text is C calls only (`map`, `filter`), since every text of the period comes here.
    Each distinct sentence is kept once: a phrase counts once per reflection anyway.
    """
    pieces = dict.fromkeys(sentences(text))
    parsed: tuple[_Sentence, ...] = tuple(filter(None, map(_sentence, pieces)))
    plain = tuple(dict.fromkeys(map(_CONTENT, parsed)))
    return plain, parsed, frozenset().union(*map(_CAPITALS, parsed))


def _segments(text: str, names: frozenset[str]) -> tuple[tuple[str, ...], ...]:
    """The content words of each distinct sentence of `text`, its names left out like stop
    words."""
    plain, parsed, capitals = _parse(text)
    if capitals.isdisjoint(names):
        return plain  # most texts: no name to mask, one check at C speed
    return _masked(parsed, names)


def _masked(parsed: tuple[_Sentence, ...], names: frozenset[str]) -> tuple[tuple[str, ...], ...]:
    """`_segments` of a text that holds a name."""
    found: list[tuple[str, ...]] = []
    for content, words, at_capitals, capital_set in parsed:
        if capital_set.isdisjoint(names):
            found.append(content)
            continue
        masked = {at for at, word in at_capitals if word in names}
        kept = tuple(w for at, w in enumerate(words) if w and at not in masked)
        if len(kept) >= MIN_WORDS:
            found.append(kept)
    return tuple(dict.fromkeys(found))


@lru_cache(maxsize=16_384)
def _sentence_phrases(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(
        " ".join(words[i : i + size])
        for size in range(MIN_WORDS, MAX_WORDS + 1)
        for i in range(len(words) - size + 1)
    )


def _phrases_of(segments: tuple[tuple[str, ...], ...]) -> set[str]:
    found: set[str] = set()
    for words in segments:
        found |= _sentence_phrases(words)
    return found


def phrases(text: str, names: frozenset[str] = NO_NAMES) -> set[str]:
    """The normalised phrases of two to five words in `text`, with `names` masked."""
    return _phrases_of(_segments(text, names))


def clear_caches() -> None:
    """Forget every parse this process has cached (benchmarks measure a cold start with it)."""
    normal_words.clear()
    for cached in (_sentence, _parse, _sentence_phrases, located, located_piece, content_of):
        cached.cache_clear()


def by_name(names: Iterable[str]) -> tuple[str, ...]:
    """Sorted ignoring case, then exactly: the same order in every process."""
    return tuple(sorted(set(names), key=lambda n: (n.casefold(), n)))


def find_themes(
    reflections: Iterable[Reflection],
    text_of: Callable[[Reflection], str],
    *,
    names: frozenset[str] = NO_NAMES,
    min_members: int = MIN_MEMBERS,
    limit: int | None = None,
    solo_limit: int | None = None,
) -> ThemeSet:
    """Recurring phrases in `text_of(r)` across `reflections`, with `names` masked."""
    records = list(reflections)
    # Each distinct run of words -> the reflections that hold it (a team repeats itself).
    having: Held = defaultdict(list)
    for at, (plain, parsed, capitals) in enumerate(map(_parse, map(text_of, records))):
        found = plain if capitals.isdisjoint(names) else _masked(parsed, names)
        for words in found:  # distinct within a text: each reflection is added once
            having[words].append(at)
    seen = _count(having)
    members = [r.member for r in records]
    team: Found = {}
    solo: Found = {}
    for phrase, held in seen.items():
        first = members[held[0]]
        if min_members <= 1 or _members_at_least(held, members, min_members):
            team[phrase] = held
        elif len(held) >= SOLO_MIN and all(members[at] == first for at in held):
            solo[phrase] = held
    solo = {phrase: held for phrase, held in solo.items() if _own(phrase, team)}
    read = _Reading(records, having, text_of, names)
    return ThemeSet(team=_themes(team, read, limit), solo=_themes(solo, read, solo_limit))


def _count(having: Held) -> Found:
    """Each phrase held by `MIN_REFLECTIONS` reflections -> those reflections, in input order.

    Phrases are cut from each distinct run of words once, so a sentence pasted into thousands
    of reflections costs one cut and one set union, not thousands of appends.
    """
    lists: dict[str, list[list[int]]] = defaultdict(list)
    for words, held in having.items():
        for phrase in _sentence_phrases(words):
            lists[phrase].append(held)
    seen: Found = {}
    for phrase, parts in lists.items():
        if len(parts) == 1:
            if len(parts[0]) >= MIN_REFLECTIONS:
                seen[phrase] = parts[0]
        else:
            held = sorted(set().union(*parts))
            if len(held) >= MIN_REFLECTIONS:
                seen[phrase] = held
    return seen


def _members_at_least(held: list[int], members: list[str], least: int) -> bool:
    """Whether the reflections at `held` have `least` members (stops as soon as they do)."""
    seen: set[str] = set()
    for at in held:
        seen.add(members[at])
        if len(seen) >= least:
            return True
    return False


def _own(phrase: str, team: Found) -> bool:
    """Whether one member's phrase says something of its own: `SOLO_WORDS` long, and sharing
    no pair of words with a team phrase (then the team's theme already says it)."""
    words = phrase.split()
    return len(words) >= SOLO_WORDS and not any(
        " ".join(words[i : i + MIN_WORDS]) in team for i in range(len(words) - MIN_WORDS + 1)
    )


@dataclass(frozen=True, slots=True)
class _Reading:
    """What one `find_themes` call read: the records, their sentences, and how to read text."""

    records: list[Reflection]
    having: Held
    text_of: Callable[[Reflection], str]
    names: frozenset[str]


WORDING_SAMPLE = 25
"""Reflections read to find how a theme was worded: enough to see the usual form, and cheap."""


def _themes(found: Found, read: _Reading, limit: int | None) -> tuple[Theme, ...]:
    if not found:
        return ()
    found = found | runs(found, read.having)
    records = read.records
    members = [r.member for r in records]
    ranked = []
    for group, behind in merged(found):
        shown = min(group, key=lambda p: (len(found[p]) * 2 <= len(behind), -len(p.split()),
                                          -len(found[p]), p))  # fmt: skip
        who = set(map(members.__getitem__, behind))
        ranked.append(((-len(behind), -len(who), -len(shown.split()), shown), behind, who))
    ranked.sort(key=itemgetter(0))
    clients = [r.client for r in records]
    ids = [r.id for r in records]
    # Each position's rank in id order, so a theme's reflections sort by id comparing ints.
    order = sorted(range(len(ids)), key=ids.__getitem__)
    rank = [0] * len(order)
    for n, at in enumerate(order):
        rank[at] = n
    id_at_rank = list(map(ids.__getitem__, order)).__getitem__
    themes = []
    for (_, _, _, phrase), behind, who in ranked[:limit]:
        first = sorted(map(rank.__getitem__, found[phrase]))[:WORDING_SAMPLE]
        sample = [records[order[n]] for n in first]
        themes.append(Theme(
            phrase=phrase,
            count=len(behind),
            members=by_name(who),
            clients=by_name(map(clients.__getitem__, behind)),
            reflection_ids=tuple(map(id_at_rank, sorted(map(rank.__getitem__, behind)))),
            wording=wording(phrase, (read.text_of(r) for r in sample), read.names),
            excerpts=excerpts(phrase, sample, read.text_of, read.names),
        ))  # fmt: skip
    return tuple(themes)
