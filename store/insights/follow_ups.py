"""When a follow-up is still owed: the one rule home, the learnings and the digest share.

A follow-up is settled when it is marked done (`follow_up_done`), or once a later conversation
with the same client (names compared case-folded) is recorded: that conversation was the
follow-up, or replaced it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date

from store.records.models import Reflection


class LatestConversations:
    """The day of the latest conversation with each client, built once for many questions."""

    def __init__(
        self,
        records: Iterable[Reflection],
        also: Mapping[str, date] | None = None,
        key: Callable[[str], str] = str.casefold,
    ) -> None:
        """`also`: the latest day per client (as spelled) of records summarised, not decoded
        (`store.insights.file_index`). `key`: what makes two client names one client (case by
        default; `ClientDirectory.key` folds aliases too)."""
        self._key = key
        self._latest: dict[str, date] = {}
        days = [(r.client, r.conversation_date) for r in records] + list((also or {}).items())
        for client, day in days:
            name = key(client)
            if self._latest.get(name, day) <= day:
                self._latest[name] = day

    def covered_later(self, r: Reflection) -> bool:
        """A later conversation with `r`'s client is recorded."""
        return self.after(r.client, r.conversation_date)

    def after(self, client: str, day: date) -> bool:
        """A conversation with `client` later than `day` is recorded."""
        return self._latest.get(self._key(client), day) > day

    def follow_up_open(self, r: Reflection) -> bool:
        """`r` asks for a follow-up that is neither marked done nor covered by a later call."""
        return r.follow_up_on is not None and r.follow_up_done is None and not self.covered_later(r)

    def upcoming(self, records: Iterable[Reflection], day: date) -> list[date]:
        """The days of follow-ups in `records` still owed and falling on or after `day`."""
        return [
            on
            for r in records
            if (on := r.follow_up_on) is not None and on >= day and self.follow_up_open(r)
        ]
