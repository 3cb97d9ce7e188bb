"""A corrupt file, own or a teammate's, never stops a command: one warning, the rest of the team.

Each corruption x (own file, teammate's file) x (list, add, digest, the app starting): no traceback,
the corrupt file byte for byte as it was, and every other record still listed.
"""

from __future__ import annotations

import asyncio
import io
import json
from pathlib import Path
from typing import Any

import pytest

from store import Store
from store.storage import locations
from store.storage.shards import member_slug
from tests.factories import full_record, numbered_id
from tests.tui.pilot_tools import Notices
from tui.app import build_app
from tui.cli import main
from tui.config import Config

STAMPS = {"created_at": "2026-10-14T16:30:00+00:00", "updated_at": "2026-10-14T16:30:00+00:00",
          "schema_version": 1}  # fmt: skip


def _good(n: int, member: str, **fields: Any) -> dict[str, Any]:
    fields = {"id": numbered_id(n), "member": member, "client": f"Client {n}"} | fields
    record = full_record(**fields)
    return record | STAMPS


def _bad(**fields: Any) -> dict[str, Any]:
    return _good(99, "Sam", **fields)


def _tables(*bad: dict[str, Any], **extra: Any) -> bytes:
    reflections = {"1": _good(2, "Sam")} | {str(i): doc for i, doc in enumerate(bad, start=2)}
    return json.dumps({"reflections": reflections, **extra}, ensure_ascii=False).encode()


CORRUPTIONS: dict[str, bytes] = {
    "amount 1E+30": _tables(_bad(cost_absorbed={"amount": "1E+30", "currency": "EUR"})),
    "amount -0": _tables(_bad(cost_absorbed={"amount": "-0.00", "currency": "EUR"})),
    "created_at year 1 with an offset": _tables(
        _bad() | {"created_at": "0001-01-01T00:00:00+01:00"}
    ),
    "conversation_at 9999 with an offset": _tables(
        _bad(conversation_at="9999-12-31T23:00:00-05:00")
    ),
    "naive deletion marker": _tables(
        tombstones={"1": {"id": numbered_id(7), "deleted_at": "2026-10-10T00:00:00"}}
    ),
    "date-only deletion marker": _tables(
        tombstones={"1": {"id": numbered_id(7), "deleted_at": "2026-10-10"}}
    ),
    "deletion marker without a date": _tables(tombstones={"1": {"id": numbered_id(7)}}),
    "naive action item change": _tables(
        events={
            "1": {
                "id": "e",
                "record_id": numbered_id(2),
                "item_id": "x",
                "done_on": None,
                "by": "Sam",
                "at": "2026-10-20T00:00:00",
            }
        }
    ),
    "escape sequence in a text": _tables(_bad(what_worked="\x1b]52;c;ZWNobyBoaQ==\x07 ok")),
    "bell in a name": _tables(_bad(client="Acme\x07")),
    "a 300-character client name": _tables(_bad(client="A" * 300)),
    "non-numeric document keys": json.dumps({"reflections": {"x": _good(2, "Sam")}}).encode(),
    "empty records": json.dumps({"reflections": {str(i): {} for i in range(3000)}}).encode(),
    "records that are not objects": json.dumps({"reflections": {"1": 5, "2": [1]}}).encode(),
    "a list for a table": json.dumps({"reflections": [1, 2]}).encode(),
    "truncated JSON": _tables()[:-40],
    "not JSON": b"\x00\x01 nothing here",
    "invalid UTF-8": b'{"reflections": {"1": {"client": "\xff\xfe"}}}',
    "UTF-16": _tables().decode().encode("utf-16"),
    "lone surrogate": _tables().replace(b'"Client 2"', b'"\\ud800"'),
    "deep nesting": b'{"reflections": ' + b"[" * 5000 + b"]" * 5000 + b"}",
    "a 5,000-digit mood": _tables().replace(b'"mood_before": 2', b'"mood_before": ' + b"9" * 5000),
}


ACCEPTED = {"naive deletion marker", "date-only deletion marker", "naive action item change",
            "non-numeric document keys"}  # fmt: skip
"""Read without a warning: a stamp without an offset is UTC (as for `created_at`), and a file
TinyDB could not rewrite is still read (this device writes a new file instead)."""


