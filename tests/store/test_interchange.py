"""The interchange validator: every field round-trips, every bad input is refused by name."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store import ValidationError, reflection_from_dict, reflection_to_dict
from store.records.interchange import FIELDS, shown
from tests.factories import full_record


def test_every_field_round_trips() -> None:
    record = full_record()
    out = reflection_to_dict(reflection_from_dict(record))
    assert list(out) == list(FIELDS)
    stamps = {"created_at": None, "updated_at": None, "schema_version": 2}
    assert out == record | stamps


def test_defaults_fill_what_is_absent() -> None:
    minimal = {"client": "Acme", "conversation_at": "2026-10-01"}
    r = reflection_from_dict(minimal, default_member="Jo")
    assert (r.member, r.type.value, r.channel.value, r.outcome.value) == (
        "Jo", "other", "call", "in_progress",
    )  # fmt: skip
    assert r.cost_absorbed is None and r.action_items == () and len(r.id) == 36


def test_amount_is_exact_and_quantised_to_the_currency() -> None:
    cost = {"amount": Decimal("0.1"), "currency": "usd", "kind": "credit"}
    r = reflection_from_dict(full_record(cost_absorbed=cost))
    assert r.cost_absorbed is not None
    assert r.cost_absorbed.amount == Decimal("0.10") and r.cost_absorbed.currency == "USD"
    yen = reflection_from_dict(full_record(cost_absorbed={"amount": 1500, "currency": "JPY"}))
    assert reflection_to_dict(yen)["cost_absorbed"]["amount"] == "1500"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"frobnicate": 1}, 'frobnicate: unknown field'),
        ({"client": "  "}, "client: must not be empty"),
        ({"client": 42}, "client: must be text, got 42"),
        ({"conversation_at": "yesterday"},
         'conversation_at: must be an ISO 8601 date or datetime, got "yesterday"'),
        ({"issue_noticed_at": "2026-13-01"},
         'issue_noticed_at: must be an ISO 8601 date or datetime, got "2026-13-01"'),
        ({"type": "rant"}, 'type: must be one of missed_deadline | complaint | scope_change'),
        ({"channel": "fax"}, 'channel: must be one of call | video'),
        ({"outcome": "won"}, "outcome: must be one of resolved"),
        ({"mood_before": 6}, "mood_before: must be a whole number from 1 to 5, got 6"),
        ({"mood_after": 0}, "mood_after: must be a whole number from 1 to 5, got 0"),
        ({"mood_after": "3"}, 'mood_after: must be a whole number from 1 to 5, got "3"'),
        ({"mood_after": True}, "mood_after: must be a whole number from 1 to 5, got true"),
        ({"follow_up_on": "2026-10-28T10:00"},
         'follow_up_on: must be an ISO date (YYYY-MM-DD), got "2026-10-28T10:00"'),
        ({"id": "not-a-uuid"}, 'id: must be a UUID, got "not-a-uuid"'),
        ({"participants": "Priya"}, 'participants: must be a list of text, got "Priya"'),
        ({"tags": ["x" * 41]}, "tags[0]: must be at most 40 characters"),
        ({"structure": {"acknowledged": "yes"}},
         'structure.acknowledged: must be true or false, got "yes"'),
        ({"structure": {"apologised": True}}, "structure.apologised: unknown field"),
        ({"cost_absorbed": {"amount": "lots", "currency": "USD"}},
         'cost_absorbed.amount: must be a non-negative number, got "lots"'),
        ({"cost_absorbed": {"amount": "-5", "currency": "USD"}},
         'cost_absorbed.amount: must be a non-negative number, got "-5"'),
        ({"cost_absorbed": {"amount": "NaN", "currency": "USD"}},
         'cost_absorbed.amount: must be a non-negative number, got "NaN"'),
        ({"cost_absorbed": {"amount": "1.234", "currency": "USD"}},
         'cost_absorbed.amount: USD allows at most 2 decimal places, got "1.234"'),
        ({"cost_absorbed": {"amount": "10", "currency": "ZZZ"}},
         'cost_absorbed.currency: must be an ISO 4217 currency code, got "ZZZ"'),
        ({"cost_absorbed": {"amount": "10"}}, "cost_absorbed.currency: is required"),
        ({"cost_absorbed": {"amount": "10", "currency": "EUR", "kind": "bribe"}},
         'cost_absorbed.kind: must be one of rush_fee'),
        ({"cost_absorbed": "450"}, 'cost_absorbed: must be an object, got "450"'),
        ({"action_items": [{"text": ""}]}, "action_items[0].text: must not be empty"),
        ({"action_items": [{"text": "x", "party": "them"}]},
         'action_items[0].party: must be one of us | client, got "them"'),
        ({"action_items": [{"text": "x", "due": "soon"}]},
         'action_items[0].due: must be an ISO date (YYYY-MM-DD), got "soon"'),
        ({"action_items": [{"text": "x", "colour": "red"}]},
         "action_items[0].colour: unknown field"),
        ({"schema_version": 99}, "schema_version: must be a whole number from 1 to 2, got 99"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_by_field(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        reflection_from_dict(full_record(**change))
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_missing_required_fields_are_named() -> None:
    for key in ("client", "conversation_at"):
        record = full_record()
        del record[key]
        with pytest.raises(ValidationError, match=f"^{key}: is required"):
            reflection_from_dict(record)


def test_error_located_at_a_line() -> None:
    error = ValidationError("cost_absorbed.amount", 'must be a non-negative number, got "lots"')
    assert str(error.at("line 7")) == (
        'line 7: cost_absorbed.amount: must be a non-negative number, got "lots"'
    )


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)  # fmt: skip
_field_values = st.fixed_dictionaries(
    {},
    optional=dict.fromkeys(FIELDS, _json)
    | {"cost_absorbed": st.fixed_dictionaries({}, optional={
        "amount": _json | st.decimals(),
        "currency": st.sampled_from(["EUR", "usd", "XXQ", ""]) | _json,
        "kind": _json, "note": _json})},
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(_field_values, st.dictionaries(st.text(max_size=6), _json, max_size=2))
def test_fuzzed_input_is_either_valid_or_a_one_line_field_error(
    fields: dict[str, Any], extra: dict[str, Any]
) -> None:
    data = full_record() | fields | extra
    try:
        r = reflection_from_dict(data, default_member="Fuzz")
    except ValidationError as error:
        text = str(error)
        assert text and "\n" not in text and "Traceback" not in text
        named = {shown(key)[1:-1] for key in data} | {"member"}
        assert error.field == "" or any(
            error.field == key or error.field.startswith((f"{key}.", f"{key}[")) for key in named
        )
        return
    # Whatever was accepted writes out as JSON and reads back to the same record.
    again = reflection_from_dict(json.loads(json.dumps(reflection_to_dict(r))))
    assert again == r


def test_unknown_field_with_a_newline_stays_on_one_line() -> None:
    with pytest.raises(ValidationError) as caught:
        reflection_from_dict(full_record(**{"bad\nkey": 1}))
    assert str(caught.value) == "bad\\nkey: unknown field"


# --- hostile and doubtful values (issue 15): one line naming the field, or a documented rule ---

_COST = {"currency": "EUR"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        # Amounts: plain ASCII digits, no sign, no exponent, below a quadrillion.
        (
            {"cost_absorbed": _COST | {"amount": "1E+30"}},
            "cost_absorbed.amount: must be a non-negative number",
        ),
        (
            {"cost_absorbed": _COST | {"amount": Decimal("1E+400")}},
            "cost_absorbed.amount: must be a non-negative number",
        ),
        (
            {"cost_absorbed": _COST | {"amount": 10**26}},
            "cost_absorbed.amount: must have at most 15 digits",
        ),
        (
            {"cost_absorbed": _COST | {"amount": 10**5000}},
            "cost_absorbed.amount: must have at most 15 digits",
        ),
        (
            {"cost_absorbed": _COST | {"amount": "9" * 5000}},
            "cost_absorbed.amount: must have at most 15 digits",
        ),
        (
            {"cost_absorbed": _COST | {"amount": "1000000000000000"}},
            "cost_absorbed.amount: must have at most 15 digits",
        ),
        (
            {"cost_absorbed": _COST | {"amount": "-0"}},
            'cost_absorbed.amount: must be a non-negative number, got "-0"',
        ),
        (
            {"cost_absorbed": _COST | {"amount": -0.0}},
            "cost_absorbed.amount: must be a non-negative number",
        ),
        (
            {"cost_absorbed": _COST | {"amount": "+5"}},
            "cost_absorbed.amount: must be a non-negative number",
        ),
        (
            {"cost_absorbed": _COST | {"amount": "1_000"}},
            'cost_absorbed.amount: must be a non-negative number, got "1_000"',
        ),
        (
            {"cost_absorbed": _COST | {"amount": "١٢٣"}},
            "cost_absorbed.amount: must be a non-negative number",
        ),
        (
            {"cost_absorbed": _COST | {"amount": "\uff11\uff12"}},
            "cost_absorbed.amount: must be a non-negative number",
        ),
        (
            {"cost_absorbed": _COST | {"amount": "Infinity"}},
            "cost_absorbed.amount: must be a non-negative number",
        ),
        # Dates and times: years 1900 to 2999, also once an offset is applied.
        (
            {"created_at": "0001-01-01T00:00:00+01:00"},
            "created_at: must fall between the years 1900 and 2999",
        ),
        (
            {"updated_at": "9999-12-31T23:59:59-01:00"},
            "updated_at: must fall between the years 1900 and 2999",
        ),
        (
            {"conversation_at": "1900-01-01T00:30:00+01:00"},
            "conversation_at: must fall between the years",
        ),
        (
            {"conversation_at": "2999-12-31T23:30:00-01:00"},
            "conversation_at: must fall between the years",
        ),
        ({"conversation_at": "0001-01-01"}, "conversation_at: must fall between the years"),
        ({"issue_noticed_at": "1899-12-31"}, "issue_noticed_at: must fall between the years"),
        ({"follow_up_on": "3000-01-01"}, "follow_up_on: must fall between the years"),
        (
            {"action_items": [{"text": "x", "due": "9999-12-31"}]},
            "action_items[0].due: must fall between the years",
        ),
        # Control characters (newline and tab allowed in free text) and lone surrogates.
        (
            {"client": "Acme\x1b[2J"},
            "client: must not contain a line break or control character (U+001B)",
        ),
        (
            {"member": "Dana\x00"},
            "member: must not contain a line break or control character (U+0000)",
        ),
        (
            {"participants": ["Priya\nRaman"]},
            "participants[0]: must not contain a line break or control character (U+000A)",
        ),
        (
            {"tags": ["q4\x7f"]},
            "tags[0]: must not contain a line break or control character (U+007F)",
        ),
        ({"what_worked": "ok\x07"}, "what_worked: must not contain a control character (U+0007)"),
        (
            {"what_to_change": "\x1b]52;c;aGk=\x07"},
            "what_to_change: must not contain a control character (U+001B)",
        ),
        (
            {"yes_we_owned": "csi \x9b2J"},
            "yes_we_owned: must not contain a control character (U+009B)",
        ),
        (
            {"and_client_contribution": "half \ud800"},
            "and_client_contribution: must not contain a control character (U+D800)",
        ),
        (
            {"cost_absorbed": _COST | {"amount": "1", "note": "\x08"}},
            "cost_absorbed.note: must not contain a control character",
        ),
        (
            {"action_items": [{"text": "x", "owner": "Kim\tLee"}]},
            "action_items[0].owner: must not contain a line break",
        ),
        (
            {"action_items": [{"text": "send\x1b"}]},
            "action_items[0].text: must not contain a control character",
        ),
        # Length limits: names 200 characters, free text 1,000,000.
        ({"client": "A" * 201}, "client: must be at most 200 characters (got 201)"),
        ({"client": "A" * 10_000_000}, "client: must be at most 200 characters (got 10,000,000)"),
        ({"what_worked": "w" * 1_000_001}, "what_worked: must be at most 1,000,000 characters"),
        # Practice ids: each a UUID, in a list, never in both lists.
        ({"practices_used": [None]}, "practices_used[0]: must be a UUID"),
        ({"practices_missed": [7]}, "practices_missed[0]: must be a UUID"),
        ({"practices_used": "called early"}, "practices_used: must be a list of practice ids"),
    ],
    ids=lambda value: None if isinstance(value, dict) else value.split(":")[0],
)
def test_hostile_values_are_refused_on_one_line_naming_the_field(
    change: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        reflection_from_dict(full_record(**change))
    text = str(caught.value)
    assert text.startswith(message)
    assert "\n" not in text and len(text) < 300
    assert not any(
        ord(c) < 32 or 0x7F <= ord(c) <= 0x9F or 0xD800 <= ord(c) <= 0xDFFF for c in text
    )


@pytest.mark.parametrize(
    ("change", "field", "stored"),
    [
        ({"cost_absorbed": _COST | {"amount": " 0012.50 "}}, "cost_absorbed.amount", "12.50"),
        (
            {"cost_absorbed": _COST | {"amount": "999999999999999.99"}},
            "cost_absorbed.amount",
            "999999999999999.99",
        ),
        ({"cost_absorbed": _COST | {"amount": "0"}}, "cost_absorbed.amount", "0.00"),
        (
            {"what_worked": "line one\r\nline two\rthree\tend"},
            "what_worked",
            "line one\nline two\nthree\tend",
        ),
        ({"client": " Café Noir "}, "client", "Café Noir"),
        ({"client": "A" * 200}, "client", "A" * 200),
        ({"conversation_at": "1900-01-01"}, "conversation_at", "1900-01-01"),
        (
            {"conversation_at": "2999-12-31T23:59:00+00:00"},
            "conversation_at",
            "2999-12-31T23:59:00+00:00",
        ),
        ({"created_at": "2026-10-01T10:00:00"}, "created_at", "2026-10-01T10:00:00+00:00"),
    ],
)
def test_doubtful_values_that_are_accepted_are_stored_as_documented(
    change: dict[str, Any], field: str, stored: str
) -> None:
    out = reflection_to_dict(reflection_from_dict(full_record(**change)))
    name, _, part = field.partition(".")
    assert (out[name][part] if part else out[name]) == stored
