"""First run: who you are (as teammates will see it) and the currency you usually work in."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, Label

from store.currencies import CURRENCIES
from tui.config import Config


class FirstRunScreen(Screen[Config]):
    """Dismisses with the chosen Config; the caller saves it."""

    BINDINGS = [Binding("ctrl+s", "done", "Save", priority=True)]

    def __init__(self, suggested_name: str, currency: str = "USD") -> None:
        super().__init__()
        self.suggested_name = suggested_name
        self.currency = currency

    def compose(self) -> ComposeResult:
        with Vertical(id="first-run"):
            yield Label("Welcome to aftercall", classes="section-title")
            yield Label("Your name, as teammates will see it on your reflections:")
            yield Input(self.suggested_name, id="first-name")
            yield Label("The currency you usually absorb costs in (ISO code, e.g. EUR):")
            yield Input(self.currency, id="first-currency", max_length=3)
            yield Label("", id="first-error")
            yield Button("Start", variant="primary", id="first-done")

    @on(Input.Submitted)
    @on(Button.Pressed, "#first-done")
    def action_done(self) -> None:
        name = self.query_one("#first-name", Input).value.strip()
        currency = self.query_one("#first-currency", Input).value.strip().upper()
        error = self.query_one("#first-error", Label)
        if not name:
            error.update("name: who should teammates see?")
            self.query_one("#first-name", Input).focus()
        elif currency not in CURRENCIES:
            error.update(f'currency: "{currency}" is not an ISO 4217 code')
            self.query_one("#first-currency", Input).focus()
        else:
            self.dismiss(Config(member=name, currency=currency))
