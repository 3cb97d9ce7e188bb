"""Phrases that recur across reflections: what the team keeps learning, or keeps asking clients.

Text is normalised (case, punctuation, stop words, simple plurals) and cut into phrases of two to
five words within a sentence. A phrase counts once per reflection and needs at least two
reflections to be a theme. A phrase that only ever appears inside a longer theme (in the same
reflections) is dropped in its favour, so a sentence the team keeps repeating shows once, whole.
Ordering is deterministic: most reflections first, longer phrases first, then alphabetical.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from store.models import Reflection

MIN_REFLECTIONS = 2
MIN_WORDS, MAX_WORDS = 2, 5
_SENTENCES = re.compile(r"[.;:!?()\[\]\n\"]+|,\s")
_WORDS = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it its
    itself just let me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them themselves
    then there these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours yourself yourselves us get got
    still already really much many every next last""".split()
)


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
    """The phrase as the team wrote it ("flag the risk the day we see"), for people to read."""

    @property
    def shown(self) -> str:
        return self.wording or self.phrase


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


class _Words(dict[str, str]):
    """Each word's normal form ("" for a stop word), worked out once per distinct word."""

    def __missing__(self, word: str) -> str:
        base = word.split("'")[0]
        normal = "" if word in STOP_WORDS or base in STOP_WORDS else _singular(base)
        if len(self) < _WORD_MEMO:
            self[word] = normal
        return normal


_WORD_MEMO = 200_000
_normal = _Words()


@lru_cache(maxsize=32_768)
def _sentence(sentence: str) -> tuple[str, ...]:
    normal = _normal
    return tuple(w for w in (normal[word] for word in _WORDS.findall(sentence)) if w)


@lru_cache(maxsize=8_192)
def sentences(text: str) -> tuple[tuple[str, ...], ...]:
    """`text` as normalised words, sentence by sentence (a phrase never crosses a sentence).

    Cached by text: the learnings of one period are computed several times (themes, client
    asks, a screen switching periods) and a team repeats whole sentences more than it thinks.
    """
    return tuple(words for words in map(_sentence, _SENTENCES.split(text.lower())) if words)


