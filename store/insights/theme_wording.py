"""How a theme reads: the words the team wrote for a counted phrase, and the sentences behind it.

A phrase is counted as content words ("send agenda day"); people read the span the team wrote,
from its first content word to its last ("send the agenda the day"), plus the short function
words that complete it ("before", "after", "up", "it", ...: `TRAILING`), so a stop word never
cuts its end: "send the agenda the day before". Names are masked here as in the counting, and a
name inside a wording reads "them": "called them before they called us".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from store.insights.theme_words import WORDS, normal_words, sentences
from store.records.models import Reflection

TRAILING = frozenset(
    "before after up out down off over back again away ahead through together it them us first "
    "too once".split()
)
"""Function words that may end a wording (at most `TRAILING_MOST` of them in a row)."""
TRAILING_MOST = 2
EXCERPT_CHARS = 160
"""The longest excerpt quoted under a theme; a longer sentence is cut around the phrase."""


@dataclass(frozen=True, slots=True)
class Excerpt:
    """A sentence behind a theme, as written (names and all: it quotes the reflection)."""

    reflection_id: str
    member: str
    client: str
    text: str


_Token = tuple[str, int, int, str, str]
"""(normal form, "" for a stop word; start; end; lower case; case-folded if capitalised else "")"""


_Piece = tuple[tuple[_Token, ...], frozenset[str]]
_Located = tuple[int, str, tuple[_Token, ...], frozenset[str]]
"""A sentence of a text: where it starts, its text, its words (each where it stands in the
sentence) and its normal words as a set (so a sentence without the phrase is passed over at C
speed)."""


@lru_cache(maxsize=16_384)
def located_piece(piece: str) -> _Piece | None:
    """The words of one sentence as the counting reads them (a word repeated in a row is read
    once), or None if it has none. Cached: a team repeats its sentences more than its texts."""
    tokens: list[_Token] = []
    previous = ""
    for match in WORDS.finditer(piece):
        word = match.group()
        lower = word.lower()
        if lower == previous:
            continue
        previous = lower
        capital = word.casefold().split("'")[0] if word[0].isupper() else ""
        tokens.append((normal_words[lower], match.start(), match.end(), lower, capital))
    return (tuple(tokens), frozenset(t[0] for t in tokens)) if tokens else None


@lru_cache(maxsize=4_096)
def located(text: str) -> tuple[_Located, ...]:
    """Each sentence of `text` that has words (see `_Located`)."""
    found = []
    start = 0
    for piece in sentences(text):
        read = located_piece(piece)
        if read is not None:
            found.append((start, piece, *read))
        start += len(piece) + 1  # the break after it
    return tuple(found)


@lru_cache(maxsize=16_384)
def content_of(sentence: str, names: frozenset[str]) -> tuple[tuple[int, ...], str]:
    """The indexes of a sentence's content words, names masked, and those words in their normal
    form between spaces (" send agenda day "): what a phrase is looked for in."""
    read = located_piece(sentence)
    tokens = read[0] if read is not None else ()
    content = tuple(at for at, t in enumerate(tokens) if t[0] and not (t[4] and t[4] in names))
    return content, " " + " ".join(tokens[at][0] for at in content) + " "


def _spans(
    phrase: str, text: str, names: frozenset[str]
) -> Iterable[tuple[int, str, tuple[_Token, ...], int, int]]:
    """Where `phrase` is written in `text`: (where its sentence starts in `text`, the sentence,
    its words, the first word's index, the last word's index), trailing words kept. A name
    counts as a stop word, as in the counting."""
    words = phrase.split()
    size = len(words)
    needle = f" {phrase} "
    wanted = frozenset(words)
    for start, sentence, tokens, normals in located(text):
        if not wanted <= normals:
            continue
        content, written = content_of(sentence, names)
        found = written.find(needle)
        if found < 0:
            continue
        first = written.count(" ", 0, found + 1) - 1  # words before the match
        last = content[first + size - 1]
        for _ in range(TRAILING_MOST):
            after = last + 1
            if after < len(tokens) and not tokens[after][0] and tokens[after][3] in TRAILING:
                last = after
            else:
                break
        yield start, sentence, tokens, content[first], last


def _written(text: str, tokens: tuple[_Token, ...], first: int, last: int,
             names: frozenset[str]) -> str:  # fmt: skip
    """The words from `first` to `last` as written, each name inside them said as "them" (or
    "their" for "Claire's"): a wording is the team's habit, not one client's story."""
    out: list[str] = []
    at = tokens[first][1]
    in_name = False
    for token in tokens[first : last + 1]:
        if not (token[4] and token[4] in names):
            in_name = False
            continue
        possessive = "their" if token[3].endswith("'s") else "them"
        if in_name and not text[at : token[1]].strip():
            out[-1] = possessive  # "Claire Dubois's": one name
        else:
            out += [text[at : token[1]], possessive]
        at, in_name = token[2], True
    out.append(text[at : tokens[last][2]])
    return " ".join("".join(out).split())


def wording(phrase: str, texts: Iterable[str], names: frozenset[str] = frozenset()) -> str:
    """How `phrase` (a normal form) was written in `texts`: the most common original span.

    Stop words inside the span stay ("flag the risk the day we see it"), a name inside it reads
    "them" ("called them before they called us"); ties go to the form that starts in lower case
    (mid-sentence), then alphabetically. Falls back to `phrase`.
    """
    forms: Counter[str] = Counter()
    for text in texts:
        spans = _spans(phrase, text, names)
        forms.update({_written(sentence, tokens, first, last, names)
                      for _, sentence, tokens, first, last in spans})  # fmt: skip
    if not forms:
        return phrase
    return min(forms, key=lambda f: (-forms[f], not f[:1].islower(), f))


def excerpts(
    phrase: str,
    reflections: Iterable[Reflection],
    text_of: Callable[[Reflection], str],
    names: frozenset[str] = frozenset(),
    most: int = 2,
) -> tuple[Excerpt, ...]:
    """Up to `most` sentences holding `phrase`, each from a different member, in the order of
    `reflections`."""
    chosen: list[Excerpt] = []
    members: set[str] = set()
    for r in reflections:
        if r.member in members:
            continue
        text = text_of(r)
        for at, _, tokens, first, last in _spans(phrase, text, names):
            start, end = at + tokens[first][1], at + tokens[last][2]
            chosen.append(Excerpt(r.id, r.member, r.client, _sentence_around(text, start, end)))
            members.add(r.member)
            break
        if len(chosen) == most:
            break
    return tuple(chosen)


_FULL_STOP = re.compile(r"[.!?;\n]")
_BULLETS = frozenset("-*+\u2022\u2013\u2014 \t")


def _sentence_around(text: str, start: int, end: int) -> str:
    """The whole sentence of `text` holding [start, end), commas and all, cut to length."""
    begin = max((m.end() for m in _FULL_STOP.finditer(text, 0, start)), default=0)
    while begin < start and text[begin] in _BULLETS:
        begin += 1  # a list the member typed: the quote starts at the words
    stop = _FULL_STOP.search(text, end)
    sentence = text[begin : stop.start() if stop else len(text)]
    return _cut(sentence, start - begin, end - begin)


def _cut(piece: str, start: int, end: int) -> str:
    """The sentence, or a window of it around [start, end) no longer than `EXCERPT_CHARS`,
    cut at spaces, with "…" where it was cut."""
    whole = " ".join(piece.split())
    if len(whole) <= EXCERPT_CHARS:
        return whole
    room = max(0, EXCERPT_CHARS - (end - start))
    left = max(0, start - room // 3)
    right = min(len(piece), end + room - (start - left))
    lead, body, tail = piece[left:start], piece[start:end], piece[end:right]
    if left > 0:
        lead = "…" + (lead.split(" ", 1)[1] if " " in lead else "")
    if right < len(piece):
        tail = (tail.rsplit(" ", 1)[0] if " " in tail else "") + "…"
    return " ".join((lead + body + tail).split())
