"""The digest: golden files per format, hostile input, determinism, pseudonymisation."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree

import pytest
from markdown_it import MarkdownIt
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from exports.digest_charts import Chart
from exports.registry import DigestRequest, render
from exports.svg_charts import bar_chart, column_chart
from store import ValidationError
from store.insights.learnings import compute_insights
from store.insights.periods import parse_period
from tests.exports.seed import seeded
from tests.factories import make_reflection

OCTOBER = parse_period("2026-10")
AS_OF = date(2026, 10, 31)


class _Golden(SingleFileSnapshotExtension):
    _write_mode = WriteMode.TEXT


class MarkdownGolden(_Golden):
    _file_extension = "md"


class HtmlGolden(_Golden):
    _file_extension = "html"


class JsonGolden(_Golden):
    _file_extension = "json"


class CsvGolden(_Golden):
    _file_extension = "csv"


def _digest(fmt: str = "md", **options: Any) -> str:
    return render(seeded(), DigestRequest(OCTOBER, AS_OF, fmt, **options))


@pytest.mark.parametrize(
    ("fmt", "options", "golden"),
    [
        ("md", {}, MarkdownGolden),
        ("md", {"charts": True}, MarkdownGolden),
        ("md", {"pseudonymise_clients": True, "anonymise_members": True}, MarkdownGolden),
        ("html", {}, HtmlGolden),
        ("html", {"charts": True}, HtmlGolden),
        ("json", {}, JsonGolden),
        ("csv", {}, CsvGolden),
        ("csv", {"actions": True}, CsvGolden),
    ],
    ids=[
        "md",
        "md-charts",
        "md-pseudonymised",
        "html",
        "html-charts",
        "json",
        "csv",
        "csv-actions",
    ],
)
def test_golden(snapshot, fmt: str, options: dict[str, Any], golden: type) -> None:
    assert _digest(fmt, **options) == snapshot(extension_class=golden)


def _md() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def _structure(markdown: str) -> list[tuple[str, str]]:
    """Headings (level) and tables (column count) in document order: the digest's skeleton."""
    tokens = _md().parse(markdown)
    shape = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            shape.append(("heading", token.tag))
        elif token.type == "table_open":
            shape.append(("table", ""))
        elif token.type in ("bullet_list_open", "ordered_list_open", "blockquote_open"):
            shape.append((token.type, ""))
        elif token.type == "link_open":
            shape.append(("link", tokens[index].attrs.get("href", "")))  # type: ignore[arg-type]
        elif token.type in ("html_block", "html_inline", "code_block", "hr"):
            shape.append((token.type, ""))
    return shape


HOSTILE = (
    "# Heading\n| pipes | here |\n`code` and ```fences```\n<script>alert(1)</script>\n"
    "[link](javascript:alert(1)) ![img](x)\n1. ordered\n- bullet\n> quote\n---\n===\n"
    "    indented code\n&amp; &#60; **bold** _em_ ~~strike~~ " + "long " * 400
)


def _with_text(text: str, owner: str) -> list:
    """The seeded team with Lee's reflections rewritten to hold `text` in every free field."""
    return [
        r if r.member != "Lee" else make_reflection(
            id=r.id, member="Lee", client=r.client, conversation_at=r.conversation_at.isoformat(),
            what_worked=text, what_to_change=text, yes_we_owned=text,
            and_client_contribution=text, type=r.type.value, outcome=r.outcome.value,
            action_items=[{"text": text, "owner": owner, "party": "us", "due": "2026-10-01"}],
            cost_absorbed={"amount": "5", "currency": "EUR", "note": text},
        )
        for r in seeded()
    ]  # fmt: skip


def test_hostile_text_renders_as_literal_text_in_its_section() -> None:
    request = DigestRequest(OCTOBER, AS_OF, "md")
    good = render(_with_text("plain words", "Pat"), request)
    bad = render(_with_text(HOSTILE, "| x |"), request)
    bad_shape = _structure(bad)
    assert not any(kind in ("html_block", "html_inline", "code_block", "hr", "link")
                   for kind, _ in bad_shape)  # fmt: skip
    headings = [s for s in bad_shape if s[0] == "heading"]
    assert headings == [s for s in _structure(good) if s[0] == "heading"]
    html = _md().render(bad)
    assert "<script>" not in html and "javascript:" not in html.split("&lt;script")[0] + ""
    assert "<h1>Heading</h1>" not in html and "# Heading" in html
    # Every table row keeps its column count despite pipes in the text.
    for table in re.findall(r"<table>.*?</table>", html, re.S):
        widths = {row.count("<td>") for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)} - {0}
        assert len(widths) <= 1


def test_the_same_records_give_the_same_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    first = _digest("md", charts=True)
    shuffled = list(reversed(seeded()))
    again = render(shuffled, DigestRequest(OCTOBER, AS_OF, "md", charts=True))
    assert first == again


def test_pseudonymised_digest_holds_no_real_name() -> None:
    records = seeded()
    names = {r.client for r in records} | {r.member for r in records}
    parts = {p for n in names for p in re.split(r"\W+", n) if len(p) >= 3}
    for fmt in ("md", "html", "json", "csv"):
        text = _digest(fmt, pseudonymise_clients=True, anonymise_members=True)
        leaked = sorted(p for p in parts if re.search(rf"\b{re.escape(p)}\b", text, re.I))
        assert leaked == [], fmt
    assert "Client A" in _digest("md", pseudonymise_clients=True)


