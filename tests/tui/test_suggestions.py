"""Names and tags suggested from what the team already wrote, most recent first."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from store import Store
from tests.factories import make_reflection
from tests.tui.pilot_tools import burst
from tests.tui.test_form import SIZE, form_app
from tui.suggestions import NameSuggester, team_vocabulary


def test_the_vocabulary_keeps_the_latest_spelling_first() -> None:
    newest_first = [
        make_reflection(client="acme retail", participants=["priya", "Sam Ortiz"], tags=["Q4"],
                        member="Dana", action_items=[{"text": "x", "owner": "Lee"}]),
        make_reflection(client="Acme Retail", participants=["Priya"], tags=["q4", "deadline"],
                        member="Kim"),
    ]  # fmt: skip
    words = team_vocabulary(newest_first)
    assert words.clients == ("acme retail",)
    assert words.people == ("priya", "Sam Ortiz", "Lee", "Dana", "Dana Lee", "Kim")
    assert words.tags == ("Q4", "deadline")


async def test_a_name_is_completed_ignoring_case() -> None:
    one = NameSuggester(["Priya", "Pieter de Graaf", "Sam"])
    assert await one.get_suggestion("PI") == "Pieter de Graaf"
    assert await one.get_suggestion("pr") == "Priya"
    assert await one.get_suggestion("Priya") is None  # nothing left to add
    several = NameSuggester(["Priya", "Sam", "Sean"], several=True)
    assert await several.get_suggestion("Sam, pr") == "Sam, Priya"
    assert await several.get_suggestion("Sam,s") == "Sam,Sean"  # Sam is there already
    assert await several.get_suggestion("Sam, ") is None


async def test_the_form_suggests_people_and_tags(seeded_store: Store, tmp_path: Path) -> None:
    app = form_app(seeded_store, tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, "n", list("ini"))
        await burst(pilot, "right", "tab", "tab", "tab", "tab", "tab", "tab", list("Dana, pr"))
        await burst(pilot, "right")  # take the suggestion
        screen = app.screen
        assert screen.query_one("#client", Input).value == "Initech"
        # Not "Priya (Acme, head of marketing)", used last: its comma would split it in two.
        assert screen.query_one("#participants", Input).value == "Dana, Priya"
        screen.query_one("#tags").focus()
        await burst(pilot, list("Q4"))
        await burst(pilot, "right", "ctrl+n", list("Follow up"), "tab", list("sam"))
        await burst(pilot, "right", "ctrl+s")
    r = next(r for r in seeded_store.all() if r.client == "Initech" and r.participants[0] == "Dana")
    assert r.participants == ("Dana", "Priya")
    assert r.tags == ("q4-launch",)
    assert [(i.text, i.owner) for i in r.action_items] == [("Follow up", "Sam Ortiz")]
