"""Recurring themes: normalisation, counting by reflection, two members per team theme, one
member's habit apart, names masked, near-duplicates merged, wordings that end whole, excerpts,
and text so repetitive that anything quadratic would not finish."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from store import Reflection
from store.insights.name_mask import name_tokens
from store.insights.theme_wording import EXCERPT_CHARS
from store.insights.theme_words import SENTENCES, WORDS, sentences
from store.insights.themes import SOLO_MIN, Theme, ThemeSet, find_themes, phrases
from tests.factories import make_reflection, numbered_id


def _r(n: int, text: str, member: str = "", client: str = "Acme", **fields: Any) -> Reflection:
    """Reflection `n`, by Dana (odd n) or Lee (even n) unless `member` says."""
    return make_reflection(id=numbered_id(n), member=member or ("Dana" if n % 2 else "Lee"),
                           client=client, what_worked=text, **fields)  # fmt: skip


def _found(*reflections: Reflection, **options: Any) -> ThemeSet:
    options.setdefault("names", name_tokens(reflections))
    return find_themes(reflections, lambda r: r.what_worked, **options)


def _themes(*reflections: Reflection, **options: Any) -> list[Theme]:
    return list(_found(*reflections, **options).team)


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
    assert themes[0].reflection_ids == (numbered_id(1), numbered_id(2))


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


def test_a_team_theme_needs_two_members_and_one_members_habit_is_shown_apart() -> None:
    pasted = "Send the agenda the day before."
    grace = [_r(n, pasted, member="Grace") for n in range(1, SOLO_MIN + 2)]
    found = _found(*grace, _r(10, "revised plan", member="Grace"),
                   _r(11, "revised plan", member="Grace"))  # fmt: skip
    assert found.team == ()
    (habit,) = found.solo
    assert (habit.members, habit.count, habit.shown) == (
        ("Grace",),
        SOLO_MIN + 1,
        "Send the agenda the day before",
    )
    assert _found(*grace[: SOLO_MIN - 1]).solo == ()  # twice is not yet a habit


def test_one_members_habit_needs_three_words_and_words_of_its_own() -> None:
    grace = [_r(n, "Main point: agreed a single approver.", member="Grace") for n in range(1, 5)]
    found = _found(*grace, _r(5, "A single approver", member="Omar"))
    assert [t.shown for t in found.team] == ["single approver"]
    assert found.solo == ()  # "main point" is style; "agreed single approver" is the team's


def test_names_in_the_records_are_masked_whole_and_by_first_name() -> None:
    people = {"participants": ["Claire Dubois (Northwind, regional director)"]}
    themes = _themes(
        _r(1, "Let Claire Dubois finish before answering.", client="Northwind Foods", **people),
        _r(2, "let Claire finish before answering", client="Northwind Foods"),
        _r(3, "Northwind asked Claire's team for dates; Dubois agreed", client="Halcyon Bank"),
        _r(4, "Northwind asked Claire's team for dates. Dubois agreed"),
    )
    assert [t.shown for t in themes] == ["asked their team for dates", "finish before answering"]
    assert name_tokens([_r(1, "", **people)]) >= {"claire", "dubois", "northwind", "dana"}
    assert "regional" not in name_tokens([_r(1, "", **people)])  # a role is no name


def test_a_name_inside_a_wording_reads_them() -> None:
    people = {"participants": ["Claire Dubois (Northwind, regional director)"]}
    themes = _themes(_r(1, "We called Claire Dubois before they called us.", **people),
                     _r(2, "I called Claire before they called us"),
                     _r(3, "called before they called us"))  # fmt: skip
    assert [(t.phrase, t.shown) for t in themes] == [
        ("called called", "called them before they called us")]  # fmt: skip


def test_a_name_in_lower_case_is_a_word() -> None:
    themes = _themes(_r(1, "gave a week's grace period", member="Grace Hall"),
                     _r(2, "Gave a week's grace period", member="Omar"))  # fmt: skip
    assert [t.shown for t in themes] == ["gave a week's grace period"]


def test_fragments_are_no_theme() -> None:
    texts = (
        "Their regional director pushed back, I left without it, he said it was the first",
        "the regional director pushed back and I left without it; said it was the first",
    )
    assert _themes(_r(1, texts[0]), _r(2, texts[1])) == []


def test_phrases_behind_the_same_reflections_are_one_item() -> None:
    text = "Budget agreed early. Called the printer"
    themes = _themes(_r(1, text), _r(2, text))
    assert len(themes) == 1 and themes[0].reflection_ids == (numbered_id(1), numbered_id(2))


def test_near_duplicates_merge_keeping_the_longest_wording() -> None:
    themes = _themes(
        _r(1, "Sent a written summary the same day."),
        _r(2, "I sent a written summary the same day"),
        _r(3, "A written summary the same day would have helped"),
    )
    assert [(t.shown, t.count) for t in themes] == [("sent a written summary the same day", 3)]


def test_a_broad_theme_takes_in_its_extensions() -> None:
    records = [_r(n, "brought a revised date with names") for n in range(1, 7)]
    records += [_r(n, "brought a revised date with names next to each item") for n in (7, 8)]
    assert [(t.shown, t.count) for t in _themes(*records)] == [
        ("brought a revised date with names", 8)]  # fmt: skip


def test_one_phrase_does_not_bridge_two_themes() -> None:
    records = [_r(n, "single approver") for n in range(1, 6)]
    records += [_r(n, "written summary") for n in range(6, 10)]
    records += [_r(n, "single approver written summary") for n in (10, 11)]
    assert {(t.shown, t.count) for t in _themes(*records)} == {
        ("single approver", 7), ("written summary", 6)}  # fmt: skip


def test_stop_words_do_not_cut_the_end_of_a_wording() -> None:
    themes = _themes(_r(1, "Send the agenda the day before."),
                     _r(2, "send the agenda the day before the call"))  # fmt: skip
    assert [t.shown for t in themes] == ["send the agenda the day before"]


def test_order_is_count_then_members_then_longer_then_alphabetical() -> None:
    themes = _themes(
        _r(1, "budget review. call notes. launch plan agreed"),
        _r(2, "budget review. call notes. launch plan agreed"),
        _r(3, "budget review. call notes"),
        _r(4, "launch plan agreed. budget review"),
    )
    assert _table(themes) == [("budget review", 4), ("launch plan agreed", 3), ("call note", 3)]
    assert _table(_themes(*[_r(n, "budget review. call notes") for n in (1, 2)], limit=1)) == [
        ("budget review", 2)]  # fmt: skip


def test_phrases_stay_within_a_sentence() -> None:
    assert phrases("Budget agreed. Review booked") == {"budget agreed", "review booked"}
    assert phrases("budget agreed, review booked") == {"budget agreed", "review booked"}


_PIECES = ["ab", "Cd", "é", "'", "_", "-", *',.;:!?()[]"', " ", "\n", "\t", "\r", "\u00a0"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=16).map("".join))
@example("ab,\u00a0Cd,\tab, Cd,,\r\nab.. Cd")
def test_sentences_are_cut_where_the_pattern_cuts_them(text: str) -> None:
    """The fast cut finds the regex's sentences, word for word, each where it stands."""
    pieces = sentences(text)
    got = [words for words in map(WORDS.findall, pieces) if words]
    assert got == [words for words in map(WORDS.findall, SENTENCES.split(text)) if words]
    at = 0
    for piece in pieces:
        assert text[at : at + len(piece)] == piece
        at += len(piece) + 1


