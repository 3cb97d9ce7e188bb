"""The client recap carries what was agreed and nothing of the internal reflection."""

from __future__ import annotations

from markdown_it import MarkdownIt

from exports.recap import render_recap
from tests.factories import make_reflection

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


def test_recap_has_the_agreement() -> None:
    text = render_recap(make_reflection())
    assert text.startswith("Subject: Follow-up to our conversation on 14 October 2026\n")
    assert (
        "- Send the revised plan (Dana Lee), by 16 October 2026. Done on 15 October 2026." in text
    )
    assert "**On your side**\n\n- Name a single approver (Priya), by 21 October 2026." in text
    assert "We will check in with you on 28 October 2026" in text
    assert text.rstrip().endswith("Best regards,\nDana Lee")


def test_no_internal_field_leaks() -> None:
    text = render_recap(make_reflection()).lower()
    leaked = [snippet for snippet in INTERNAL if snippet.lower() in text]
    assert leaked == []


def test_hostile_action_text_stays_text() -> None:
    items = [{"text": "# Boom <script>x</script> [a](javascript:alert(1))", "party": "client"}]
    html = MarkdownIt("commonmark", {"html": False}).render(
        render_recap(make_reflection(action_items=items))
    )
    assert "<h1>" not in html and "<script>" not in html and 'href="javascript' not in html
    assert "# Boom &lt;script&gt;" in html
