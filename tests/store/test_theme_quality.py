"""The recurring themes scored against a paraphrased month whose themes are known.

A team lead reads these items as "what the team keeps learning", so each must be a real theme:
not a contact's name, not one member's habit, not a second copy of another item, not a
fragment. `score` also measures how many planted themes are found and how many items are real
(`python -m tests.store.test_theme_quality` prints it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import pytest

from store.insights.learnings import Insights, compute_insights
from store.insights.periods import parse_period
from store.insights.themes import Theme
from tests.paraphrase_month import REPEATED_SENTENCE, REPEATER, Month, paraphrase_month

SEEDS = (17, 18, 19)
FRAGMENTS = ("regional director", "pushed back", "instead of asking", "left without")
"""Wordings that recur across members in the month but say nothing on their own."""


@pytest.fixture(scope="module", params=SEEDS)
def month(request: pytest.FixtureRequest) -> tuple[Month, Insights]:
    generated = paraphrase_month(seed=request.param)
    insights = compute_insights(generated.reflections, parse_period("2026-10"),
                                date(2026, 10, 31))  # fmt: skip
    return generated, insights


def _team_lists(i: Insights) -> dict[str, tuple[Theme, ...]]:
    return {"what_worked": i.themes_worked, "what_to_change": i.themes_change,
            "and_client_contribution": i.themes_client}  # fmt: skip


def _words(text: str) -> set[str]:
    return {w.casefold() for w in re.findall(r"[^\W_]+", text)}


def _name_tokens(month: Month) -> set[str]:
    return {w for name in month.names for w in _words(name) if len(w) >= 2}


def _shown(i: Insights) -> list[str]:
    texts = [t.shown for themes in _team_lists(i).values() for t in themes]
    texts += [t.phrase for themes in _team_lists(i).values() for t in themes]
    texts += [t.shown for t in (*i.solo_worked, *i.solo_change)]
    return texts + [a.shown for a in i.client_asks] + [a.phrase for a in i.client_asks]


def test_no_item_is_or_holds_a_name(month: tuple[Month, Insights]) -> None:
    generated, insights = month
    names = _name_tokens(generated)
    named = [text for text in _shown(insights) if _words(text) & names]
    assert named == []


def test_a_team_theme_has_two_members_and_one_members_habit_is_shown_apart(
    month: tuple[Month, Insights],
) -> None:
    generated, insights = month
    for themes in _team_lists(insights).values():
        assert [t.shown for t in themes if len(t.members) < 2] == []
    habit = [t for t in insights.solo_change if t.members == (REPEATER,)]
    assert habit, "the pasted sentence should show as one member's theme"
    assert habit[0].shown.casefold() == REPEATED_SENTENCE.rstrip(".").casefold()
    assert set(habit[0].reflection_ids) == generated.repeated
    assert all(REPEATED_SENTENCE.rstrip(".").casefold() not in t.shown.casefold()
               for t in insights.themes_change)  # fmt: skip


def _items(insights: Insights) -> Iterable[tuple[str, tuple[Theme, ...]]]:
    yield from _team_lists(insights).items()
    yield "solo_worked", insights.solo_worked
    yield "solo_change", insights.solo_change


def test_no_two_items_cover_the_same_reflections(month: tuple[Month, Insights]) -> None:
    _, insights = month
    for field, themes in _items(insights):
        sets = [frozenset(t.reflection_ids) for t in themes]
        assert len(sets) == len(set(sets)), field
        assert all(t.count == len(t.reflection_ids) for t in themes)


def test_near_duplicates_are_merged(month: tuple[Month, Insights]) -> None:
    """No item's words sit inside another's while they share most of their reflections."""
    _, insights = month
    for field, themes in _items(insights):
        for a in themes:
            for b in themes:
                if a is b or not set(a.phrase.split()) <= set(b.phrase.split()):
                    continue
                shared = len(set(a.reflection_ids) & set(b.reflection_ids))
                smaller = min(a.count, b.count)
                assert shared <= smaller / 2, (field, a.shown, b.shown)


def test_fragments_are_dropped(month: tuple[Month, Insights]) -> None:
    _, insights = month
    shown = {text.casefold() for text in _shown(insights)}
    assert [f for f in FRAGMENTS if f in shown] == []


@dataclass(frozen=True)
class Score:
    planted: int
    found: int
    items: int
    real: int
    asks_planted: int
    asks_found: int
    asks_items: int
    asks_real: int
    most_items: int
    """The most items one planted theme shows as (paraphrases not grouped show apart)."""

    @property
    def recall(self) -> float:
        return self.found / self.planted

    @property
    def precision(self) -> float:
        return self.real / self.items if self.items else 0.0


def _match(ids: Iterable[str], planted: dict[str, set[str]]) -> str | None:
    """The planted theme (or filler detail) that more than half of an item's reflections hold."""
    ids = set(ids)
    best = max(planted, key=lambda t: (len(ids & planted[t]), t), default=None)
    return best if best is not None and len(ids & planted[best]) * 2 > len(ids) else None