@lru_cache(maxsize=16_384)
def _sentence_phrases(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(
        " ".join(words[i : i + size])
        for size in range(MIN_WORDS, MAX_WORDS + 1)
        for i in range(len(words) - size + 1)
    )


def _phrases_of(parsed: tuple[tuple[str, ...], ...]) -> set[str]:
    found: set[str] = set()
    for words in parsed:
        if len(words) >= MIN_WORDS:
            found |= _sentence_phrases(words)
    return found


def phrases(text: str) -> set[str]:
    """The normalised phrases of two to five words in `text`."""
    return _phrases_of(sentences(text))


def clear_caches() -> None:
    """Forget every parse this process has cached (benchmarks measure a cold start with it)."""
    _normal.clear()
    for cached in (_sentence, sentences, _sentence_phrases, _located):
        cached.cache_clear()


def by_name(names: Iterable[str]) -> tuple[str, ...]:
    """Sorted ignoring case, then exactly: the same order in every process."""
    return tuple(sorted(set(names), key=lambda n: (n.casefold(), n)))


def find_themes(
    reflections: Iterable[Reflection],
    text_of: Callable[[Reflection], str],
    *,
    limit: int | None = None,
) -> list[Theme]:
    """Recurring phrases in `text_of(r)` across `reflections`."""
    seen: dict[str, list[Reflection]] = defaultdict(list)
    parsed: dict[str, tuple[tuple[str, ...], ...]] = {}
    for r in reflections:
        parsed[r.id] = sentences(text_of(r))
        for phrase in _phrases_of(parsed[r.id]):
            seen[phrase].append(r)
    recurring = {p: rs for p, rs in seen.items() if len(rs) >= MIN_REFLECTIONS}
    covering = _covering(recurring)
    kept = {
        p: rs
        for p, rs in recurring.items()
        if frozenset(r.id for r in rs) not in covering.get(p, ())
    }
    kept = _join_runs(kept, parsed)
    ranked = sorted(kept.items(), key=lambda kv: (-len(kv[1]), -len(kv[0].split()), kv[0]))
    return [
        Theme(
            phrase=phrase,
            count=len(rs),
            members=by_name(r.member for r in rs),
            clients=by_name(r.client for r in rs),
            reflection_ids=tuple(sorted(r.id for r in rs)),
            wording=wording(phrase, (text_of(r) for r in sorted(rs, key=_by_id)[:WORDING_SAMPLE])),
        )
        for phrase, rs in ranked[:limit]
    ]


def _by_id(r: Reflection) -> str:
    return r.id


WORDING_SAMPLE = 25
"""Reflections read to find how a theme was worded: enough to see the usual form, and cheap."""


def wording(phrase: str, texts: Iterable[str]) -> str:
    """How `phrase` (a normal form) was written in `texts`: the most common original span.

    Stop words inside the span stay ("flag the risk the day we see"); ties go to the form that
    starts in lower case (mid-sentence), then alphabetically. Falls back to `phrase`.
    """
    size = len(phrase.split())
    needle = f" {phrase} "
    forms: Counter[str] = Counter()
    for text in texts:
        found = set()
        for piece, normals, spans in _located(text):
            at = normals.find(needle)
            if at >= 0:
                first = normals.count(" ", 0, at + 1) - 1  # words before the match
                span = piece[spans[first][0] : spans[first + size - 1][1]]
                found.add(" ".join(span.split()))
        forms.update(found)
    if not forms:
        return phrase
    return min(forms, key=lambda f: (-forms[f], not f[:1].islower(), f))


@lru_cache(maxsize=4_096)
def _located(text: str) -> tuple[tuple[str, str, tuple[tuple[int, int], ...]], ...]:
    """Each sentence of `text` with its normal words (" a b c ") and where each word stands."""
    located = []
    for piece in _SENTENCES.split(text):
        tokens = [
            (normal, m.span())
            for m in _WORDS.finditer(piece)
            if (normal := _normal[m.group().lower()])
        ]
        if len(tokens) >= MIN_WORDS:
            normals = " " + " ".join(t[0] for t in tokens) + " "
            located.append((piece, normals, tuple(t[1] for t in tokens)))
    return tuple(located)


def _join_runs(
    kept: dict[str, list[Reflection]], parsed: dict[str, tuple[tuple[str, ...], ...]]
) -> dict[str, list[Reflection]]:
    """Grow the longest phrases back into the whole run the team keeps repeating.

    Five words is the longest phrase counted; a sentence repeated in full shows as overlapping
    five-word phrases with the same reflections. Walking each sentence, consecutive windows that
    are such phrases form a run; the run replaces its pieces only if it stands, whole and inside
    one sentence, in every one of those reflections.
    """
    longest = {p: frozenset(r.id for r in rs) for p, rs in kept.items()
               if len(p.split()) == MAX_WORDS}  # fmt: skip
    runs: dict[str, tuple[frozenset[str], list[str]]] = {}
    walked: set[tuple[str, ...]] = set()
    for words_list in parsed.values():
        for words in words_list:
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
                pieces = [first]
                while j + MAX_WORDS <= len(words):
                    window = " ".join(words[j : j + MAX_WORDS])
                    if longest.get(window) != ids:
                        break
                    pieces.append(window)
                    j += 1
                if len(pieces) > 1:
                    runs.setdefault(" ".join(words[i : j - 1 + MAX_WORDS]), (ids, pieces))
                i = j
    texts: dict[str, str] = {}

    def text_of(rid: str) -> str:
        """The reflection's sentences in one string, " | " between them so no run crosses."""
        if rid not in texts:
            texts[rid] = " " + " | ".join(" ".join(words) for words in parsed[rid]) + " "
        return texts[rid]

    joined = dict(kept)
    for run, (ids, pieces) in sorted(runs.items(), key=lambda kv: (-len(kv[0]), kv[0])):
        padded = f" {run} "
        if all(piece in joined for piece in pieces) and all(padded in text_of(r) for r in ids):
            joined[run] = kept[pieces[0]]
            for piece in set(pieces):
                del joined[piece]
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
