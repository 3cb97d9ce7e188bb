"""What is due now: the follow-ups and action items home lists."""

from __future__ import annotations

from datetime import date

from store.insights.due import due_now
from tests.factories import backlog, make_reflection

TODAY = date(2026, 10, 31)


def _item(n: int, due: str | None, done_on: str | None = None, party: str = "us") -> dict:
    return {"id": f"5d1b2c3a-0000-4000-8000-00000000010{n}", "text": f"item {n}", "owner": "Kim",
            "party": party, "due": due, "done_on": done_on}  # fmt: skip


def test_due_now_picks_what_needs_doing_by_this_week() -> None:
    items = [_item(1, "2026-10-28"), _item(2, "2026-11-07", party="client"),
             _item(3, "2026-11-08"), _item(4, "2026-10-01", "2026-10-02"),
             _item(5, None)]  # fmt: skip
    records = [
        make_reflection(client="Acme", follow_up_on="2026-10-31", follow_up_done=None,
                        action_items=items),
        # A follow-up marked done is not due, whenever it was due.
        make_reflection(id="0b7f3c1e-2a44-4f0e-9a51-5d7f6c1b2a15", client="Hooli",
                        follow_up_on="2026-10-30", follow_up_done="2026-10-30", action_items=[]),
        make_reflection(id="0b7f3c1e-2a44-4f0e-9a51-5d7f6c1b2a12", client="Globex",
                        follow_up_on="2026-11-01", action_items=[]),
        # An older follow-up with Initech was overtaken by a later conversation with them.
        make_reflection(id="0b7f3c1e-2a44-4f0e-9a51-5d7f6c1b2a13", client="Initech",
                        conversation_at="2026-10-01", follow_up_on="2026-10-05",
                        action_items=[]),
        make_reflection(id="0b7f3c1e-2a44-4f0e-9a51-5d7f6c1b2a14", client="initech",
                        conversation_at="2026-10-20", follow_up_on=None, action_items=[]),
    ]  # fmt: skip
    due = due_now(records, TODAY)
    assert [(d.due.isoformat(), d.what, d.kind, d.client) for d in due.rows] == [
        ("2026-10-28", "item 1", "our item", "Acme"),
        ("2026-10-31", "Follow up with the client", "follow-up", "Acme"),
        ("2026-11-07", "item 2", "client's item", "Acme"),
    ]
    assert due.total == 3


def test_a_long_backlog_shows_the_oldest_first_and_counts_the_rest() -> None:
    due = due_now([backlog(100)], TODAY, limit=5)
    assert [d.what for d in due.rows] == ["item 0", "item 1", "item 2", "item 3", "item 4"]
    assert due.total == 100


def test_due_work_settles_follow_ups_by_the_rule_home_uses() -> None:
    """`aftercall due` and the calendar: a follow-up marked done, or covered by a later call
    with the client under any of its names, is not owed; an open one is."""
    from store.insights import due_entries
    from store.records import EMPTY_DIRECTORY

    records = [
        make_reflection(id="0b7f3c1e-2a44-4f0e-9a51-5d7f6c1b2a21", client="Acme",
                        conversation_at="2026-10-01", follow_up_on="2026-10-20",
                        follow_up_done="2026-10-19", action_items=[]),
        make_reflection(id="0b7f3c1e-2a44-4f0e-9a51-5d7f6c1b2a22", client="Initech",
                        conversation_at="2026-10-01", follow_up_on="2026-11-10",
                        follow_up_done=None, action_items=[]),
        make_reflection(id="0b7f3c1e-2a44-4f0e-9a51-5d7f6c1b2a23", client="INITECH",
                        conversation_at="2026-10-05", follow_up_on=None, action_items=[]),
        make_reflection(id="0b7f3c1e-2a44-4f0e-9a51-5d7f6c1b2a24", client="Globex",
                        conversation_at="2026-10-02", follow_up_on="2026-10-25",
                        follow_up_done=None, action_items=[]),
    ]  # fmt: skip
    entries = due_entries(records, EMPTY_DIRECTORY, TODAY)
    assert [(e.kind, e.client, e.on.isoformat()) for e in entries] == [
        ("follow-up", "Globex", "2026-10-25")
    ]
