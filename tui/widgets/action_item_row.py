"""One action item in the form: what, who, whose side, by when, whether it is done, and whether
it is internal (ours only: kept out of the client recap)."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import var
from textual.suggester import Suggester
from textual.widgets import Button, Checkbox, Input, Select

from store import Party
from tui.widgets.date_input import Clock, DateInput
from tui.widgets.steady_input import SteadyInput
from tui.widgets.titled_select import TitledSelect

PARTIES = [("us", Party.US.value), ("client", Party.CLIENT.value)]


class ActionItemRow(Horizontal):
    """Holds the raw values of one item; the form reads them with `values()`."""

    DEFAULT_CSS = """
    ActionItemRow { height: auto; }
    ActionItemRow .item-text { width: 3fr; }
    ActionItemRow .item-owner { width: 1fr; min-width: 12; }
    ActionItemRow .item-party { width: 14; }
    ActionItemRow .item-due { width: 1fr; min-width: 16; }
    ActionItemRow .item-done { width: 12; margin-top: 1; }
    ActionItemRow .item-internal { width: 16; margin-top: 1; }
    ActionItemRow .item-remove { width: 5; min-width: 5; margin-top: 1; }
    """

    class RemoveRequested(Message):
        """The user asked to remove this row; the form decides and removes it."""

        def __init__(self, row: ActionItemRow) -> None:
            super().__init__()
            self.row = row

    def __init__(self, values: dict[str, Any] | None = None, *, clock: Clock) -> None:
        super().__init__()
        self._initial = values or {}
        self.clock = clock
        """The app's clock, for reading due dates typed in words."""
        self.item_id: str | None = self._initial.get("id")
        self.done_on: str | None = self._initial.get("done_on")
        self.removed = False
        """Set by the form as it removes the row, so the row's last changes are not read."""

    owner_suggester: var[Suggester | None] = var(None, init=False)
    """Completes the owner's name; set by the form once the team's names are loaded."""

    def watch_owner_suggester(self, suggester: Suggester | None) -> None:
        if self.is_mounted:
            self.query_one(".item-owner", Input).suggester = suggester

    def compose(self) -> ComposeResult:
        v = self._initial
        text = SteadyInput(
            str(v.get("text", "")), placeholder="What needs doing", classes="item-text"
        )
        text.border_title = "Action item"
        yield text
        owner = SteadyInput(str(v.get("owner", "")), placeholder="Name", classes="item-owner",
                      suggester=self.owner_suggester)  # fmt: skip
        owner.border_title = "Owner"
        yield owner
        party = TitledSelect(PARTIES, value=v.get("party") or Party.US.value,
                             allow_blank=False, classes="item-party")  # fmt: skip
        party.border_title = "Whose"
        yield party
        due = DateInput(str(v.get("due", "")), clock=self.clock, direction="future",
                        day_only=True, placeholder="fri, in 2 weeks",
                        classes="item-due")  # fmt: skip
        due.border_title = "Due"
        yield due
        yield Checkbox("Done", bool(v.get("done")), classes="item-done")
        yield Checkbox("Internal", bool(v.get("internal")), classes="item-internal",
                       tooltip="Ours only: left out of the recap sent to the client")  # fmt: skip
        yield Button("✕", classes="item-remove", tooltip="Remove this item", compact=True)

    def values(self) -> dict[str, Any]:
        done = self.query_one(".item-done", Checkbox).value
        return {
            "id": self.item_id,
            "text": self.query_one(".item-text", Input).value,
            "owner": self.query_one(".item-owner", Input).value,
            "party": self.query_one(".item-party", Select).value,
            "due": self.query_one(".item-due", DateInput).normalized,
            "done": done,
            "done_on": self.done_on if done else None,
            "internal": self.query_one(".item-internal", Checkbox).value,
        }

    @on(Button.Pressed, ".item-remove")
    def remove_me(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.RemoveRequested(self))
