"""The interchange validator: every field round-trips, every bad input is refused by name."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store import ValidationError, reflection_from_dict, reflection_to_dict
from store.interchange import FIELDS, shown
from tests.factories import full_record


def test_every_field_round_trips() -> None:
    record = full_record()
    out = reflection_to_dict(reflection_from_dict(record))
    assert list(out) == list(FIELDS)
    stamps = {"created_at": None, "updated_at": None, "schema_version": 1}
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
        ({"schema_version": 99}, "schema_version: must be a whole number from 1 to 1, got 99"),
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
