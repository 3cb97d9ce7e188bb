"""A conversation is recorded after it happened: `add` and `import` refuse one in the future,
while follow-up and due dates may be ahead."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tui.cli import main


@pytest.fixture
def run(store_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("AFTERCALL_STORE", str(store_dir))
    monkeypatch.setenv("AFTERCALL_MEMBER", "Dana Lee")

    def invoke(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
        if stdin is not None:
            monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


def test_add_refuses_a_conversation_in_the_future(run) -> None:
    record = {"client": "A", "conversation_at": "2099-06-01"}
    assert run("add", "--from", "-", stdin=json.dumps(record)) == (
        1, "", "aftercall: error: conversation_at: is in the future (2099-06-01); record a "
        "conversation once it happened\n")  # fmt: skip
    assert run("list", "--format", "json")[1].strip() == "[]"


def test_add_takes_a_follow_up_and_a_due_date_ahead(run) -> None:
    record = {"client": "A", "conversation_at": "2026-01-05T10:00", "follow_up_on": "2099-01-01",
              "action_items": [{"text": "Call", "due": "2099-02-01"}]}  # fmt: skip
    code, _, err = run("add", "--from", "-", stdin=json.dumps(record))
    assert (code, err) == (0, "")


def test_import_names_the_line_of_a_future_conversation(run, tmp_path: Path) -> None:
    lines = [{"client": "A", "conversation_at": "2026-01-05"},
             {"client": "B", "conversation_at": "2099-06-01T09:30"}]  # fmt: skip
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    code, _, err = run("import", str(path))
    assert code == 1
    assert err == ("aftercall: error: line 2: conversation_at: is in the future (2099-06-01 "
                   "09:30); record a conversation once it happened\n")  # fmt: skip
    assert run("list", "--format", "json")[1].strip() == "[]"
