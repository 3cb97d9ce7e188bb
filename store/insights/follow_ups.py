"""When a follow-up is still owed: the one rule home, the learnings and the digest share.

A follow-up is settled when it is marked done (`follow_up_done`), or once a later conversation
with the same client (names compared case-folded) is recorded: that conversation was the
follow-up, or replaced it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from store.records.models import Reflection


class LatestConversations:
    """The day of the latest conversation with each client, built once for many questions."""

    def __init__(self, records: Iterable[Reflection]) -> None:
        self._latest: dict[str, date] = {}
        for r in records:
            key, day = r.client.casefold(), r.conversation_date
            if self._latest.get(key, day) <= day:
                self._latest[key] = day

    def covered_later(self, r: Reflection) -> bool:
        """A later conversation with `r`'s client is recorded."""
        return self._latest.get(r.client.casefold(), r.conversation_date) > r.conversation_date

    def follow_up_open(self, r: Reflection) -> bool:
        """`r` asks for a follow-up that is neither marked done nor covered by a later call."""
        return r.follow_up_on is not None and r.follow_up_done is None and not self.covered_later(r)
