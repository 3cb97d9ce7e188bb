"""Merging the phrases of recurring themes into themes, in time linear in the phrases found.

See `store.insights.themes` for the rules; here is how they run without comparing all pairs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from store.insights.theme_words import MAX_WORDS, MIN_WORDS, Found, Held


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


def merged(found: Found) -> list[tuple[list[str], frozenset[int]]]:
    """The phrases of `found` grouped into themes, each with the reflections behind any of its
    phrases. Each phrase meets only the phrases with its very reflections and the two one word
    shorter inside it, so this is linear.

    1. Phrases with the same reflections join, and so does a phrase with a shorter one inside
       it when it holds more than half of that one's reflections.
    2. A group whose phrases extend a phrase of a larger group joins that group; if they
       extend several, only the largest, so one phrase cannot bridge two different themes.
    3. Groups behind exactly the same reflections are one.
    """
    groups = _Groups(found)
    first_with: dict[tuple[int, ...], str] = {}
    keys: dict[int, tuple[int, ...]] = {}  # the phrases of one sentence share one list
    for phrase, held in found.items():
        key = keys.get(id(held))
        if key is None:
            key = keys[id(held)] = tuple(held)
        groups.join(phrase, first_with.setdefault(key, phrase))
        for inner in _inner(phrase):
            wider = found.get(inner)
            if wider is not None and len(held) * 2 > len(wider):
                groups.join(phrase, inner)
    strong = groups.groups()
    behind = {root: _union(found[p] for p in group) for root, group in strong.items()}

    def size(root: str) -> tuple[int, str]:
        return len(behind[root]), root

    extends = _Groups(strong)
    for root, group in strong.items():
        larger = {groups.root(inner) for p in group for inner in _inner(p) if inner in found}
        target = max((t for t in larger if size(t) > size(root)), key=size, default=None)
        if target is not None:
            extends.join(root, target)
    same: dict[frozenset[int], list[str]] = {}
    for roots in extends.groups().values():
        phrases = [p for root in roots for p in strong[root]]
        union = frozenset().union(*(behind[root] for root in roots))
        same.setdefault(union, []).extend(phrases)
    return [(phrases, union) for union, phrases in same.items()]


def _union(lists: Iterable[list[int]]) -> set[int]:
    """The positions in any of `lists`, each list object read once (a sentence's phrases share
    one, and a theme of a dense month may hold thousands of reflections)."""
    return set().union(*{id(held): held for held in lists}.values())


def runs(found: Found, having: Held) -> Found:
    """Sentences the team repeats whole, longer than the five words a phrase may have.

    Such a sentence shows as overlapping five-word phrases with the same reflections. Walking
    each distinct sentence once, consecutive windows that are such phrases form a run; the run
    is a phrase of its own if it stands, whole and inside one sentence, in every one of those
    reflections (its pieces then have its reflections and merge into it).
    """
    longest = {p: held for p, held in found.items() if p.count(" ") == MAX_WORDS - 1}
    if not longest:
        return {}
    joined: dict[str, list[int]] = {}  # run -> the reflections of its pieces
    holders: dict[str, set[int]] = defaultdict(set)
    for words, held in having.items():
        if len(words) > MAX_WORDS:
            for run in _runs_of(words, longest, joined):
                holders[run].update(held)
    return {run: held for run, held in joined.items() if len(holders[run]) == len(held)}


def _runs_of(words: tuple[str, ...], longest: Found, runs: dict[str, list[int]]) -> list[str]:
    """The runs in one sentence (each also noted in `runs` with its pieces' reflections)."""
    found = []
    i = 0
    while i + MAX_WORDS <= len(words):
        first = " ".join(words[i : i + MAX_WORDS])
        held = longest.get(first)
        if held is None:
            i += 1
            continue
        j = i + 1
        while j + MAX_WORDS <= len(words):
            if longest.get(" ".join(words[j : j + MAX_WORDS])) != held:
                break
            j += 1
        if j > i + 1:
            run = " ".join(words[i : j - 1 + MAX_WORDS])
            runs.setdefault(run, held)
            found.append(run)
        i = j
    return found
