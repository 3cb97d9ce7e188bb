"""The `aftercall` command end to end, in-process through `main(argv)`."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from store.records.csv_rows import COLUMNS, flatten
from store.storage.shards import member_slug
from tests.factories import full_record
from tui.cli import main

STAMPS = ("created_at", "updated_at", "schema_version")
MINIMAL = '{"client": "A", "conversation_at": "2026-11-02"}'


@pytest.fixture
def run(store_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """Run aftercall with the test store as Dana Lee; returns (exit status, stdout, stderr)."""
    monkeypatch.setenv("AFTERCALL_STORE", str(store_dir))
    monkeypatch.setenv("AFTERCALL_MEMBER", "Dana Lee")

    def invoke(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
        if stdin is not None:
            monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


def _fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }  # fmt: skip


def _write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_every_field_round_trips_through_add_list_show(run, tmp_path: Path) -> None:
    record = full_record()
    code, out, err = run("add", "--from", str(_write(tmp_path / "r.json", record)))
    assert (code, out.strip(), err) == (0, record["id"], "")
    code, out, _ = run("list", "--format", "json")
    (listed,) = json.loads(out)
    assert {k: v for k, v in listed.items() if k not in STAMPS} == record
    assert listed["schema_version"] == 2 and listed["created_at"] == listed["updated_at"]
    _, out, _ = run("show", record["id"][:8], "--format", "json")
    assert json.loads(out) == listed
    _, text, _ = run("show", record["id"])
    assert "1250.50 EUR, rush fee" in text and "[x] Send the revised plan" in text


def test_add_from_stdin_generates_an_id(run) -> None:
    code, out, _ = run("add", "--from", "-",
                       stdin='{"client": "Globex", "conversation_at": "2026-11-02"}')  # fmt: skip
    assert code == 0 and len(out.strip()) == 36
    _, out, _ = run("list")
    assert "Globex" in out and "Dana Lee" in out


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"frobnicate": 1}, "frobnicate: unknown field"),
        ({"client": 7}, "client: must be text, got 7"),
        ({"type": "rant"}, "type: must be one of"),
        ({"conversation_at": "soon"}, 'conversation_at: must be an ISO 8601 date or datetime'),
        ({"cost_absorbed": {"amount": "lots", "currency": "USD"}},
         'cost_absorbed.amount: must be a non-negative number, got "lots"'),
        ({"cost_absorbed": {"amount": "-1", "currency": "USD"}},
         "cost_absorbed.amount: must be a non-negative number"),
        ({"cost_absorbed": {"amount": "1", "currency": "DOLLARS"}},
         "cost_absorbed.currency: must be an ISO 4217 currency code"),
        ({"mood_before": 9}, "mood_before: must be a whole number from 1 to 5, got 9"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_leaves_the_store_byte_identical(
    run, tmp_path: Path, store_dir: Path, change: dict[str, Any], error: str
) -> None:
    run("add", "--from", str(_write(tmp_path / "ok.json", full_record(id=None))))
    before = _fingerprint(store_dir)
    code, out, err = run("add", "--from", str(_write(tmp_path / "bad.json", full_record(**change))))
    assert code == 1 and out == ""
    assert err.startswith(f"aftercall: error: {error}") and err.count("\n") == 1
    assert _fingerprint(store_dir) == before


def test_not_json_is_one_line(run, tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text("{oops")
    code, _, err = run("add", "--from", str(tmp_path / "bad.json"))
    assert code == 1 and err.startswith("aftercall: error: not valid JSON") and err.count("\n") == 1


def _records(n: int, **overrides: Any) -> list[dict[str, Any]]:
    return [
        full_record(id=f"00000000-0000-4000-8000-{i:012d}", client=f"Client {i}", **overrides)
        for i in range(1, n + 1)
    ]


def test_import_jsonl_reports_the_line_and_writes_nothing(
    run, tmp_path: Path, store_dir: Path
) -> None:
    rows = _records(4)
    rows[2]["cost_absorbed"] = {"amount": "lots", "currency": "USD"}
    path = tmp_path / "team.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows[:2]) + "\n\n"
                    + "\n".join(json.dumps(r) for r in rows[2:]) + "\n")  # fmt: skip
    code, _, err = run("import", str(path))
    assert code == 1
    expected = 'line 4: cost_absorbed.amount: must be a non-negative number, got "lots"'
    assert err == f"aftercall: error: {expected}\n"
    assert not (store_dir / "shards").exists()


def test_import_json_array_keeps_members_and_refuses_existing_ids(
    run, tmp_path: Path, store_dir: Path
) -> None:
    rows = _records(3, member="Lee Chan")
    path = _write(tmp_path / "team.json", rows)
    code, out, _ = run("import", str(path), "--dry-run")
    assert (code, out) == (0, "would import 3 reflection(s) from team.json: 3 new, 0 updated\n")
    assert not (store_dir / "shards").exists()
    assert run("import", str(path))[0] == 0
    _, out, _ = run("list", "--member", "lee chan", "--format", "json")
    assert len(json.loads(out)) == 3
    assert all(
        p.parent.name.startswith(f"{member_slug('Dana Lee')}@") for p in store_dir.rglob("20*.json")
    )
    before = _fingerprint(store_dir)
    code, _, err = run("import", str(path))
    assert code == 1 and "record 1: id 00000000-0000-4000-8000-000000000001 is already" in err
    assert "--update" in err and _fingerprint(store_dir) == before
    rows[0]["outcome"] = "lost"
    code, out, _ = run("import", str(_write(path, rows)), "--update")
    assert (code, out) == (0, "imported 3 reflection(s) from team.json: 0 new, 3 updated\n")
    _, out, _ = run("show", rows[0]["id"], "--format", "json")
    assert json.loads(out)["outcome"] == "lost"


def test_import_refuses_an_id_repeated_inside_the_file(run, tmp_path: Path) -> None:
    rows = _records(2)
    rows[1]["id"] = rows[0]["id"]
    code, _, err = run("import", str(_write(tmp_path / "dup.json", rows)))
    assert code == 1 and err.startswith("aftercall: error: record 2: id: repeats record 1")


def _csv_text(records: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    for record in records:
        writer.writerow(flatten(record))
    return buffer.getvalue()


def test_import_csv_with_dotted_columns_round_trips_every_field(run, tmp_path: Path) -> None:
    record = full_record()
    path = tmp_path / "sheet.csv"
    path.write_text(_csv_text([record]), encoding="utf-8")
    assert run("import", str(path))[0] == 0
    _, out, _ = run("list", "--format", "json")
    (listed,) = json.loads(out)
    assert {k: v for k, v in listed.items() if k not in STAMPS} == record


def test_import_csv_names_the_line_of_a_bad_row(run, tmp_path: Path) -> None:
    rows = _records(3)
    rows[1]["mood_after"] = 8
    path = tmp_path / "sheet.csv"
    path.write_text(_csv_text(rows), encoding="utf-8")
    code, _, err = run("import", str(path))
    assert code == 1 and err.startswith("aftercall: error: line 3: mood_after: must be")


def test_import_csv_minimal_spreadsheet(run, tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(
        "client,conversation_at,member,structure.acknowledged,cost_absorbed.amount,"
        "cost_absorbed.currency,tags\n"
        "Acme,2026-10-02,Lee,yes,120,gbp,pricing; renewal\n"
        "Globex,2026-10-03,Kim,,,,\n"
    )  # fmt: skip
    assert run("import", str(path))[0] == 0
    _, out, _ = run("list", "--format", "json", "--client", "acme")
    (acme,) = json.loads(out)
    assert acme["structure"]["acknowledged"] is True and acme["tags"] == ["pricing", "renewal"]
    assert acme["cost_absorbed"] == {"amount": "120.00", "currency": "GBP", "kind": "other",
                                     "note": ""}  # fmt: skip


def test_list_filters(run, tmp_path: Path) -> None:
    rows = _records(3)
    rows[0] |= {"conversation_at": "2026-09-01", "type": "complaint", "tags": ["angry"]}
    rows[1] |= {"conversation_at": "2026-10-10", "outcome": "lost", "member": "Kim"}
    rows[2] |= {"conversation_at": "2026-11-01", "what_worked": "a quiet, honest apology"}
    run("import", str(_write(tmp_path / "t.json", rows)))

    def clients(*args: str) -> list[str]:
        code, out, _ = run("list", "--format", "json", *args)
        assert code == 0
        return [r["client"] for r in json.loads(out)]

    assert clients() == ["Client 3", "Client 2", "Client 1"]
    assert clients("--since", "2026-10-01", "--until", "2026-10-31") == ["Client 2"]
    assert clients("--type", "complaint") == ["Client 1"]
    assert clients("--outcome", "lost") == clients("--member", "kim") == ["Client 2"]
    assert clients("--tag", "angry") == ["Client 1"]
    assert clients("--search", "HONEST apology") == ["Client 3"]
    assert clients("--client", "client 2") == ["Client 2"]
    _, table, _ = run("list")
    assert table.splitlines()[0].split() == ["DATE", "MEMBER", "CLIENT", "TYPE", "OUTCOME", "ID"]


def test_corrupt_file_is_reported_and_the_rest_lists(run, tmp_path: Path, store_dir: Path) -> None:
    run("import", str(_write(tmp_path / "t.json", _records(2))))
    other = store_dir / "shards" / "kim@abcd1234" / "2026.json"
    other.parent.mkdir(parents=True)
    other.write_text("<<<<<<< HEAD\n")
    code, out, err = run("list", "--format", "json")
    assert code == 0 and len(json.loads(out)) == 2
    assert str(other) in err and "restore it from git" in err and err.count("\n") == 1


def test_locate_prints_the_store_own_files_and_config(run, store_dir: Path, tmp_path) -> None:
    run("add", "--from", str(_write(tmp_path / "r.json", full_record())))
    _, out, _ = run("locate")
    lines = out.splitlines()
    assert lines[0] == f"store:   {store_dir}"
    assert lines[1].startswith(f"device:  {store_dir}/shards/{member_slug('Dana Lee')}@")
    assert lines[2].endswith("/2026.json") and lines[3].startswith("config:  ")


def test_usage_errors_are_one_line(run) -> None:
    for args in (["list", "--since", "the other day"], ["show"], ["frobnicate"]):
        code, _, err = run(*args)
        assert code == 2 and err.startswith("aftercall: error: ") and err.count("\n") == 1


def test_show_unknown_id(run) -> None:
    code, _, err = run("show", "feedface")
    assert (code, err) == (1, "aftercall: error: no reflection has id 'feedface'\n")


def test_version_and_help_everywhere(run) -> None:
    code, out, _ = run("--version")
    assert code == 0 and out.startswith("aftercall, version ")
    for command in ("add", "import", "list", "show", "locate"):
        code, out, _ = run(command, "--help")
        assert code == 0 and out.startswith(f"Usage: aftercall {command}")


def test_member_falls_back_to_git_user_name(run, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.delenv("AFTERCALL_MEMBER")
    monkeypatch.setattr("tui.cli.session.git_user_name", lambda: "Git Person")
    code, out, _ = run(
        "add", "--from", "-", stdin='{"client": "A", "conversation_at": "2026-11-02"}'
    )
    assert code == 0
    _, out, _ = run("show", out.strip(), "--format", "json")
    assert json.loads(out)["member"] == "Git Person"


def test_no_member_anywhere_is_a_clear_error(run, monkeypatch) -> None:
    monkeypatch.delenv("AFTERCALL_MEMBER")
    monkeypatch.setattr("tui.cli.session.git_user_name", lambda: None)
    code, _, err = run(
        "add", "--from", "-", stdin='{"client": "A", "conversation_at": "2026-11-02"}'
    )
    assert code == 1 and "no member name set" in err


def test_actions_lists_open_items_with_lateness(run, tmp_path: Path) -> None:
    run("add", "--from", str(_write(tmp_path / "r.json", full_record())))
    code, out, _ = run("actions", "--as-of", "2026-10-25")
    assert code == 0
    header, row = out.splitlines()
    assert header.split()[:5] == ["DUE", "STATUS", "PARTY", "OWNER", "CLIENT"]
    assert "overdue by 4 days" in row and "Name a single approver" in row and "client" in row
    _, out, _ = run("actions", "--as-of", "2026-10-25", "--party", "us")
    assert out == "no action items\n"
    _, out, _ = run("actions", "--as-of", "2026-10-25", "--all", "--format", "json")
    rows = json.loads(out)
    assert [(r["text"], r["days_late"]) for r in rows] == [
        ("Send the revised plan", 0), ("Name a single approver", 4),
    ]  # fmt: skip
    assert rows[1]["client"] == "Acme Retail" and rows[1]["reflection_id"] == full_record()["id"]


def test_recap_prints_or_writes_atomically(run, tmp_path: Path) -> None:
    run("add", "--from", str(_write(tmp_path / "r.json", full_record())))
    code, out, _ = run("recap", full_record()["id"][:8])
    assert code == 0 and out.startswith("Subject: Follow-up to our conversation on 14 October")
    target = tmp_path / "out" / "recap.md"
    code, out, err = run("recap", full_record()["id"], "--output", str(target))
    assert (code, out) == (0, "") and err == f"wrote {target}\n"
    assert target.read_text() == render_recap_of_full_record()


def render_recap_of_full_record() -> str:
    from exports.recap import render_recap
    from tests.factories import make_reflection

    return render_recap(make_reflection())


def test_learnings_text_and_json(run, tmp_path: Path) -> None:
    run("add", "--from", str(_write(tmp_path / "r.json", full_record())))
    code, out, _ = run("learnings", "--period", "2026-10")
    assert code == 0 and out.startswith("October 2026 (as of 2026-10-31)\n")
    assert "1 reflection by 1 member about 1 client" in out
    assert "cost absorbed: 1250.50 EUR" in out
    code, out, _ = run("learnings", "--since", "2026-10-01", "--until", "2026-10-31",
                       "--as-of", "2026-10-25", "--format", "json")  # fmt: skip
    data = json.loads(out)
    assert data["as_of"] == "2026-10-25" and data["reflections"] == 1
    assert data["actions"]["overdue"] == 1
    assert data["change_from_previous"]["reflections"] == {"value": 1, "previous": 0, "change": 1}
    code, _, err = run("learnings", "--period", "Oct")
    assert code == 1 and "period: expected YYYY-MM" in err


def test_learnings_text_names_one_members_habit_apart() -> None:
    from store.insights.learnings import compute_insights
    from store.insights.periods import parse_period
    from tests.factories import bare_reflection
    from tui.cli.learnings import learnings_text

    records = [bare_reflection(n, member="Grace", what_to_change="Send the agenda the day before.")
               for n in (1, 2, 3)]  # fmt: skip
    text = learnings_text(compute_insights(records, parse_period("2026-10"), date(2026, 10, 31)))
    assert "recurring in what to change" not in text
    assert 'one member\'s own: Grace noted "Send the agenda the day before" 3 times' in text


def _today_is(monkeypatch: pytest.MonkeyPatch, day: date) -> None:
    class Today(date):
        @classmethod
        def today(cls) -> date:
            return day

    monkeypatch.setattr("tui.cli.exporting.date", Today)


def test_digest_is_the_same_whenever_it_is_run(run, tmp_path: Path, monkeypatch) -> None:
    run("add", "--from", str(_write(tmp_path / "r.json", full_record())))
    _today_is(monkeypatch, date(2026, 11, 2))
    code, first, _ = run("digest", "--period", "2026-10", "--charts")
    _today_is(monkeypatch, date(2027, 3, 30))
    _, second, _ = run("digest", "--period", "2026-10", "--charts")
    assert code == 0 and first == second
    assert first.startswith("# Team digest: October 2026\n")


def test_digest_defaults_to_the_previous_full_month_and_writes_files(
    run, tmp_path: Path, monkeypatch
) -> None:
    run("add", "--from", str(_write(tmp_path / "r.json", full_record())))
    _today_is(monkeypatch, date(2026, 11, 23))
    _, out, _ = run("digest")
    assert out.startswith("# Team digest: October 2026\n")
    target = tmp_path / "digests" / "2026-10.html"
    code, out, err = run("digest", "--format", "html", "--output", str(target))
    assert (code, out, err) == (0, "", f"wrote {target}\n")
    assert target.read_text().startswith("<!DOCTYPE html>")
    _, out, _ = run("digest", "--format", "csv", "--actions")
    assert out.splitlines()[0].startswith("reflection_id,member,client")


@pytest.mark.parametrize("command", [("digest", "--period", "2026-10"), ("recap", "ID")])
def test_output_dash_is_standard_output_not_a_file_named_dash(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    run("add", "--from", str(_write(tmp_path / "r.json", full_record())))
    monkeypatch.chdir(tmp_path)
    args = [full_record()["id"] if arg == "ID" else arg for arg in command]
    _, expected, _ = run(*args)
    code, out, err = run(*args, "--output", "-")
    assert (code, out, err) == (0, expected, "")
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_charts_with_csv_or_json_is_refused_in_one_line(run, fmt: str) -> None:
    code, out, err = run("digest", "--period", "2026-10", "--format", fmt, "--charts")
    assert (code, out) == (1, "")
    assert err == f"aftercall: error: --charts: md and html digests take charts, not {fmt}\n"


def test_digest_help_says_which_formats_take_charts(run) -> None:
    _, out, _ = run("digest", "--help")
    assert "md and html only" in " ".join(out.split())


def _now_is(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
    monkeypatch.setattr("tui.cli.dates.now", lambda: moment)


WEDNESDAY = datetime(2026, 11, 4, 9, 30, tzinfo=UTC)


def test_date_options_read_natural_dates(run, tmp_path: Path, monkeypatch) -> None:
    _now_is(monkeypatch, WEDNESDAY)
    for day, client in (("2026-10-26", "Monday"), ("2026-11-02", "Last Monday"),
                        ("2026-11-03", "Yesterday")):  # fmt: skip
        record = {**full_record(), "id": None, "client": client, "conversation_at": day}
        run("add", "--from", str(_write(tmp_path / f"{client}.json", record)))
    _, out, _ = run("list", "--since", "last monday", "--format", "json")
    assert [r["client"] for r in json.loads(out)] == ["Yesterday", "Last Monday"]
    _, out, _ = run("list", "--since", "2 weeks ago", "--until", "mon", "--format", "json")
    assert [r["client"] for r in json.loads(out)] == ["Last Monday", "Monday"]
    code, out, _ = run("learnings", "--since", "oct 1", "--until", "yesterday", "--as-of",
                       "yesterday", "--format", "json")  # fmt: skip
    data = json.loads(out)
    assert code == 0 and data["as_of"] == "2026-11-03" and data["reflections"] == 3
    assert data["period"]["start"] == "2026-10-01" and data["period"]["end"] == "2026-11-03"
    code, out, _ = run("digest", "--since", "last monday", "--until", "today")
    assert code == 0 and out.startswith("# Team digest: 2026-11-02 to 2026-11-04\n")
    code, out, _ = run("actions", "--as-of", "tomorrow", "--format", "json")
    assert code == 0 and json.loads(out)[0]["days_late"] == 15  # due 2026-10-21, as of 11-05


@pytest.mark.parametrize(
    ("args", "option"),
    [(("list", "--since", "the other day"), "--since"),
     (("learnings", "--until", "soonish"), "--until"),
     (("digest", "--as-of", "31/10/2026"), "--as-of"),
     (("actions", "--as-of", "someday"), "--as-of")],
)  # fmt: skip
def test_a_bad_date_is_one_line_naming_the_option(
    run, monkeypatch, args: tuple[str, ...], option: str
) -> None:
    _now_is(monkeypatch, WEDNESDAY)
    code, out, err = run(*args)
    assert (code, out) == (2, "")
    assert err.startswith(f"aftercall: error: Invalid value for '{option}': cannot read \"")
    assert err.count("\n") == 1 and "last monday" in err
