"""First run: who you are (as teammates will see it) and the currency you usually work in."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Static

from store.records import CURRENCIES
from tui.config import Config
from tui.widgets.steady_footer import SteadyFooter
from tui.widgets.steady_input import SteadyInput


class FirstRunScreen(Screen[Config]):
    """Dismisses with the chosen Config; the caller saves it."""

    BINDINGS = [Binding("ctrl+s", "done", "Start", priority=True)]

    def __init__(self, suggested_name: str, currency: str = "USD", saved_in: str = "") -> None:
        super().__init__()
        self.suggested_name = suggested_name
        self.currency = currency
        self.saved_in = saved_in
        """Where the answers will be kept, shown so the user can change them later."""

    def compose(self) -> ComposeResult:
        with Vertical(id="first-run"):
            yield Label("Welcome to aftercall", classes="section-title")
            yield Static("Two questions before your first reflection.", classes="hint")
            name = SteadyInput(self.suggested_name, placeholder="Your name", id="first-name")
            name.border_title = "Your name, as teammates will see it"
            yield name
            currency = SteadyInput(self.currency, placeholder="EUR", id="first-currency",
                                   max_length=3, restrict=r"[A-Za-z]*")  # fmt: skip
            currency.border_title = "Currency costs are usually absorbed in (ISO code)"
            yield currency
            yield Label("", id="first-error")
            yield Button("Start", variant="primary", id="first-done")
            if self.saved_in:
                yield Static(f"Kept in {self.saved_in}", classes="hint", markup=False)
        yield SteadyFooter()

    @on(Input.Submitted)
    @on(Button.Pressed, "#first-done")
    def action_done(self) -> None:
        name = self.query_one("#first-name", Input).value.strip()
        currency = self.query_one("#first-currency", Input).value.strip().upper()
        error = self.query_one("#first-error", Label)
        if not name:
            error.update("Your name: who should teammates see?")
            self.query_one("#first-name", Input).focus()
        elif currency not in CURRENCIES:
            error.update(f'Currency: "{currency}" is not an ISO 4217 code (e.g. EUR, USD, GBP)')
            self.query_one("#first-currency", Input).focus()
        else:
            self.dismiss(Config(member=name, currency=currency))
