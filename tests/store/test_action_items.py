"""Listing action items across the team: filters, lateness as of a date, ordering."""

from __future__ import annotations

from datetime import date

from store import Party
from store.insights.action_items import ActionFilter, action_rows
from tests.factories import make_reflection

AS_OF = date(2026, 10, 25)


def _items(*specs: tuple[str, str, str | None, str | None]) -> list[dict]:
    return [
        {"id": f"00000000-0000-4000-8000-{i:012d}", "text": text, "owner": owner,
         "party": party, "due": due, "done_on": None}
        for i, (text, owner, party, due) in enumerate(specs, start=1)
    ]  # fmt: skip


def _records():
    first = make_reflection(
        id="10000000-0000-4000-8000-000000000001", client="Acme",
        action_items=_items(("Send plan", "Dana", "us", "2026-10-20"),
                            ("Name an approver", "Priya", "client", "2026-10-30"),
                            ("Undated", "Dana", "us", None)),
    )  # fmt: skip
    second = make_reflection(
        id="10000000-0000-4000-8000-000000000002", client="Globex",
        action_items=_items(("Share assets", "Kim", "client", "2026-10-01")),
    )  # fmt: skip
    return [first, second]


def test_open_items_most_overdue_first_undated_last() -> None:
    rows = action_rows(_records(), AS_OF)
    assert [r.item.text for r in rows] == ["Share assets", "Send plan", "Name an approver",
                                          "Undated"]  # fmt: skip
    assert [r.days_late(AS_OF) for r in rows] == [24, 5, 0, 0]


def test_filters() -> None:
    overdue = action_rows(_records(), AS_OF, ActionFilter(overdue_only=True))
    assert [r.item.text for r in overdue] == ["Share assets", "Send plan"]
    clients = action_rows(_records(), AS_OF, ActionFilter(party=Party.CLIENT))
    assert {r.client for r in clients} == {"Acme", "Globex"}
    danas = action_rows(_records(), AS_OF, ActionFilter(owner="dana"))
    assert [r.item.text for r in danas] == ["Send plan", "Undated"]


def test_done_items_are_not_late_and_listed_only_on_request() -> None:
    records = [make_reflection()]  # one item done, one open (due 2026-10-21)
    assert [r.item.text for r in action_rows(records, AS_OF)] == ["Name a single approver"]
    every = action_rows(records, AS_OF, ActionFilter(open_only=False))
    assert [r.days_late(AS_OF) for r in every] == [0, 4]
