"""When a follow-up is still owed: the one rule home, the learnings and the digest share.

A follow-up is settled when it is marked done (`follow_up_done`), or once a later conversation
with the same client (names compared case-folded) is recorded: that conversation was the
follow-up, or replaced it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from store.records.models import Reflection


class LatestConversations:
    """The day of the latest conversation with each client, built once for many questions."""

    def __init__(
        self, records: Iterable[Reflection], also: Mapping[str, date] | None = None
    ) -> None:
        """`also`: the latest day per client (as spelled) of records summarised, not decoded
        (`store.insights.file_index`)."""
        self._latest: dict[str, date] = {}
        days = [(r.client, r.conversation_date) for r in records] + list((also or {}).items())
        for client, day in days:
            key = client.casefold()
            if self._latest.get(key, day) <= day:
                self._latest[key] = day

    def covered_later(self, r: Reflection) -> bool:
        """A later conversation with `r`'s client is recorded."""
        return self.after(r.client, r.conversation_date)

    def after(self, client: str, day: date) -> bool:
        """A conversation with `client` later than `day` is recorded."""
        return self._latest.get(client.casefold(), day) > day

    def follow_up_open(self, r: Reflection) -> bool:
        """`r` asks for a follow-up that is neither marked done nor covered by a later call."""
        return r.follow_up_on is not None and r.follow_up_done is None and not self.covered_later(r)
