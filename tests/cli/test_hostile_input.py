"""`add` and `import` under hostile input: one line naming the field, and the store untouched."""

from __future__ import annotations

import codecs
import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from exports.csv_export import render_reflections_csv
from store import reflection_from_dict
from store.records.csv_rows import COLUMNS, defuse, flatten, restore
from store.records.interchange import FIELDS
from tests.cli import test_cli
from tests.factories import full_record

MINIMAL = {"client": "Acme", "conversation_at": "2026-11-02"}
run = test_cli.run
"""The `run` fixture: aftercall in-process as Dana Lee on the test store."""
_fingerprint = test_cli._fingerprint


def _costing(amount: bytes) -> bytes:
    cost = b'{"amount": ' + amount + b', "currency": "EUR"}'
    return b'{"client": "A", "conversation_at": "2026-11-02", "cost_absorbed": ' + cost + b"}"


def _one_error_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("aftercall: error: "), err
    assert "Traceback" not in err
    return lines[0]


@pytest.mark.parametrize(
    ("payload", "error"),
    [
        (
            _costing(b"1e400"),
            "cost_absorbed.amount: must be a non-negative number",
        ),
        (
            _costing(b"1e26"),
            "cost_absorbed.amount: must be a non-negative number",
        ),
        (
            _costing(b"1" + b"0" * 26),
            "cost_absorbed.amount: must have at most 15 digits",
        ),
        (
            b'{"client": "A", "conversation_at": "0001-01-01T00:00:00+01:00"}',
            "conversation_at: must fall between",
        ),
        (
            b'{"client": "A", "conversation_at": "9999-12-31T23:00:00-05:00"}',
            "conversation_at: must fall between",
        ),
        (b'{"client": "\\ud800", "conversation_at": "2026-11-02"}', "client: must not contain"),
        (
            b'{"client": "\\u001b]52;c;aGk=\\u0007", "conversation_at": "2026-11-02"}',
            "client: must not contain",
        ),
        (
            b'{"client": "A", "conversation_at": "2026-11-02", "mood_before": '
            + b"9" * 5000
            + b"}",
            "not valid JSON (Exceeds the limit (4300 digits)",
        ),
        (
            b'{"client": "A", "conversation_at": "2026-11-02", "tags": '
            + b"[" * 100_000
            + b"]" * 100_000
            + b"}",
            "not valid JSON (nested too deep)",
        ),
        (
            b'{"client": "A", "client": "B", "conversation_at": "2026-11-02"}',
            "client: appears twice",
        ),
        (
            b'{"client": "A\xff", "conversation_at": "2026-11-02"}',
            "is not valid UTF-8 text (byte 14)",
        ),
        (
            codecs.BOM_UTF16_LE + '{"client": "\ud800"}'.encode("utf-16-le", "surrogatepass"),
            "is not valid UTF-16 text",
        ),
        (
            b'{"client": "' + b"x" * 10_000_000 + b'", "conversation_at": "2026-11-02"}',
            "client: must be at most 200 characters (got 10,000,000)",
        ),
    ],
    ids=[
        "1e400",
        "1e26",
        "26-digit-int",
        "year-1-offset",
        "year-9999-offset",
        "lone-surrogate",
        "osc52",
        "5000-digit-int",
        "deep-nesting",
        "duplicate-key",
        "invalid-utf8",
        "invalid-utf16",
        "10MB-client",
    ],
)
def test_add_refuses_hostile_json_in_one_line(
    run, store_dir: Path, tmp_path: Path, payload: bytes, error: str
) -> None:
    run("add", "--from", "-", stdin=json.dumps(MINIMAL))
    before = _fingerprint(store_dir)
    source = tmp_path / "hostile.json"
    source.write_bytes(payload)
    code, out, err = run("add", "--from", str(source))
    assert code == 1 and out == ""
    assert error in _one_error_line(err)
    assert _fingerprint(store_dir) == before