def test_accented_words_stay_whole() -> None:
    assert phrases("Réunion avec Müller") == {"réunion avec", "avec müller", "réunion avec müller"}


def test_a_repeated_long_sentence_is_one_theme() -> None:
    text = "budget launch timeline approver review credit vendor rush printing brief access"
    assert _table(_themes(_r(1, text), _r(2, text))) == [(text, 2)]


def test_joined_runs_do_not_cross_sentences() -> None:
    text = "alpha beta gamma delta epsilon. beta gamma delta epsilon zeta"
    phrases_found = {t.phrase for t in _themes(_r(1, text), _r(2, text))}
    assert "alpha beta gamma delta epsilon zeta" not in phrases_found


def test_a_theme_quotes_the_reflections_behind_it() -> None:
    long = "We had a long talk about the calendar and " * 5 + "sent the recap the same day"
    themes = _themes(
        _r(1, "Sent the recap the same day, which helped."),
        _r(3, "Sent the recap the same day."),  # Dana again: the second quote is Lee's
        _r(2, long),
    )
    (theme,) = themes
    assert [(e.reflection_id, e.member) for e in theme.excerpts] == [
        (numbered_id(1), "Dana"), (numbered_id(2), "Lee")]  # fmt: skip
    assert theme.excerpts[0].text == "Sent the recap the same day, which helped"
    cut = theme.excerpts[1].text
    assert cut.startswith("…") and cut.endswith("sent the recap the same day")
    assert len(cut) <= EXCERPT_CHARS + 1


