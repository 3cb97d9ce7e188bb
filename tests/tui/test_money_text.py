"""Money typed as people type it, read exactly or refused with the reason."""

from __future__ import annotations

import pytest

from store import ValidationError
from tui.money_text import Money, read_money


@pytest.mark.parametrize(
    ("typed", "currency", "expected"),
    [
        ("1250.50", "EUR", Money("1250.50", "EUR")),
        ("1,250.50", "EUR", Money("1250.50", "EUR")),
        ("450,50", "EUR", Money("450.50", "EUR")),
        ("1.250,50", "EUR", Money("1250.50", "EUR")),
        ("1 250,50", "EUR", Money("1250.50", "EUR")),
        ("1'250.50", "CHF", Money("1250.50", "CHF")),
        ("1,250", "EUR", Money("1250", "EUR")),
        ("12,500,000", "EUR", Money("12500000", "EUR")),
        ("1.250.000", "EUR", Money("1250000", "EUR")),
        ("€300", "GBP", Money("300", "EUR")),
        ("300 €", "USD", Money("300", "EUR")),
        ("£1,200.00", "EUR", Money("1200.00", "GBP")),
        ("300 GBP", "EUR", Money("300", "GBP")),
        ("usd 45", "EUR", Money("45", "USD")),
        ("$45", "EUR", Money("45", "USD")),
        ("$45", "CAD", Money("45", "CAD")),
        ("¥5000", "EUR", Money("5000", "JPY")),
        ("0,5", "EUR", Money("0.5", "EUR")),
        ("12.345", "EUR", Money("12.345", "EUR")),  # the validator says: at most 2 decimals
    ],
)
def test_reads_amounts_as_typed(typed: str, currency: str, expected: Money) -> None:
    assert read_money(typed, currency) == expected


@pytest.mark.parametrize(
    ("typed", "currency", "message"),
    [
        ("1e30", "EUR", "write the amount in digits, got '1e30'"),
        ("-5", "EUR", "must not be negative, got '-5'"),
        ("-€5", "EUR", "must not be negative, got '-€5'"),
        ("lots", "EUR", "cannot read 'lots' as an amount; type it like 1250.50, 1,250.50 or "
         "1.250,50"),
        ("1,25,0", "EUR", "cannot read '1,25,0' as an amount; type it like 1250.50, 1,250.50 or "
         "1.250,50"),
        ("300 XYZ", "EUR", "XYZ is not a currency code I know, in '300 XYZ'"),
        ("1,250", "KWD", "'1,250' could be a thousand or a decimal; write 1250 or 1.250"),
        ("9" * 13, "EUR", "is too large (13 digits before the point)"),
    ],
)  # fmt: skip
def test_says_what_is_wrong(typed: str, currency: str, message: str) -> None:
    with pytest.raises(ValidationError) as raised:
        read_money(typed, currency)
    assert (raised.value.field, raised.value.message) == ("cost_absorbed.amount", message)
