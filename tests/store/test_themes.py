"""Recurring themes: normalisation, counting by reflection, sub-phrase suppression and order,
accented words, and runs longer than five words that stay whole and inside one sentence."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store import Reflection
from store.recurring_themes import Theme, find_themes, phrases
from tests.factories import make_reflection


def _r(n: int, text: str, member: str = "Dana", client: str = "Acme") -> Reflection:
    return make_reflection(id=f"00000000-0000-4000-8000-{n:012d}", member=member, client=client,
                           what_worked=text)  # fmt: skip


def _themes(*reflections: Reflection, **options: Any) -> list[Theme]:
    return find_themes(reflections, lambda r: r.what_worked, **options)


def _table(themes: list[Theme]) -> list[tuple[str, int]]:
    return [(t.phrase, t.count) for t in themes]


def test_normalises_case_punctuation_stop_words_and_plurals() -> None:
    themes = _themes(
        _r(1, "Consolidated FEEDBACK from the Approvers!"),
        _r(2, "consolidated feedback — from an approver"),
        _r(3, "We need the consolidated-feedback of approvers."),
    )
    assert _table(themes) == [("consolidated feedback approver", 3)]


@pytest.mark.parametrize(
    ("word", "singular"),
    [("approvers", "approver"), ("deliveries", "delivery"), ("process", "process"),
     ("status", "status"), ("analysis", "analysis"), ("dates", "date"), ("gas", "gas")],
)  # fmt: skip
def test_simple_plurals(word: str, singular: str) -> None:
    assert phrases(f"revised {word}") == {f"revised {singular}"}


def test_counted_by_reflection_not_by_occurrence() -> None:
    themes = _themes(
        _r(1, "Revised plan. Revised plan again. Revised plan once more."),
        _r(2, "A revised plan."),
        _r(3, "Nothing in common here."),
    )
    assert _table(themes) == [("revised plan", 2)]
    assert themes[0].reflection_ids == (_r(1, "").id, _r(2, "").id)


def test_a_theme_needs_two_reflections() -> None:
    assert _themes(_r(1, "revised plan with dates"), _r(2, "spoke first, listened")) == []
    assert _themes(_r(1, "the and of with"), _r(2, "the and of with")) == []
    assert _themes(_r(1, ""), _r(2, "")) == []


def test_names_every_member_and_client_once_sorted() -> None:
    themes = _themes(
        _r(1, "warn them early", member="Lee", client="Globex"),
        _r(2, "warn them early", member="Dana", client="Acme"),
        _r(3, "warn early", member="Lee", client="Acme"),
    )
    assert [(t.phrase, t.members, t.clients) for t in themes] == [
        ("warn early", ("Dana", "Lee"), ("Acme", "Globex"))]  # fmt: skip


def test_a_sub_phrase_in_the_same_reflections_is_dropped() -> None:
    same = _themes(_r(1, "single approver for feedback"), _r(2, "single approver for feedback"))
    assert _table(same) == [("single approver feedback", 2)]
    wider = _themes(
        _r(1, "single approver for feedback"),
        _r(2, "single approver for feedback"),
        _r(3, "a single approver please"),
    )
    assert _table(wider) == [("single approver", 3), ("single approver feedback", 2)]


def test_order_is_count_then_longer_then_alphabetical() -> None:
    themes = _themes(
        _r(1, "budget review. call notes. launch plan agreed"),
        _r(2, "budget review. call notes. launch plan agreed"),
        _r(3, "budget review. call notes"),
    )
    assert _table(themes) == [("budget review", 3), ("call note", 3), ("launch plan agreed", 2)]
    assert _table(_themes(*[_r(n, "budget review. call notes") for n in (1, 2)], limit=1)) == [
        ("budget review", 2)]  # fmt: skip


def test_phrases_stay_within_a_sentence() -> None:
    assert phrases("Budget agreed. Review booked") == {"budget agreed", "review booked"}
    assert phrases("budget agreed, review booked") == {"budget agreed", "review booked"}


def test_accented_words_stay_whole() -> None:
    assert phrases("Réunion avec Müller") == {"réunion avec", "avec müller", "réunion avec müller"}


def test_a_repeated_long_sentence_is_one_theme() -> None:
    text = "budget launch timeline approver review credit vendor rush printing brief access"
    assert _table(_themes(_r(1, text), _r(2, text))) == [(text, 2)]


def test_joined_runs_do_not_cross_sentences() -> None:
    text = "alpha beta gamma delta epsilon. beta gamma delta epsilon zeta"
    phrases_found = {t.phrase for t in _themes(_r(1, text), _r(2, text))}
    assert "alpha beta gamma delta epsilon zeta" not in phrases_found


_SENTENCES = [
    "Brought a revised plan with names and dates.",
    "Warn them early when the timeline slips.",
    "Asked for consolidated feedback from one approver.",
    "Let them speak fully before answering.",
    "Confirmed next steps in writing.",
    "revised plan agreed",
    "",
]


@st.composite
def _reflections(draw: st.DrawFn) -> list[Reflection]:
    count = draw(st.integers(0, 8))
    return [
        _r(n, " ".join(draw(st.lists(st.sampled_from(_SENTENCES), max_size=3))),
           member=draw(st.sampled_from(["Dana", "Lee"])),
           client=draw(st.sampled_from(["Acme", "Globex"])))
        for n in range(count)
    ]  # fmt: skip


def _mentions(text: str, phrase: str) -> bool:
    """Whether `text` holds `phrase`; a run joined past five words, window by window."""
    words, found = phrase.split(), phrases(text)
    return all(" ".join(words[i : i + 5]) in found for i in range(max(1, len(words) - 4)))


@settings(max_examples=50, deadline=None)
@given(_reflections(), st.randoms(use_true_random=False))
def test_themes_are_exact_and_independent_of_order(
    reflections: list[Reflection], rng: random.Random
) -> None:
    themes = _themes(*reflections)
    by_id = {r.id: r for r in reflections}
    for theme in themes:
        mentioning = [r for r in reflections if _mentions(r.what_worked, theme.phrase)]
        assert theme.count == len(theme.reflection_ids) == len(mentioning) >= 2
        assert theme.reflection_ids == tuple(sorted(r.id for r in mentioning))
        assert theme.members == tuple(sorted({by_id[i].member for i in theme.reflection_ids}))
        assert theme.clients == tuple(sorted({by_id[i].client for i in theme.reflection_ids}))
    keys = [(-t.count, -len(t.phrase.split()), t.phrase) for t in themes]
    assert keys == sorted(keys)
    shuffled = list(reflections)
    rng.shuffle(shuffled)
    assert _themes(*shuffled) == themes


def test_a_theme_reads_as_the_team_wrote_it() -> None:
    records = [
        _r(1, "Next time flag the risk the day we see it."),
        _r(2, "We must Flag the risk the day we see it, not later."),
        _r(3, "flag the  risk the day we see it"),
    ]
    (theme,) = _themes(*records)
    assert theme.phrase == "flag risk day see"
    assert theme.wording == "flag the risk the day we see"  # lower case, spaces tidied, wins 2:1


def test_one_and_two_carry_meaning() -> None:
    found = _themes(_r(1, "They need one approver."), _r(2, "Please name one approver."))
    assert [t.shown for t in found] == ["one approver"]
