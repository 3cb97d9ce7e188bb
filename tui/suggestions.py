"""Suggestions from what the team already wrote: clients, people and tags, most recent first.

The learnings and the filters group by these names, so "Priya" and "priya " must not become
two people. Each field suggests the spelling the team used last; the fields that hold several
comma-separated names complete the one being typed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass

from textual.suggester import Suggester

from store import Reflection, Store


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """What the team has written so far, each name once, the most recently used first."""

    clients: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    """Who led or joined the calls, action item owners and the members themselves."""
    tags: tuple[str, ...] = ()


def team_vocabulary(newest_first: Iterable[Reflection]) -> Vocabulary:
    """The vocabulary of `newest_first` (the store's own order: newest conversation first);
    the spelling used most recently wins."""
    clients: dict[str, str] = {}
    people: dict[str, str] = {}
    tags: dict[str, str] = {}
    for r in newest_first:
        clients.setdefault(r.client.casefold(), r.client)
        for name in (*r.participants, *(i.owner for i in r.action_items if i.owner), r.member):
            people.setdefault(name.casefold(), name)
        for tag in r.tags:
            tags.setdefault(tag.casefold(), tag)
    return Vocabulary(tuple(clients.values()), tuple(people.values()), tuple(tags.values()))


class KeptVocabulary:
    """The team's vocabulary, worked out once per state of the store: every form asks for it,
    and at 100k reflections it costs about 0.4 s of the GIL while the user types."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._kept: tuple[object, Vocabulary] | None = None
        self._working = threading.Lock()

    def __call__(self) -> Vocabulary:
        """Safe from any thread; a second caller waits for the first instead of working it
        out again beside it (two threads at it slow the typing twice as much)."""
        with self._working:
            snapshot = self._store.snapshot()
            kept = self._kept
            if kept is not None and kept[0] is snapshot:
                return kept[1]
            vocabulary = team_vocabulary(self._store.query())
            self._kept = (snapshot, vocabulary)
            return vocabulary


class NameSuggester(Suggester):
    """Completes a name from `names` (in order: the first match wins), ignoring case.

    With `several`, the value is a comma-separated list and the name after the last comma is
    completed; names already in the list, or holding a comma, are not suggested. The
    suggestion keeps what was typed before that name as typed, and the name in the team's
    spelling.
    """

    def __init__(self, names: Iterable[str], *, several: bool = False) -> None:
        # Case-sensitive to Textual, so the value arrives as typed; matching folds case here.
        super().__init__(case_sensitive=True)
        # In a comma-separated field a name holding a comma would come back as two names.
        self.names = tuple(n for n in names if not (several and "," in n))
        self._folded = tuple(name.casefold() for name in self.names)
        self.several = several

    async def get_suggestion(self, value: str) -> str | None:
        head, comma, last = value.rpartition(",") if self.several else ("", "", value)
        typed = last.lstrip()
        if not typed:
            return None
        taken = {part.strip().casefold() for part in head.split(",")} if self.several else set()
        wanted = typed.casefold()
        for name, folded in zip(self.names, self._folded, strict=True):
            if folded.startswith(wanted) and folded != wanted and folded not in taken:
                return f"{head}{comma}{last[: len(last) - len(typed)]}{name}"
        return None