@pytest.mark.parametrize(
    "encoded",
    [
        codecs.BOM_UTF8 + json.dumps(MINIMAL).encode(),
        codecs.BOM_UTF16_LE + json.dumps(MINIMAL).encode("utf-16-le"),
        codecs.BOM_UTF16_BE + json.dumps(MINIMAL).encode("utf-16-be"),
    ],
    ids=["utf8-bom", "utf16-le", "utf16-be"],
)
def test_add_and_import_both_accept_a_byte_order_mark(run, tmp_path: Path, encoded: bytes) -> None:
    one = tmp_path / "one.json"
    one.write_bytes(encoded)
    code, out, err = run("add", "--from", str(one))
    assert (code, err) == (0, "") and len(out.strip()) == 36
    many = tmp_path / "many.json"
    globex = encoded.replace(b"Acme", b"Globex")
    many.write_bytes(globex.replace("Acme".encode("utf-16-le"), "Globex".encode("utf-16-le")))
    code, out, err = run("import", str(many))
    assert code == 0 and "imported 1" in out


def _csv_text(rows: list[dict[str, Any]], header: list[str] | None = None) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    names = header or list(COLUMNS)
    writer.writerow(names)
    for row in rows:
        writer.writerow([row.get(name, "") for name in names])
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            _csv_text([flatten(full_record(mood_before="²"))]),
            'line 2: mood_before: must be a whole number from 1 to 5, got "²"',
        ),
        (
            _csv_text([flatten(full_record(mood_before="9" * 5000))]),
            "line 2: mood_before: must be a whole number",
        ),
        (
            _csv_text(
                [{"client": "A", "conversation_at": "2026-11-02"}],
                ["client", "conversation_at", "client"],
            ),
            "line 1: client: is a column twice in the header",
        ),
        (
            'client,conversation_at\n"A' + "x" * 5_000_000 + '",2026-11-02\n',
            "not valid CSV (field larger than field limit",
        ),
        (
            "client,conversation_at\nA,2026-11-02\nB,0001-01-01\n",
            "line 3: conversation_at: must fall between",
        ),
    ],
    ids=["superscript-mood", "5000-digit-mood", "duplicate-header", "oversized-cell", "year-1"],
)
def test_import_refuses_hostile_csv_in_one_line(
    run, store_dir: Path, tmp_path: Path, text: str, error: str
) -> None:
    run("add", "--from", "-", stdin=json.dumps(MINIMAL))
    before = _fingerprint(store_dir)
    source = tmp_path / "hostile.csv"
    source.write_text(text, encoding="utf-8")
    code, _, err = run("import", str(source))
    assert code == 1
    assert error in _one_error_line(err)
    assert _fingerprint(store_dir) == before


def test_our_own_csv_of_a_200_kb_text_imports_back(run, tmp_path: Path) -> None:
    long_text = ("A long account of the call. " * 8000)[:200_000]
    record = reflection_from_dict(full_record(what_worked=long_text))
    source = tmp_path / "export.csv"
    source.write_text(render_reflections_csv([record]), encoding="utf-8")
    code, out, err = run("import", str(source))
    assert (code, err) == (0, "") and "imported 1" in out
    _, out, _ = run("show", record.id, "--format", "json")
    assert json.loads(out)["what_worked"] == long_text.strip()


FORMULAS = ["=HYPERLINK(\"https://evil.example\",\"x\")", "+1+2", "-2+3", "@SUM(A1)", "\tTab",
            "'=already quoted", "''", "'plain quote", "= spaced", "-", "normal"]  # fmt: skip


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_cells_are_defused_and_read_back_to_the_original(text: str) -> None:
    cell = defuse(text)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert restore(cell) == text


def test_csv_digest_defuses_formulas_and_imports_back(run, tmp_path: Path) -> None:
    record = full_record(what_worked="=HYPERLINK(\"https://evil.example\",\"click\")",
                         what_to_change="+cmd|' /C calc'!A0", yes_we_owned="@SUM(1)",
                         and_client_contribution="-1 day of slack")  # fmt: skip
    run("add", "--from", "-", stdin=json.dumps(record))
    code, out, _ = run("digest", "--period", "2026-10", "--format", "csv")
    assert code == 0
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["what_worked"].startswith("'=") and row["what_to_change"].startswith("'+")
    assert row["yes_we_owned"].startswith("'@") and row["and_client_contribution"].startswith("'-")
    source = tmp_path / "digest.csv"
    source.write_text(out, encoding="utf-8")
    code, _, err = run("import", str(source), "--update")
    assert code == 0, err
    _, shown, _ = run("show", record["id"], "--format", "json")
    stored = json.loads(shown)
    for key in ("what_worked", "what_to_change", "yes_we_owned", "and_client_contribution"):
        assert stored[key] == record[key]