def test_a_quote_starts_at_the_words_not_at_a_typed_bullet() -> None:
    (theme,) = _themes(_r(1, "Notes:\n- sent the recap same day\n- more"),
                       _r(2, "* Sent the recap same day."))  # fmt: skip
    assert [e.text for e in theme.excerpts] == ["sent the recap same day",
                                                "Sent the recap same day"]  # fmt: skip


def test_repetitive_text_stays_linear() -> None:
    """A sentence pasted into thousands of reflections, and a word pasted 300 times: code that
    compared every pair of reflections or of phrases would not finish in the suite's time."""
    sentence = ("Next time we confirm the revised launch date in writing with named owners "
                "for every open item before the call ends and share the notes")  # fmt: skip
    word = " ".join(["urgent"] * 300)
    records = [_r(n, f"{sentence}. {word}. {word} deadline") for n in range(1, 3001)]
    assert phrases(word) == set()  # a word pasted in a row counts once: nothing to pair
    (theme,) = _themes(*records)
    assert theme.count == 3000 and len(theme.excerpts) == 2
    assert theme.shown == sentence.replace("Next time we ", "")


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
           member=draw(st.sampled_from(["Dana", "Lee", "Kim"])),
           client=draw(st.sampled_from(["Acme", "Globex"])))
        for n in range(count)
    ]  # fmt: skip


def _mentions(text: str, phrase: str, names: frozenset[str]) -> bool:
    """Whether `text` holds `phrase`; a run joined past five words, window by window."""
    words, found = phrase.split(), phrases(text, names)
    return all(" ".join(words[i : i + 5]) in found for i in range(max(1, len(words) - 4)))


@settings(max_examples=50, deadline=None)
@given(_reflections(), st.randoms(use_true_random=False))
def test_themes_are_exact_and_independent_of_order(
    reflections: list[Reflection], rng: random.Random
) -> None:
    found = _found(*reflections)
    names = name_tokens(reflections)
    by_id = {r.id: r for r in reflections}
    sets = [frozenset(t.reflection_ids) for t in (*found.team, *found.solo)]
    assert len(sets) == len(set(sets))
    for theme in (*found.team, *found.solo):
        ids = set(theme.reflection_ids)
        mentioning = {r.id for r in reflections if _mentions(r.what_worked, theme.phrase, names)}
        assert len(ids) == theme.count >= 2 and theme.reflection_ids == tuple(sorted(ids))
        assert mentioning <= ids  # a merged theme holds every reflection of its wording
        assert theme.members == tuple(sorted({by_id[i].member for i in ids}))
        assert theme.clients == tuple(sorted({by_id[i].client for i in ids}))
        assert {e.reflection_id for e in theme.excerpts} <= mentioning
    assert all(len(t.members) >= 2 for t in found.team)
    assert all(len(t.members) == 1 and t.count >= SOLO_MIN for t in found.solo)
    keys = [(-t.count, -len(t.members), -len(t.phrase.split()), t.phrase) for t in found.team]
    assert keys == sorted(keys)
    shuffled = list(reflections)
    rng.shuffle(shuffled)
    assert _found(*shuffled) == found


def test_a_theme_reads_as_the_team_wrote_it() -> None:
    records = [
        _r(1, "Next time flag the risk the day we see it."),
        _r(2, "We must Flag the risk the day we see it, not later."),
        _r(3, "flag the  risk the day we see it"),
    ]
    (theme,) = _themes(*records)
    assert theme.phrase == "flag risk day see"
    assert theme.wording == "flag the risk the day we see it"  # lower case, spaces tidied, 2:1


def test_one_and_two_carry_meaning() -> None:
    found = _themes(_r(1, "They need one approver."), _r(2, "Please name one approver."))
    assert [t.shown for t in found] == ["one approver"]
