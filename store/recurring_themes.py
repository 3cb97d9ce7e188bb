"""Phrases that recur across reflections: what the team keeps learning, or keeps asking clients.

Reading. Text is cut into sentences and words; case, punctuation, stop words and simple plurals
are normalised away, and the period's people and organisations are masked (a name ends a
phrase: see `store.name_mask`). A word pasted many times in a row counts once. A phrase is two
to five content words within a sentence, stop words between them allowed. Besides stop words,
a few words are never content, because no theme rests on them (`WEAK_WORDS`): particles and
prepositions ("back", "without", "instead"), reporting verbs ("said", "felt") and job titles
("regional director"). So "pushed back", "left without" or "regional director" are no phrase:
what is left is a verb with its object, or a pair of nouns.

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
`store.theme_wording`). Order is deterministic: most reflections first, then most members,
longer phrases first, then alphabetical.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from store.models import Reflection
from store.theme_wording import Excerpt, excerpts, located, wording
from store.theme_words import SENTENCES, WORDS, normal_words

MIN_REFLECTIONS = 2
MIN_MEMBERS = 2
"""Members a team theme needs: one member's repetition is their habit, not the team's."""
SOLO_MIN = 3
"""Reflections in which one member must write a phrase for it to be shown as their theme."""
SOLO_WORDS = 3
"""Content words one member's theme needs: a member's pet two-word phrases ("main point", "key
thing") are their style, not a lesson."""
MIN_WORDS, MAX_WORDS = 2, 5
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


_Sentence = tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[int, str], ...]]
"""(content words, every word's normal form with "" for a stop word, (position, case-folded word)
of each capitalised word): enough to mask any set of names without reading the text again."""


@lru_cache(maxsize=32_768)
def _sentence(piece: str) -> _Sentence:
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
    content = tuple(w for w in words if w)
    return content, tuple(words) if capitals else (), tuple(capitals)


@lru_cache(maxsize=8_192)
def _parse(text: str) -> tuple[_Sentence, ...]:
    """Cached by text: a period's learnings read each text several times (themes, client asks,
    a screen switching periods) and a team repeats whole sentences more than it thinks."""
    return tuple(s for s in map(_sentence, SENTENCES.split(text)) if s[0])


def _segments(text: str, names: frozenset[str]) -> tuple[tuple[str, ...], ...]:
    """The runs of content words in `text` that no sentence end or name interrupts."""
    found: list[tuple[str, ...]] = []
    for content, words, capitals in _parse(text):
        cuts = [at for at, word in capitals if word in names] if names and capitals else []
        if not cuts:
            if len(content) >= MIN_WORDS:
                found.append(content)
            continue
        start = 0
        for cut in (*cuts, len(words)):
            segment = tuple(w for w in words[start:cut] if w)
            if len(segment) >= MIN_WORDS:
                found.append(segment)
            start = cut + 1
    return tuple(found)


def sentences(text: str) -> tuple[tuple[str, ...], ...]:
    """`text` as normalised words, sentence by sentence (a phrase never crosses a sentence)."""
    return tuple(content for content, _, _ in _parse(text))


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
    for cached in (_sentence, _parse, _sentence_phrases, located):
        cached.cache_clear()


def by_name(names: Iterable[str]) -> tuple[str, ...]:
    """Sorted ignoring case, then exactly: the same order in every process."""
    return tuple(sorted(set(names), key=lambda n: (n.casefold(), n)))


_Found = dict[str, list[Reflection]]
"""Phrase -> the reflections that hold it."""


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
    seen: _Found = defaultdict(list)
    segments: dict[str, tuple[tuple[str, ...], ...]] = {}
    for r in reflections:
        segments[r.id] = found = _segments(text_of(r), names)
        for phrase in _phrases_of(found):
            seen[phrase].append(r)
    team: _Found = {}
    solo: _Found = {}
    for phrase, rs in seen.items():
        if len(rs) < MIN_REFLECTIONS:
            continue
        if min_members <= 1 or len({r.member for r in rs}) >= min_members:
            team[phrase] = rs
        elif len(rs) >= SOLO_MIN and len({r.member for r in rs}) == 1:
            solo[phrase] = rs
    solo = {phrase: rs for phrase, rs in solo.items() if _own(phrase, team)}
    return ThemeSet(
        team=_themes(team, segments, text_of, names, limit),
        solo=_themes(solo, segments, text_of, names, solo_limit),
    )


def _own(phrase: str, team: _Found) -> bool:
    """Whether one member's phrase says something of its own: `SOLO_WORDS` long, and sharing
    no pair of words with a team phrase (then the team's theme already says it)."""
    words = phrase.split()
    return len(words) >= SOLO_WORDS and not any(
        " ".join(words[i : i + MIN_WORDS]) in team for i in range(len(words) - MIN_WORDS + 1)
    )


WORDING_SAMPLE = 25
"""Reflections read to find how a theme was worded: enough to see the usual form, and cheap."""