@pytest.mark.parametrize(
    "args",
    [
        ["digest", "--period", "0001-01"],
        ["digest", "--since", "0001-01-01", "--until", "0001-01-31"],
        ["digest", "--as-of", "9999-12-31"],
        ["actions", "--as-of", "9999-12-31"],
        ["learnings", "--period", "9999"],
    ],
    ids=lambda args: " ".join(args),
)
def test_extreme_periods_are_one_line(run, args: list[str]) -> None:
    run("add", "--from", "-", stdin=json.dumps(MINIMAL))
    code, _, err = run(*args)
    assert code == 1 and "outside the years 1900 to 2999" in _one_error_line(err)


@pytest.mark.parametrize("args", [["digest", "--period", "2999-12"],
                                  ["digest", "--period", "1900-01"],
                                  ["actions", "--as-of", "2999-12-31"]])  # fmt: skip
def test_the_edge_years_themselves_work(run, args: list[str]) -> None:
    run("add", "--from", "-", stdin=json.dumps(MINIMAL | {"conversation_at": "2999-12-31"}))
    run("add", "--from", "-", stdin=json.dumps(MINIMAL | {"conversation_at": "1900-01-01"}))
    code, _, err = run(*args)
    assert (code, err) == (0, "")


# --- the fuzz test: every input stores a valid record or is one line naming the field ---------

_HOSTILE_TEXT = st.sampled_from([
    "", " ", "Acme", "\x1b[31mred", "\x07", "\x00", "\ud800", "\u202eevil", "a\nb", "a\tb", "é",
    "e\u0301", "李雷", "=1+1", "'=x", "[x](javascript:1)", "x" * 201, "1E+30", "-0", "1_000",
    "١٢٣", "²", "0001-01-01", "9999-12-31T23:00:00-05:00", "2026-10-14",
    "2026-10-14T10:00:00+02:00",
    "NaN", "12.50", "true",
])  # fmt: skip
_SCALAR = (
    _HOSTILE_TEXT | st.none() | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.sampled_from([1e26, -0.0, 3.5, 10**400])
)  # fmt: skip
_VALUE = st.recursive(
    _SCALAR,
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(_HOSTILE_TEXT, inner, max_size=2),
    max_leaves=4,
)
_OPTIONAL = sorted(set(FIELDS) - {"client", "conversation_at"})
_RECORD = (
    # A few hostile fields on a minimal record...
    st.builds(
        lambda base, extra: base | extra,
        st.fixed_dictionaries({"client": st.just("Acme") | _HOSTILE_TEXT,
                               "conversation_at": st.just("2026-10-14") | _HOSTILE_TEXT}),
        st.dictionaries(st.sampled_from(_OPTIONAL), _VALUE, max_size=2),
    )
    # ...or one on a record with every field set, with or without a cost.
    | st.builds(lambda field, value: full_record(id=None) | {field: value},
                st.sampled_from(FIELDS), _VALUE)
    | st.builds(lambda value, note: full_record(id=None, cost_absorbed={
                    "amount": value, "currency": "EUR", "note": note}), _SCALAR, _HOSTILE_TEXT)
)  # fmt: skip


def _dumps(record: dict[str, Any]) -> bytes:
    return json.dumps(record, ensure_ascii=False).encode("utf-8", "surrogatepass")