@pytest.fixture
def team(store_dir: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Dana (this device) has one record in her own file; Sam has one in his."""
    monkeypatch.setenv("AFTERCALL_STORE", str(store_dir))
    monkeypatch.setenv("AFTERCALL_MEMBER", "Dana Lee")
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(_good(1, "Dana Lee"))))
    assert main(["add", "--from", "-"]) == 0
    (own,) = store_dir.glob("shards/*/*.json")
    teammate = store_dir / "shards" / f"{member_slug('Sam')}@d3v1ce" / "2026.json"
    teammate.parent.mkdir(parents=True)
    teammate.write_text(json.dumps({"reflections": {"1": _good(3, "Sam")}}))
    return {"own": own, "teammate": teammate}


def _run(capsys: pytest.CaptureFixture[str], *args: str, stdin: str = "") -> tuple[int, str, str]:
    import sys

    sys.stdin = io.StringIO(stdin)
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _listed(capsys: pytest.CaptureFixture[str]) -> set[str]:
    code, out, _ = _run(capsys, "list", "--format", "json")
    assert code == 0
    return {record["id"] for record in json.loads(out)}


def _corrupt(team: dict[str, Path], whose: str, data: bytes) -> Path:
    """The corrupt file: a second file in the owner's folder, so the good ones stay."""
    path = team[whose].with_name("2025.json")
    path.write_bytes(data)
    return path


def _start_app(store_dir: Path) -> list[str]:
    """Start the app on the store, let home load, and return the warnings it showed."""
    store = Store.open(store_dir, member="Dana Lee", state_dir=locations.state_dir())
    app = build_app(store, config=Config(member="Dana Lee", currency="EUR"))

    notices = Notices()

    async def start() -> list[str]:
        async with app.run_test(size=(100, 32), message_hook=notices) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            return [n.message for n in notices.shown]

    return asyncio.run(start())


@pytest.mark.parametrize("whose", ["own", "teammate"])
@pytest.mark.parametrize("command", ["list", "add", "digest", "app"])
@pytest.mark.parametrize("corruption", list(CORRUPTIONS))
def test_a_corrupt_file_is_skipped_with_one_warning(
    team: dict[str, Path], store_dir: Path, capsys, corruption: str, whose: str, command: str
) -> None:
    path = _corrupt(team, whose, CORRUPTIONS[corruption])
    before = path.read_bytes()
    good = {numbered_id(1), numbered_id(3)} | (
        {numbered_id(2)} if b'"Client 2"' in before else set()
    )
    if command == "list":
        code, out, err = _run(capsys, "list")
        assert code == 0 and "Client 1" in out and "Client 3" in out
    elif command == "add":
        new = json.dumps({"client": "Newco", "conversation_at": "2026-11-02"})
        code, out, err = _run(capsys, "add", "--from", "-", stdin=new)
        assert code == 0 and len(out.strip()) == 36
    elif command == "digest":
        code, out, err = _run(capsys, "digest", "--period", "2026-10")
        assert code == 0 and "Client 1" in out and "Client 3" in out
    else:
        warnings = _start_app(store_dir)
        code, err = 0, "\n".join(f"aftercall: warning: {w}" for w in warnings)
    assert "Traceback" not in err and "\x1b" not in err and "\x07" not in err
    warnings = [line for line in err.splitlines() if str(path) in line]
    if command == "add":  # a save reads its own file and those that may mention its id
        assert len(warnings) <= (corruption not in ACCEPTED), warnings
    else:
        assert len(warnings) == (corruption not in ACCEPTED), warnings
    assert path.read_bytes() == before, "the corrupt file was rewritten"
    listed = _listed(capsys)
    assert good - {numbered_id(2)} <= listed
    if command == "add":
        assert len(listed - good - {numbered_id(2)}) == 1


def test_add_goes_on_when_this_devices_current_file_has_non_numeric_keys(
    team: dict[str, Path], capsys
) -> None:
    own = team["own"]
    own.write_text(own.read_text().replace('"1": {', '"first": {'))
    before = own.read_bytes()
    new = json.dumps({"client": "Newco", "conversation_at": "2026-11-02"})
    code, out, err = _run(capsys, "add", "--from", "-", stdin=new)
    assert (code, err) == (0, "") and len(out.strip()) == 36
    assert own.read_bytes() == before
    assert {numbered_id(1), out.strip()} <= _listed(capsys)