def score(month: Month, insights: Insights) -> Score:
    found: set[tuple[str, str]] = set()
    items_found: dict[tuple[str, str], int] = {}
    items = real = 0
    for field, themes in (("what_worked", insights.themes_worked),
                          ("what_to_change", insights.themes_change)):  # fmt: skip
        for theme in themes:
            items += 1
            truth = month.planted[field] | {
                f"noise: {d}": ids for d, ids in month.noise[field].items()
            }
            hit = _match(theme.reflection_ids, truth)
            if hit is not None and hit in month.planted[field]:
                real += 1
                found.add((field, hit))
                items_found[field, hit] = items_found.get((field, hit), 0) + 1
    asks_found: set[str] = set()
    asks_real = 0
    for ask in insights.client_asks:
        planted_ask = month.asks.get(ask.client)
        if planted_ask and _match(ask.reflection_ids, {planted_ask[0]: planted_ask[1]}):
            asks_real += 1
            asks_found.add(ask.client)
    return Score(
        planted=sum(len(themes) for themes in month.planted.values()), found=len(found),
        items=items, real=real, asks_planted=len(month.asks), asks_found=len(asks_found),
        asks_items=len(insights.client_asks), asks_real=asks_real,
        most_items=max(items_found.values(), default=0),
    )  # fmt: skip


def test_most_items_are_planted_themes_and_most_planted_themes_are_found(
    month: tuple[Month, Insights],
) -> None:
    generated, insights = month
    result = score(generated, insights)
    assert result.precision >= 0.6, result
    assert result.recall >= 0.8, result
    assert result.asks_found == result.asks_planted, result


def test_each_clients_ask_is_one_item_whatever_its_wording(month: tuple[Month, Insights]) -> None:
    """Contacts word the same ask differently ("earlier access to the product data", "the
    product data a week earlier"): one item per client, behind the reflections that ask it."""
    generated, insights = month
    for client, (ask, ids) in generated.asks.items():
        listed = [a for a in insights.client_asks if a.client == client]
        assert [_match(a.reflection_ids, {ask: ids}) for a in listed].count(ask) == 1, client


if __name__ == "__main__":
    for seed in SEEDS:
        m = paraphrase_month(seed=seed)
        i = compute_insights(m.reflections, parse_period("2026-10"), date(2026, 10, 31))
        s = score(m, i)
        print(f"seed {seed}: planted themes found {s.found}/{s.planted} "
              f"(recall {s.recall:.0%}), real items {s.real}/{s.items} "
              f"(precision {s.precision:.0%}); asks found {s.asks_found}/{s.asks_planted}, "
              f"real asks {s.asks_real}/{s.asks_items}; "
              f"one theme in up to {s.most_items} items")  # fmt: skip
