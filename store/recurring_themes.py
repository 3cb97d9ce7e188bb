"""Phrases that recur across reflections: what the team keeps learning, or keeps asking clients.

Text is normalised (case, punctuation, stop words, simple plurals) and cut into phrases of two to
five words within a sentence. A phrase counts once per reflection and needs at least two
reflections to be a theme. A phrase that only ever appears inside a longer theme (in the same
reflections) is dropped in its favour, so a sentence the team keeps repeating shows once, whole.
Ordering is deterministic: most reflections first, longer phrases first, then alphabetical.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from store.models import Reflection

MIN_REFLECTIONS = 2
MIN_WORDS, MAX_WORDS = 2, 5
_SENTENCES = re.compile(r"[.;:!?()\[\]\n\"]+|,\s")
_WORDS = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it its
    itself just let me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them themselves
    then there these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours yourself yourselves us one two get got
    still already really much many every next last""".split()
)


@dataclass(frozen=True, slots=True)
class Theme:
    phrase: str
    count: int
    """Reflections that mention it."""
    members: tuple[str, ...]
    clients: tuple[str, ...]
    reflection_ids: tuple[str, ...]


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def phrases(text: str) -> set[str]:
    """The normalised phrases of two to five words in `text`."""
    found: set[str] = set()
    for sentence in _SENTENCES.split(text.lower()):
        words = [
            _singular(word.split("'")[0])
            for word in _WORDS.findall(sentence)
            if word not in STOP_WORDS and word.split("'")[0] not in STOP_WORDS
        ]
        for size in range(MIN_WORDS, MAX_WORDS + 1):
            for i in range(len(words) - size + 1):
                found.add(" ".join(words[i : i + size]))
    return found


def find_themes(
    reflections: Iterable[Reflection],
    text_of: Callable[[Reflection], str],
    *,
    limit: int | None = None,
) -> list[Theme]:
    """Recurring phrases in `text_of(r)` across `reflections`."""
    seen: dict[str, list[Reflection]] = defaultdict(list)
    for r in reflections:
        for phrase in phrases(text_of(r)):
            seen[phrase].append(r)
    recurring = {p: rs for p, rs in seen.items() if len(rs) >= MIN_REFLECTIONS}
    covering = _covering(recurring)
    kept = {
        p: rs
        for p, rs in recurring.items()
        if frozenset(r.id for r in rs) not in covering.get(p, ())
    }
    kept = _join_runs(kept)
    themes = [
        Theme(
            phrase=phrase,
            count=len(rs),
            members=tuple(sorted({r.member for r in rs}, key=str.casefold)),
            clients=tuple(sorted({r.client for r in rs}, key=str.casefold)),
            reflection_ids=tuple(sorted(r.id for r in rs)),
        )
        for phrase, rs in kept.items()
    ]
    themes.sort(key=lambda t: (-t.count, -len(t.phrase.split()), t.phrase))
    return themes[:limit] if limit is not None else themes


def _join_runs(kept: dict[str, list[Reflection]]) -> dict[str, list[Reflection]]:
    """Join longest phrases that overlap word for word in the same reflections ("a b c d e" and
    "b c d e f" become "a b c d e f"): one sentence longer than five words, not a few slices."""
    by_ids: dict[frozenset[str], list[str]] = defaultdict(list)
    for phrase, rs in kept.items():
        by_ids[frozenset(r.id for r in rs)].append(phrase)
    joined: dict[str, list[Reflection]] = {}
    for phrases_here in by_ids.values():
        runs = sorted(phrases_here)
        merged = True
        while merged:
            merged = False
            overlap = MAX_WORDS - 1
            for a in runs:
                tail = a.split()[-overlap:]
                b = next((b for b in runs if b != a and len(b.split()) == MAX_WORDS
                          and len(a.split()) >= MAX_WORDS and b.split()[:overlap] == tail),
                         None)  # fmt: skip
                if b is not None:
                    runs = sorted({*runs, f"{a} {b.split()[-1]}"} - {a, b})
                    merged = True
                    break
        for phrase in runs:
            joined[phrase] = kept[phrase] if phrase in kept else kept[phrases_here[0]]
    return joined


def _covering(recurring: dict[str, list[Reflection]]) -> dict[str, set[frozenset[str]]]:
    """For each phrase, the reflection sets of the recurring phrases one word longer around it.

    A phrase found in exactly such a set adds nothing the longer one does not say. Containment
    chains (a pair inside a five-word theme) resolve through the phrases in between, which
    recur in the same reflections.
    """
    covering: dict[str, set[frozenset[str]]] = defaultdict(set)
    for phrase, rs in recurring.items():
        words = phrase.split()
        if len(words) > MIN_WORDS:
            ids = frozenset(r.id for r in rs)
            covering[" ".join(words[:-1])].add(ids)
            covering[" ".join(words[1:])].add(ids)
    return covering
