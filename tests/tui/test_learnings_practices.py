"""The learnings tabs a lead acts on (practices, accounts at risk, drivers, next month, the trend)
against `aftercall learnings --format json` on the example team store, and adopting a theme as a
practice from the Themes tab, at typing speed."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from textual.widgets import DataTable, Input, Label, Static, TabbedContent

from store import Store
from store.storage.practice_events import read_events
from tests.tui.example_store import SIZE, demo_app
from tests.tui.pilot_tools import Notices, burst, settle
from tui.cli import main
from tui.cli.demo import DEMO_MEMBER
from tui.screens.adopt_practice_dialog import AdoptPracticeDialog
from tui.screens.learnings_screen import LearningsScreen
from tui.widgets.trend_lines import TrendLines


def learnings_json(store: Store, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    capsys.readouterr()  # whatever was written before
    code = main(["--store", str(store.root), "--member", DEMO_MEMBER, "learnings",
                 "--period", "2026-10", "--as-of", "2026-10-31", "--format", "json"])  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


def _rate(r: dict[str, Any]) -> str:
    return "-" if r["rate"] is None else f"{r['rate']:.0%} ({r['resolved']} of {r['total']})"


def _cells(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(n)] for n in range(table.row_count)]


def _text(screen: LearningsScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def _day(iso: str | None) -> str:
    if iso is None:
        return "-"
    day = date.fromisoformat(iso)
    return f"{day.day} {day:%b %Y}"


async def _learnings(pilot: Any) -> LearningsScreen:
    await settle(pilot)
    await pilot.press("l")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, LearningsScreen)
    assert _text(screen, "#period-title").startswith("October 2026")
    return screen


def _adopted(store: Store) -> list[Any]:
    return [e for e in read_events(store.root).events if "adopted_from" in e.fields]


async def test_the_new_tabs_show_the_json_figures(demo_store: Store, capsys) -> None:
    data = learnings_json(demo_store, capsys)
    app = demo_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _learnings(pilot)

        practices = _cells(screen.query_one("#practices", DataTable))
        assert data["practices"] and len(practices) == len(data["practices"])
        for row, p in zip(practices, data["practices"], strict=True):
            assert p["wording"].startswith(row[0].rstrip("…"))
            assert row[1:6] == [str(p["used"]), str(p["missed"]), str(len(p["members"])),
                                _rate(p["outcome_used"]), _rate(p["outcome_not_used"])]  # fmt: skip

        accounts = _cells(screen.query_one("#accounts", DataTable))
        assert data["accounts_at_risk"] and len(accounts) == len(data["accounts_at_risk"])
        for row, a in zip(accounts, data["accounts_at_risk"], strict=True):
            cost = ", ".join(f"{c} {v}" for c, v in a["cost_absorbed"].items()) or "-"
            assert row[:7] == [
                a["client"], a["health"], f"{a['mood_before'] or '-'} → {a['mood_after'] or '-'}",
                f"{a['overdue']['us']} / {a['overdue']['client']}", cost,
                a["repeated_ask"] or "-", _day(a["next_follow_up"]),
            ]  # fmt: skip
            assert row[7].split(", ") == [o.replace("_", " ") for o in a["outcomes"]]
        first = data["accounts_at_risk"][0]
        assert _text(screen, "#account-why") == (
            f"{first['client']}, {first['health']}: {'; '.join(first['reasons'])}"
        )

        d = data["outcome_drivers"]
        assert _cells(screen.query_one("#drivers-structure", DataTable)) == [
            ["All four parts covered", _rate(d["all_four"])],
            ["Not all four", _rate(d["not_all_four"])],
        ]
        assert _cells(screen.query_one("#drivers-parts", DataTable)) == [
            [p["part"], str(p["skipped"]), _rate(p["with"]), _rate(p["without"])]
            for p in d["parts"]
        ]
        assert _cells(screen.query_one("#drivers-lag", DataTable)) == [
            [bucket, _rate(r)] for bucket, r in d["by_lag"].items()
        ]
        assert f"skips most: {d['parts'][0]['part']}" in _text(screen, "#drivers-skipped")

        plan = _text(screen, "#next-month")
        assert len(data["next_month"]) == 3
        for n, c in enumerate(data["next_month"], start=1):
            assert f"{n}. {c['text']}\n   Owner: {c['owner']}   Evidence: {c['evidence']}" in plan

        lines = [str(s.render()) for s in screen.query_one(TrendLines).query(Static)]
        points = data["trend"][next(n for n, p in enumerate(data["trend"]) if p["reflections"]) :]
        start, end = (_day(points[i]["start"]).split(" ", 1)[1] for i in (0, -1))
        reflections, all_four = lines[0].split(), lines[1].split()
        assert reflections[0] == "Reflections" and " ".join(reflections[1:3]) == start
        assert (reflections[3], reflections[5]) == (str(points[0]["reflections"]),
                                                    str(points[-1]["reflections"]))  # fmt: skip
        assert len(reflections[4]) == len(points) and " ".join(reflections[6:]) == end
        assert (all_four[5], all_four[7]) == (f"{points[0]['all_four']:.0%}",
                                              f"{points[-1]['all_four']:.0%}")  # fmt: skip


async def test_a_burst_adopts_a_theme_once_and_the_practices_tab_lists_it(
    demo_store: Store, capsys
) -> None:
    notices = Notices()
    app = demo_app(demo_store)
    async with app.run_test(size=SIZE, message_hook=notices) as pilot:
        screen = await _learnings(pilot)
        field, theme = screen._themes[0]
        assert field == "worked"
        await burst(pilot, "p", "enter", "p", "enter")
        adopted = _adopted(demo_store)
        assert [e.fields["adopted_from"] for e in adopted] == [theme.phrase]
        assert adopted[0].fields["wording"] == theme.shown and adopted[0].fields["types"] == []
        assert notices.said(f"Adopted “{theme.shown}” as a practice")
        assert notices.said("already a practice")
        assert not isinstance(app.screen, AdoptPracticeDialog)
        practices = _cells(screen.query_one("#practices", DataTable))
        row = next(r for r in practices if theme.shown.startswith(r[0].rstrip("…")))
        assert row[6] == "★ 31 Oct 2026"
    # The JSON says the same of it (asked once the app is closed: it holds stdout while it runs).
    data = learnings_json(demo_store, capsys)
    (entry,) = [p for p in data["practices"] if p["adopted_from"] == theme.phrase]
    assert entry["wording"] == theme.shown


async def test_adopting_with_types_and_edited_wording(demo_store: Store) -> None:
    app = demo_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _learnings(pilot)
        _, theme = screen._themes[1]
        wording = list("Plan the date with names")
        await burst(pilot, "tab", "tab", "down", "p", "ctrl+u", wording, "tab",
                    "space", "down", "space", "enter")  # fmt: skip
        (event,) = _adopted(demo_store)
        assert event.fields == {"wording": "Plan the date with names",
                                "types": ["missed_deadline", "complaint"], "retired": False,
                                "adopted_from": theme.phrase}  # fmt: skip


async def test_escape_cancels_without_writing(demo_store: Store) -> None:
    app = demo_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _learnings(pilot)
        await burst(pilot, "p", list("more words"), "escape")
        assert app.screen is screen
        assert _adopted(demo_store) == []


async def test_bad_wording_names_the_field_and_writes_nothing(demo_store: Store) -> None:
    app = demo_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await _learnings(pilot)
        await burst(pilot, "p", "ctrl+u", "enter")
        dialog = app.screen
        assert isinstance(dialog, AdoptPracticeDialog)
        assert str(dialog.query_one("#adopt-error", Label).render()) == (
            "wording: must be non-empty text"
        )
        dialog.query_one("#adopt-wording", Input).value = "x" * 201
        await burst(pilot, "enter")
        assert str(dialog.query_one("#adopt-error", Label).render()) == (
            "wording: must be at most 200 characters"
        )
        # Another practice's wording is refused too.
        dialog.query_one("#adopt-wording", Input).value = "Called before they called us"
        await burst(pilot, "enter")
        assert str(dialog.query_one("#adopt-error", Label).render()).startswith("wording: ")
        assert app.screen is dialog
        await burst(pilot, "escape")
        assert _adopted(demo_store) == []


async def test_p_belongs_to_themes_and_client_themes_are_not_practices(demo_store: Store) -> None:
    notices = Notices()
    app = demo_app(demo_store)
    async with app.run_test(size=SIZE, message_hook=notices) as pilot:
        screen = await _learnings(pilot)
        tabs = screen.query_one(TabbedContent)
        tabs.active = "tab-practices"
        await burst(pilot, "p")
        assert app.screen is screen and not notices.shown
        tabs.active = "tab-themes"
        await settle(pilot)
        client_row = next(n for n, (field, _) in enumerate(screen._themes) if field == "client")
        screen.query_one("#themes", DataTable).move_cursor(row=client_row)
        await burst(pilot, "p")
        assert app.screen is screen and notices.said("A client's theme")
        assert _adopted(demo_store) == []
