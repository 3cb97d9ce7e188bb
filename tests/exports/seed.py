"""A small seeded team for golden digests: two months, three members, costs in two currencies."""

from __future__ import annotations

from store import Reflection
from tests.factories import make_reflection
from tests.store.test_learnings import team


def seeded() -> list[Reflection]:
    extra = make_reflection(
        id="0b7f3c1e-2a44-4f0e-9a51-5d7f6c1b2a11",
        member="Sam Ortiz",
        client="Initech",
        conversation_at="2026-10-22T10:00",
        type="price_increase",
        what_worked="Gave the context for the increase before the number; "
        "Initech's lead thanked us.",
        what_to_change="Send the numbers a day ahead so they can prepare.",
        follow_up_done=None,  # still owed: home and the digest list it
    )
    return [*team(), extra]
