"""ISO 4217 currency codes in circulation, with the number of minor-unit digits each uses."""

from __future__ import annotations

# Codes with a minor-unit exponent other than 2; every other listed code uses 2.
_EXPONENTS: dict[str, int] = {
    "BHD": 3,
    "BIF": 0,
    "CLP": 0,
    "DJF": 0,
    "GNF": 0,
    "IQD": 3,
    "ISK": 0,
    "JOD": 3,
    "JPY": 0,
    "KMF": 0,
    "KRW": 0,
    "KWD": 3,
    "LYD": 3,
    "OMR": 3,
    "PYG": 0,
    "RWF": 0,
    "TND": 3,
    "UGX": 0,
    "UYI": 0,
    "UYW": 4,
    "VND": 0,
    "VUV": 0,
    "XAF": 0,
    "XOF": 0,
    "XPF": 0,
    "CLF": 4,
}

_TWO_DIGIT = """
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP
BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR
FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW
KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN
NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD
SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS
VED VES WST XCD XCG YER ZAR ZMW ZWG
""".split()

CURRENCIES: dict[str, int] = dict.fromkeys(_TWO_DIGIT, 2) | _EXPONENTS
"""Every accepted ISO 4217 code mapped to its minor-unit digits (JPY 0, USD 2, KWD 3)."""


def minor_digits(code: str) -> int:
    """Digits after the decimal point for `code`; raises KeyError for an unknown code."""
    return CURRENCIES[code]
