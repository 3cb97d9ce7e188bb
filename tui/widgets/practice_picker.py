"""A quick multi-pick of the team's practices, beside "what worked" and "what to change".

It lists the active practices that apply to the conversation's type, in the team's order. What
is ticked always stays listed, whatever the type becomes: a retired practice an old reflection
names, or one added on a teammate's device that this device has not synced yet, is shown and
kept, never dropped on the way through an edit.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.widgets import SelectionList
from textual.widgets.selection_list import Selection

from store import ConversationType
from store.records import Vocabulary


class PracticePicker(SelectionList[str]):
    """Space or enter ticks the highlighted practice; `picked` is what is ticked, in list order."""

    def __init__(self, vocabulary: Vocabulary, kind: ConversationType, picked: Sequence[str],
                 *, title: str, id: str) -> None:  # fmt: skip
        self._vocabulary = vocabulary
        self._kind = kind
        super().__init__(*self._selections(kind, picked), id=id, classes="practice-picker")
        self.border_title = title

    @property
    def listed(self) -> list[str]:
        """The practice ids shown, in order."""
        return [self.get_option_at_index(n).value for n in range(self.option_count)]

    @property
    def picked(self) -> list[str]:
        ticked = set(self.selected)
        return [pid for pid in self.listed if pid in ticked]

    def _selections(self, kind: ConversationType, picked: Sequence[str]) -> list[Selection[str]]:
        known = self._vocabulary.practices
        ticked = set(picked)
        shown = [p for p in self._vocabulary.ordered()
                 if p.id in ticked or (not p.retired and p.applies_to(kind))]  # fmt: skip
        selections = [
            Selection(p.wording + (" (retired)" if p.retired else ""), p.id, p.id in ticked)
            for p in shown
        ]
        selections += [
            Selection(f"a practice not synced here yet ({pid[:8]})", pid, True)
            for pid in dict.fromkeys(picked)
            if pid not in known
        ]
        return selections

    def show_kind(self, kind: ConversationType) -> None:
        """List the practices for `kind`, keeping every tick and the highlighted practice."""
        if kind != self._kind:
            self._kind = kind
            self._relist()

    def use(self, vocabulary: Vocabulary) -> None:
        """List the practices as `vocabulary` has them (a sync may have brought new ones)."""
        if vocabulary != self._vocabulary:
            self._vocabulary = vocabulary
            self._relist()

    def _relist(self) -> None:
        kind = self._kind
        highlighted = self.highlighted
        at = self.listed[highlighted] if highlighted is not None else None
        picked = self.picked
        with self.prevent(SelectionList.SelectedChanged):
            self.clear_options()
            self.add_options(self._selections(kind, picked))
        listed = self.listed
        if at in listed:
            self.highlighted = listed.index(at)

    def tick_off(self, ids: Sequence[str]) -> None:
        """Untick `ids` (a practice is either used or missed, never both)."""
        for pid in ids:
            if pid in self._selected:
                self.deselect(pid)