def _csv_of(records: list[dict[str, Any]]) -> bytes:
    rows = []
    for record in records:
        try:
            rows.append(flatten(record))
        except (TypeError, AttributeError):  # not CSV-shaped: the JSON forms cover it
            rows.append(flatten({k: v for k, v in record.items() if isinstance(v, str)}))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8", "surrogatepass")


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    records=st.lists(_RECORD, min_size=1, max_size=3),
    form=st.sampled_from(["add", "json", "jsonl", "csv"]),
)
def test_fuzzed_add_and_import_store_a_valid_record_or_refuse_in_one_line(
    run, store_dir: Path, tmp_path: Path, records: list[dict[str, Any]], form: str
) -> None:
    run("add", "--from", "-", stdin=json.dumps(MINIMAL))
    before = _fingerprint(store_dir)
    if form == "add":
        source, payload = tmp_path / "one.json", _dumps(records[0])
    elif form == "json":
        source, payload = tmp_path / "many.json", b"[" + b",".join(map(_dumps, records)) + b"]"
    elif form == "jsonl":
        source, payload = tmp_path / "many.jsonl", b"\n".join(map(_dumps, records))
    else:
        source, payload = tmp_path / "many.csv", _csv_of(records)
    source.write_bytes(payload)
    args = ["add", "--from", str(source)] if form == "add" else ["import", str(source)]
    code, _, err = run(*args)
    event(f"{form}: {'refused' if code else 'stored'}")
    if code != 0:
        line = _one_error_line(err)
        assert any(name in line for name in (*FIELDS, "JSON", "UTF-8", "CSV", "header", "cells"))
        assert _fingerprint(store_dir) == before
        return
    assert err == ""
    _, listed, _ = run("list", "--format", "json")
    for stored in json.loads(listed):
        assert reflection_from_dict(stored).id == stored["id"]  # every stored record re-validates


# --- output: what was read from a file never reaches a terminal as an escape sequence ---------

_ESCAPES = ["\x1b]52;c;ZWNobyBoaQ==\x07", "\x1b[2J", "\x9b31m", "\x00", "\x7f", "\ud800"]


def _unvalidated(text: str) -> Any:
    """A record as an older aftercall or a hand edit may have left it (the validator refuses it)."""
    import dataclasses

    from store import ActionItem

    base = reflection_from_dict(full_record())
    item = ActionItem(id=base.action_items[0].id, text=f"call {text}", owner=f"Kim{text}")
    return dataclasses.replace(base, client=f"Acme{text}", member=f"Dana{text}",
                               what_worked=f"ok {text}", tags=(f"t{text}",),
                               participants=(f"P{text}",), action_items=(item,))  # fmt: skip


def _terminal_safe(text: str) -> bool:
    return not any(
        (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F or 0xD800 <= ord(c) <= 0xDFFF
        for c in text
    )


@pytest.mark.parametrize("escape", _ESCAPES, ids=repr)
def test_text_views_markdown_and_json_show_control_characters_as_escapes(escape: str) -> None:
    from exports.markdown_text import block, inline
    from store.insights.action_items import ActionRow
    from store.records.interchange import reflection_to_dict
    from store.records.text_safety import json_safe
    from tui.plain import plain
    from tui.text_views import actions_table, reflection_table, reflection_text

    r = _unvalidated(escape)
    row = ActionRow(r.action_items[0], r)
    views = [reflection_text(r), reflection_table([r]), actions_table([row], r.conversation_date),
             inline(r.what_worked), block(r.what_worked), plain(r.client).plain,
             json_safe(json.dumps(reflection_to_dict(r), ensure_ascii=False))]  # fmt: skip
    for view in views:
        assert _terminal_safe(view), repr(view)
    assert "\\x1b" in reflection_text(_unvalidated("\x1b")) and "Acme" in reflection_table([r])


def test_a_warning_about_a_file_never_prints_its_control_characters(tmp_path: Path) -> None:
    from store.storage.shards import FileProblem

    problem = FileProblem(tmp_path / "sam\x1b]0;pwned\x07@x" / "2026.json", "record 1: \x9b2J")
    assert _terminal_safe(str(problem)) and "\n" not in str(problem)


@pytest.mark.parametrize(
    ("text", "defanged"),
    [
        ("see https://evil.example/x", "https\\[:\\]//evil.example/x"),
        ("HTTP://EVIL.EXAMPLE", "HTTP\\[:\\]//EVIL.EXAMPLE"),
        ("go to www.evil.example now", "www\\[.\\]evil.example"),
        ("mail dana@example.com", "dana\\[@\\]example.com"),
        ("mailto:x@y.z", "mailto:x\\[@\\]y.z"),
        ("ftp://files.example", "ftp\\[:\\]//files.example"),
    ],
)
def test_bare_addresses_in_the_markdown_digest_never_become_links(text: str, defanged: str) -> None:
    from markdown_it import MarkdownIt

    from exports.markdown_text import inline

    out = inline(text)
    assert defanged in out
    gfm = MarkdownIt("gfm-like")  # markdown-it's GFM preset: linkify on, as GitHub renders
    assert "<a " not in gfm.render(out)
