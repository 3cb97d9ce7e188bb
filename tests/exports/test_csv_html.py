"""CSV exports read back through the importer; the HTML page never carries raw user HTML."""

from __future__ import annotations

import csv
import io

from exports.csv_export import ACTION_COLUMNS, render_actions_csv, render_reflections_csv
from exports.html import render_html
from store import reflection_from_dict
from store.records.importing import read_records
from tests.factories import make_reflection


def test_reflections_csv_round_trips_through_the_importer() -> None:
    original = make_reflection()
    ((where, data),) = read_records(render_reflections_csv([original]), "csv")
    assert where == "line 2"
    assert reflection_from_dict(data) == original


def test_actions_csv_has_one_row_per_item() -> None:
    rows = list(csv.DictReader(io.StringIO(render_actions_csv([make_reflection()]))))
    assert tuple(rows[0]) == ACTION_COLUMNS
    assert [(r["text"], r["party"], r["due"], r["done_on"]) for r in rows] == [
        ("Send the revised plan", "us", "2026-10-16", "2026-10-15"),
        ("Name a single approver", "client", "2026-10-21", ""),
    ]
    assert {r["client"] for r in rows} == {"Acme Retail"}


def test_html_page_is_standalone_and_escapes_raw_html() -> None:
    page = render_html("# Digest\n\n<script>alert(1)</script>\n", "Team <digest>")
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    assert "<title>Team &lt;digest&gt;</title>" in page
    assert "<script>" not in page and "<h1>Digest</h1>" in page
