"""The reflection as the detail view and `aftercall show` / `list` print it: words, not codes."""

from __future__ import annotations

from tests.factories import make_reflection
from tui.text_views import reflection_table, reflection_text


def test_a_reflection_reads_in_words() -> None:
    r = make_reflection(outcome="in_progress", channel="in_person")
    text = reflection_text(r)
    assert text.splitlines()[0] == "Acme Retail · missed deadline · 2026-10-14 16:30 · in person"
    assert "outcome   in progress" in text
    assert "temperature 2 · cold → 4 · warm" in text
    assert "Cost absorbed: 1250.50 EUR, rush fee (Rush printing at the second vendor)" in text
    assert "[ ] Name a single approver (Priya, the client's) due 2026-10-21" in text
    assert "_" not in text.replace(r.id, "")


def test_the_list_shows_words() -> None:
    line = reflection_table([make_reflection(outcome="at_risk")]).splitlines()[1]
    assert "missed deadline  at risk" in line and "_" not in line
