"""The client recap carries what was agreed and nothing of the internal reflection."""

from __future__ import annotations

from exports.recap import render_recap
from tests.factories import full_record, make_reflection

INTERNAL = (
    "1250",
    "EUR",
    "Rush printing",
    "rush",
    "Warn them the moment",  # cost, what to change
    "We missed the report deadline",  # yes, we owned
    "four people on three days",  # what the client contributed
    "Named the slip",  # what worked
    "q4-launch",
    "deadline",  # tags
    "mood",
    "temperature",
    "2 ->",
    "4/5",
)


def _shared_items() -> list[dict[str, object]]:
    return [item | {"internal": False} for item in full_record()["action_items"]]


def test_an_internal_action_item_stays_out_of_the_recap() -> None:
    text = render_recap(make_reflection())  # the first item is marked internal
    assert "Send the revised plan" not in text and "On our side" not in text
    assert "- Name a single approver (Priya)" in text


def test_recap_has_the_agreement() -> None:
    text = render_recap(make_reflection(action_items=_shared_items()))
    assert text.startswith("Subject: Follow-up to our conversation on 14 October 2026\n")
    assert (
        "- Send the revised plan (Dana Lee), by 16 October 2026. Done on 15 October 2026." in text
    )
    assert "On your side:\n- Name a single approver (Priya), by 21 October 2026." in text
    assert "**" not in text and "\\" not in text  # plain text: no Markdown, no escapes
    assert "We will check in with you on 28 October 2026" in text
    assert text.rstrip().endswith("Best regards,\nDana Lee")


def test_no_internal_field_leaks() -> None:
    text = render_recap(make_reflection()).lower()
    leaked = [snippet for snippet in INTERNAL if snippet.lower() in text]
    assert leaked == []


def test_action_text_reads_as_typed() -> None:
    items = [{"text": "Ship *v2* [final] #1\nto QA", "owner": "Lee_Ann", "party": "client"}]
    text = render_recap(make_reflection(action_items=items))
    assert "- Ship *v2* [final] #1 to QA (Lee_Ann)." in text