def _themes(
    found: _Found,
    segments: dict[str, tuple[tuple[str, ...], ...]],
    text_of: Callable[[Reflection], str],
    names: frozenset[str],
    limit: int | None,
) -> tuple[Theme, ...]:
    if not found:
        return ()
    found = found | _runs(found, segments)
    ranked = []
    for group in _merged(found):
        behind = {r.id: r for phrase in group for r in found[phrase]}
        shown = min(group, key=lambda p: (len(found[p]) * 2 <= len(behind), -len(p.split()),
                                          -len(found[p]), p))  # fmt: skip
        members = by_name(r.member for r in behind.values())
        ranked.append(((-len(behind), -len(members), -len(shown.split()), shown), behind, members))
    ranked.sort(key=lambda entry: entry[0])
    themes = []
    for (_, _, _, phrase), behind, members in ranked[:limit]:
        sample = sorted(found[phrase], key=_by_id)[:WORDING_SAMPLE]
        themes.append(Theme(
            phrase=phrase,
            count=len(behind),
            members=members,
            clients=by_name(r.client for r in behind.values()),
            reflection_ids=tuple(sorted(behind)),
            wording=wording(phrase, (text_of(r) for r in sample), names),
            excerpts=excerpts(phrase, sample, text_of, names),
        ))  # fmt: skip
    return tuple(themes)


def _by_id(r: Reflection) -> str:
    return r.id


class _Groups:
    """Union-find over phrases; the root of a group is its alphabetically first phrase, so
    groups come out the same whatever order the phrases were found in."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self.parent = {phrase: phrase for phrase in phrases}

    def root(self, phrase: str) -> str:
        parent = self.parent
        while parent[phrase] != phrase:
            parent[phrase] = parent[parent[phrase]]
            phrase = parent[phrase]
        return phrase

    def join(self, a: str, b: str) -> None:
        a, b = self.root(a), self.root(b)
        if a != b:
            self.parent[max(a, b)] = min(a, b)

    def groups(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = defaultdict(list)
        for phrase in self.parent:
            found[self.root(phrase)].append(phrase)
        return found


def _inner(phrase: str) -> tuple[str, ...]:
    """The two phrases one word shorter inside `phrase` (none for a pair or a joined run)."""
    words = phrase.split()
    if not MIN_WORDS < len(words) <= MAX_WORDS:
        return ()
    return " ".join(words[1:]), " ".join(words[:-1])


def _merged(found: _Found) -> list[list[str]]:
    """The phrases of `found` grouped into themes. Each phrase meets only the phrases with
    its very reflections and the two one word shorter inside it, so this is linear.

    1. Phrases with the same reflections join, and so does a phrase with a shorter one inside
       it when it holds more than half of that one's reflections.
    2. A group whose phrases extend a phrase of a larger group joins that group; if they
       extend several, only the largest, so one phrase cannot bridge two different themes.
    3. Groups behind exactly the same reflections are one.
    """
    groups = _Groups(found)
    first_with: dict[frozenset[str], str] = {}
    for phrase, rs in found.items():
        groups.join(phrase, first_with.setdefault(frozenset(r.id for r in rs), phrase))
        for inner in _inner(phrase):
            held = found.get(inner)
            if held is not None and len(rs) * 2 > len(held):
                groups.join(phrase, inner)
    strong = groups.groups()
    behind = {root: {r.id for p in group for r in found[p]} for root, group in strong.items()}

    def size(root: str) -> tuple[int, str]:
        return len(behind[root]), root

    extends = _Groups(strong)
    for root, group in strong.items():
        larger = {groups.root(inner) for p in group for inner in _inner(p) if inner in found}
        target = max((t for t in larger if size(t) > size(root)), key=size, default=None)
        if target is not None:
            extends.join(root, target)
    same: dict[frozenset[str], list[str]] = {}
    for roots in extends.groups().values():
        phrases = [p for root in roots for p in strong[root]]
        ids = frozenset(rid for root in roots for rid in behind[root])
        same.setdefault(ids, []).extend(phrases)
    return list(same.values())


def _runs(found: _Found, segments: dict[str, tuple[tuple[str, ...], ...]]) -> _Found:
    """Sentences the team repeats whole, longer than the five words a phrase may have.

    Such a sentence shows as overlapping five-word phrases with the same reflections. Walking
    each sentence, consecutive windows that are such phrases form a run; the run is a phrase of
    its own if it stands, whole and inside one sentence, in every one of those reflections (its
    pieces then have its reflections and merge into it).
    """
    longest = {p: frozenset(r.id for r in rs) for p, rs in found.items()
               if len(p.split()) == MAX_WORDS}  # fmt: skip
    if not longest:
        return {}
    runs: dict[str, tuple[frozenset[str], str]] = {}
    walked: set[tuple[str, ...]] = set()
    for segmented in segments.values():
        for words in segmented:
            if len(words) <= MAX_WORDS or words in walked:
                continue  # a sentence the team repeats yields the same runs every time
            walked.add(words)
            i = 0
            while i + MAX_WORDS <= len(words):
                first = " ".join(words[i : i + MAX_WORDS])
                ids = longest.get(first)
                if ids is None:
                    i += 1
                    continue
                j = i + 1
                while j + MAX_WORDS <= len(words):
                    if longest.get(" ".join(words[j : j + MAX_WORDS])) != ids:
                        break
                    j += 1
                if j > i + 1:
                    runs.setdefault(" ".join(words[i : j - 1 + MAX_WORDS]), (ids, first))
                i = j
    texts: dict[str, str] = {}

    def text_of(rid: str) -> str:
        """The reflection's sentences in one string, " | " between them so no run crosses."""
        if rid not in texts:
            texts[rid] = " " + " | ".join(" ".join(words) for words in segments[rid]) + " "
        return texts[rid]

    return {
        run: found[first]
        for run, (ids, first) in runs.items()
        if all(f" {run} " in text_of(rid) for rid in ids)
    }
