"""Amounts of money as people type them: `1,250.50`, `450,50`, `1.250,50`, `€300`, `300 GBP`.

The form reads what was typed into a plain decimal string and a currency code for the one
validator the CLI uses too, or refuses it with a message that says exactly what is wrong.
A comma is a decimal comma only where that is the one sensible reading (`450,50`); `1,250`
is a thousand and two hundred and fifty, as a decimal comma it would have three decimals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.records import CURRENCIES, ValidationError

MAX_DIGITS = 12
"""Whole digits an amount may have (a trillion): more is a typo, not goodwill."""
SYMBOLS = {"€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW", "₺": "TRY",
           "₽": "RUB", "₪": "ILS", "₫": "VND", "฿": "THB", "₴": "UAH", "zł": "PLN"}  # fmt: skip
"""Currency symbols that name one currency. `$` names several: see `_DOLLARS`."""
_DOLLARS = ("USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN")
_GROUPING = re.compile(r"[\s'\u2019_\u00a0\u202f]")
_SHAPE = re.compile(r"^\d[\d.,]*$|^[.,]\d+$")
_FIELD = "cost_absorbed.amount"
_HINT = "type it like 1250.50, 1,250.50 or 1.250,50"


@dataclass(frozen=True, slots=True)
class Money:
    amount: str
    """A plain decimal string: digits, at most one `.`."""
    currency: str


def read_money(text: str, currency: str) -> Money:
    """The amount in `text` and its currency (from a symbol or code typed with it, else
    `currency`); raises ValidationError naming cost_absorbed.amount when it cannot be read."""
    rest, named = _currency_of(text.strip())
    chosen = named or currency.strip().upper()
    if named == "$":
        chosen = currency.strip().upper() if currency.strip().upper() in _DOLLARS else "USD"
    number = _GROUPING.sub("", rest)
    if number.startswith(("-", "\u2212")):
        raise ValidationError(_FIELD, f"must not be negative, got {text.strip()!r}")
    if re.fullmatch(r"\d+(\.\d+)?[eE][+-]?\d+", number):
        raise ValidationError(_FIELD, f"write the amount in digits, got {text.strip()!r}")
    if not _SHAPE.match(number):
        raise ValidationError(_FIELD, f"cannot read {text.strip()!r} as an amount; {_HINT}")
    plain = _plain(number, CURRENCIES.get(chosen, 2), text.strip())
    whole = plain.split(".")[0].lstrip("0")
    if len(whole) > MAX_DIGITS:
        raise ValidationError(_FIELD, f"is too large ({len(whole)} digits before the point)")
    return Money(plain, chosen)


def _currency_of(text: str) -> tuple[str, str | None]:
    """`text` without a currency symbol or code at either end, and that currency."""
    for symbol, code in [*SYMBOLS.items(), ("$", "$")]:
        for stripped in (_cut_prefix(text, symbol), _cut_suffix(text, symbol)):
            if stripped is not None:
                return stripped, code
    match = re.fullmatch(r"([A-Za-z]{3})\s*(.*?)|(.*?)\s*([A-Za-z]{3})", text)
    if match and re.search(r"\d", match[2] if match[1] else match[3]):
        code = (match[1] or match[4]).upper()
        rest = match[2] if match[1] else match[3]
        if code not in CURRENCIES:
            raise ValidationError(_FIELD, f"{code} is not a currency code I know, in {text!r}")
        return rest, code
    return text, None


def _cut_prefix(text: str, symbol: str) -> str | None:
    for sign in ("", "-"):  # "-€5" and "€-5" both reach the negative check
        if text.startswith(sign + symbol):
            return sign + text[len(sign + symbol) :].strip()
    return None


def _cut_suffix(text: str, symbol: str) -> str | None:
    return text[: -len(symbol)].strip() if text.endswith(symbol) else None


def _plain(number: str, decimals: int, typed: str) -> str:
    """Decide which mark is the decimal point and drop the thousands separators."""
    commas, dots = number.count(","), number.count(".")
    if commas and dots:
        point = "," if number.rfind(",") > number.rfind(".") else "."
        group = "." if point == "," else ","
        whole, _, fraction = number.rpartition(point)
        if point in whole or not _grouped(whole, group):
            raise ValidationError(_FIELD, f"cannot read {typed!r} as an amount; {_HINT}")
        return f"{whole.replace(group, '')}.{fraction}"
    if commas:
        return _one_mark(number, ",", decimals, typed)
    if dots > 1:
        if not _grouped(number, "."):
            raise ValidationError(_FIELD, f"cannot read {typed!r} as an amount; {_HINT}")
        return number.replace(".", "")
    return number  # at most one dot: a decimal point, as in 12.345 (too many decimals for EUR)


def _one_mark(number: str, mark: str, decimals: int, typed: str) -> str:
    """Commas only: a thousands separator when grouped in threes, else a decimal comma."""
    if number.count(mark) > 1 or len(number.rpartition(mark)[2]) == 3:
        if decimals == 3 and number.count(mark) == 1:
            raise ValidationError(
                _FIELD, f"{typed!r} could be a thousand or a decimal; write 1250 or 1.250"
            )
        if not _grouped(number, mark):
            raise ValidationError(_FIELD, f"cannot read {typed!r} as an amount; {_HINT}")
        return number.replace(mark, "")
    whole, _, fraction = number.partition(mark)
    return f"{whole or '0'}.{fraction}"


def _grouped(number: str, mark: str) -> bool:
    """True for 1,250 or 12,500,000: the first group 1-3 digits, every other exactly three."""
    first, *rest = number.split(mark)
    return 1 <= len(first) <= 3 and all(len(group) == 3 for group in rest)
