"""The keys panel (f1 or ?): the same key closes it, and so does escape."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

_PANEL = "HelpPanel"
"""Found by its type's name: importing Textual's HelpPanel imports its Markdown widget and
markdown-it, which the first screen does not need."""


class KeysPanel(App[None]):
    """An App whose f1 / ? open and close the keys panel, and whose escape closes it first.

    The app binds f1 and ? to `toggle_keys` itself, so "Keys" stays last in the footer.
    """

    BINDINGS = [
        # Priority, so escape closes the panel before a screen's own escape (leave the form)
        # sees it; with no panel open `check_action` turns it off and escape goes on as usual.
        Binding("escape", "close_keys", "Close keys", show=False, priority=True),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "close_keys":
            return bool(self.screen.query(_PANEL))
        return super().check_action(action, parameters)

    def action_toggle_keys(self) -> None:
        if self.screen.query(_PANEL):
            self.action_close_keys()
        else:
            self.action_show_help_panel()
            self.refresh_bindings()

    def action_close_keys(self) -> None:
        self.action_hide_help_panel()
        self.refresh_bindings()