def test_json_digest_is_the_learnings_json() -> None:
    data = json.loads(_digest("json"))
    assert data["period"]["label"] == "October 2026" and data["reflections"] == 5


def test_a_long_overdue_list_names_the_oldest_and_counts_the_rest() -> None:
    items = [
        {"id": f"5d1b2c3a-0000-4000-8000-{n:012d}", "text": f"item {n:02d}", "owner": "Kim",
         "party": "us", "due": f"2026-10-{n + 1:02d}"}
        for n in range(30)
    ]  # fmt: skip
    records = [make_reflection(conversation_at="2026-10-01", action_items=items)]
    text = render(records, DigestRequest(parse_period("2026-10"), date(2026, 10, 31)))
    listed = re.findall(r"\| item (\d\d) \|", text)
    assert listed == [f"{n:02d}" for n in range(25)]  # the 25 most overdue, oldest first
    assert "And 5 more overdue: `aftercall actions --overdue` lists them all." in text
    assert "1 hard conversation, 1 member, 1 client." in text


def test_html_charts_are_inline_svg_without_script_or_network() -> None:
    page = _digest("html", charts=True)
    currencies = compute_insights(seeded(), OCTOBER, AS_OF).cost
    assert len(currencies) == 2
    assert page.count("<svg") == 2 + len(currencies)  # types, cost by week per currency, trend
    assert "<script" not in page and "mermaid" not in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page
    # The charts sit after the summary, before what worked, as in the Markdown.
    assert page.index("<h2>Summary</h2>") < page.index("<svg") < page.index("<h2>What worked</h2>")
    for svg in re.findall(r"<svg.*?</svg>", page, re.S):
        assert ElementTree.fromstring(svg).tag == "{http://www.w3.org/2000/svg}svg"  # well formed


def test_svg_chart_labels_are_escaped() -> None:
    chart = Chart("A <b>&</b> title", "x", (("<script>", Decimal(2)), ("ok", Decimal(0))))
    for svg in (bar_chart(chart), column_chart(chart)):
        assert "<script>" not in svg and "&lt;script&gt;" in svg and "<b>" not in svg
        ElementTree.fromstring(svg)


def test_html_without_charts_has_no_svg() -> None:
    assert "<svg" not in _digest("html")


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_charts_are_refused_for_formats_that_cannot_hold_them(fmt: str) -> None:
    with pytest.raises(ValidationError, match=f"--charts: .*not {fmt}"):
        _digest(fmt, charts=True)


def test_themes_quote_their_reflections_escaped_and_one_members_habit_apart() -> None:
    from tests.factories import bare_reflection

    records = [
        bare_reflection(1, member="Dana", what_to_change="Sent the recap *same day* | <b>ok</b>"),
        bare_reflection(2, member="Lee", what_to_change="Next time: sent the recap same day."),
        *[bare_reflection(n, member="Grace", what_to_change="Send the agenda the day before.")
          for n in (3, 4, 5)],
    ]  # fmt: skip
    text = render(records, DigestRequest(OCTOBER, AS_OF, "md"))
    section = text.split("## What to change\n\n", 1)[1].split("\n> ", 1)[0]
    assert section.splitlines() == [
        "- **sent the recap same day**: 2 reflections, 2 members (Dana, Lee; Acme)",
        "  - “Sent the recap \\*same day\\* \\| \\<b\\>ok\\</b\\>” (Dana, Acme)",
        "  - “Next time: sent the recap same day” (Lee, Acme)",
        "",
        "One member's own, not yet the team's:",
        "",
        "- Grace noted **Send the agenda the day before** 3 times",
    ]


def test_the_trends_table_starts_at_the_first_period_with_reflections() -> None:
    records = [
        make_reflection(id=f"0b7f3c1e-2a44-4f0e-9a51-5d7f6c1b2a{n:02d}", conversation_at=day,
                        follow_up_on=None, follow_up_done=None)
        for n, day in enumerate(["2026-08-10T10:00", "2026-10-14T10:00"])
    ]  # fmt: skip
    text = render(records, DigestRequest(OCTOBER, AS_OF, "md", charts=True))
    trends = text.split("## Trends", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|")[1].strip() for line in trends.splitlines() if "2026 |" in line]
    assert rows == ["August 2026", "September 2026", "October 2026"]
    assert 'x-axis ["August 2026", "September 2026", "October 2026"]' in trends


def test_spikes_flag_repeated_trouble_not_repeated_meetings() -> None:
    records = [
        make_reflection(id=f"0b7f3c1e-2a44-4f0e-9a51-5d7f6c1b2a{n:02d}", type=kind,
                        conversation_at=f"2026-10-{10 + n}T10:00")
        for n, kind in enumerate(["renewal", "renewal", "complaint", "complaint"])
    ]  # fmt: skip
    text = render(records, DigestRequest(OCTOBER, AS_OF, "md"))
    flagged = [line for line in text.splitlines() if line.startswith("- **This period")]
    assert flagged == ["- **This period: 2 complaint conversations with Acme Retail**"]
