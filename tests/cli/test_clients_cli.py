"""`aftercall prep`, `due`, `calendar` and `client` end to end, on a copy of the examples store."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from icalendar import Calendar
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from store.storage.profile_events import PROFILE_FILE, load_directory
from tui.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "team-store"
AS_OF = "2026-10-31"


class _Golden(SingleFileSnapshotExtension):
    _write_mode = WriteMode.TEXT


class TextGolden(_Golden):
    _file_extension = "txt"


class MarkdownGolden(_Golden):
    _file_extension = "md"


class JsonGolden(_Golden):
    _file_extension = "json"


@pytest.fixture
def team_store(tmp_path: Path) -> Path:
    copy = tmp_path / "team-store"
    shutil.copytree(EXAMPLES, copy)
    return copy


@pytest.fixture
def run(team_store: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("AFTERCALL_STORE", str(team_store))
    monkeypatch.setenv("AFTERCALL_MEMBER", "Tom Becker")

    def invoke(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(""))
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


GOLDENS = {"text": TextGolden, "md": MarkdownGolden, "json": JsonGolden}


@pytest.mark.parametrize("client", ["Castell Retail", "Kestrel Outdoor"])
@pytest.mark.parametrize("fmt", ["text", "md", "json"])
def test_prep_golden(run, snapshot, client: str, fmt: str) -> None:
    code, out, err = run("prep", client, "--format", fmt, "--as-of", AS_OF)
    assert (code, err) == (0, "")
    assert out == snapshot(extension_class=GOLDENS[fmt])


def test_the_two_golden_clients_differ_in_style(run) -> None:
    styles = {json.loads(run("prep", c, "--format", "json", "--as-of", AS_OF)[1])["style"]
              for c in ("Castell Retail", "Kestrel Outdoor")}  # fmt: skip
    assert styles == {"analytical", "assertive"}


def test_prep_fits_one_screen_and_an_alias_finds_the_client(run) -> None:
    _, by_name, _ = run("prep", "Castell Retail", "--as-of", AS_OF)
    _, by_alias, _ = run("prep", "  castell ", "--as-of", AS_OF)
    assert by_name == by_alias
    lines = by_name.splitlines()
    assert len(lines) <= 40 and max(map(len, lines)) <= 100
    for part in (
        "Last call",
        "We promised",
        "They promised",
        "Ask to raise",
        "What worked",
        "What backfired",
        "Style",
        "Serious topics",
        "Cost absorbed",
        "Likely call",
    ):
        assert any(line.startswith(part) for line in lines), part


def test_prep_of_an_unknown_client_is_one_line(run) -> None:
    code, out, err = run("prep", "Nobody Ltd")
    assert code == 1 and out == ""
    assert err == "aftercall: error: NAME: no client or profile is called 'Nobody Ltd'\n"


def test_due_exit_status_is_1_with_overdue_items_and_0_without(run) -> None:
    code, out, _ = run("due", "--as-of", AS_OF)
    assert code == 1 and out.startswith("18 overdue")
    assert len(out.splitlines()) <= 10
    code, out, _ = run("due", "--as-of", "2026-08-01")
    assert (code, out) == (0, "nothing due in the next 7 days\n")
    code, out, _ = run("due", "--mine", "--as-of", "2026-10-20")
    assert code == 0 and out.startswith("0 overdue, 2 due")


def _events(text: str) -> dict[str, str]:
    cal = Calendar.from_ical(text)
    return {str(e["UID"]): str(e["SUMMARY"]) for e in cal.walk("VEVENT")}


def test_calendar_parses_and_imports_twice_with_the_same_uids(run, tmp_path: Path) -> None:
    target = tmp_path / "due.ics"
    code, _, err = run("calendar", "--as-of", AS_OF, "--output", str(target))
    assert code == 0 and err == f"wrote {target}\n"
    first = target.read_bytes().decode("utf-8")
    code, again, _ = run("calendar", "--as-of", AS_OF, "--output", "-")
    assert code == 0 and again == first  # same store, same bytes
    events = _events(first)
    assert len(events) == len(Calendar.from_ical(first).walk("VEVENT")) > 30
    imported: dict[str, str] = {}
    for text in (first, again):  # an importer keyed by UID updates, never duplicates
        imported.update(_events(text))
    assert imported == events
    follow_ups = [uid for uid in events if uid.startswith("follow-up-")]
    assert follow_ups and all(uid.endswith("@aftercall") for uid in events)
    _, mine, _ = run("calendar", "--mine", "--as-of", AS_OF)
    assert 0 < len(_events(mine)) < len(events)


def test_client_set_contact_and_show(run, team_store: Path) -> None:
    code, out, _ = run("client", "set", "Acme", "--style", "Assertive", "--channel", "video",
                       "--approver", "Priya Shah", "--alias", "ACME Retail")  # fmt: skip
    assert code == 0 and "assertive: Be direct" in out
    code, out, _ = run("client", "contact", "acme retail", "--name", "Priya Shah",
                       "--role", "head of marketing", "--style", "emotional",
                       "--email", "p@acme.test")  # fmt: skip
    assert code == 0
    code, out, _ = run("client", "show", "ACME")
    assert out.splitlines() == [
        "Acme",
        "  also:     ACME Retail",
        "  style:    assertive: Be direct and firm: the point first, then the decision you need.",
        "  channel:  video",
        "  approver: Priya Shah",
        "  contact:  Priya Shah (head of marketing, emotional, p@acme.test)",
    ]
    own = list((team_store / "shards").glob(f"tom-becker-*@*/{PROFILE_FILE}"))
    assert len(own) == 2  # the example's own folder and this device's: one writer per file
    assert load_directory(team_store).resolve("acme retail") is not None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("client", "set", "Acme", "--style", "shy"),
         "--style: 'shy' is not one of analytical, emotional, assertive, unknown"),
        (("client", "set", "Acme", "--channel", "fax"),
         "--channel: 'fax' is not one of call, video, in_person, email, chat"),
        (("client", "set", "Acme"),
         "client set: give at least one of --style, --channel, --approver, --alias"),
        (("client", "set", "Acme", "--alias", "Castell"), "--alias: 'Castell' already names "
         "Castell Retail"),
        (("client", "contact", "Acme", "--name", "Bo", "--email", "not an address"),
         "--email: 'not an address' is not an e-mail address"),
        (("client", "contact", "Acme", "--name", " "), "--name: is empty"),
        (("client", "contact", "Acme", "--name", "Bo", "--style", "loud"),
         "--style: 'loud' is not one of analytical, emotional, assertive, unknown"),
    ],
)  # fmt: skip
def test_bad_options_are_one_line_naming_the_option(run, team_store, args, message) -> None:
    before = sorted(p.name for p in (team_store / "shards").rglob(PROFILE_FILE))
    code, out, err = run(*args)
    assert (code, out) == (1, "")
    assert err == f"aftercall: error: {message}\n"
    assert sorted(p.name for p in (team_store / "shards").rglob(PROFILE_FILE)) == before


def test_list_by_an_alias_lists_the_clients_whole_history(run) -> None:
    _, by_alias, _ = run("list", "--client", "CASTELL", "--format", "json")
    _, by_name, _ = run("list", "--client", "castell retail", "--format", "json")
    found = json.loads(by_alias)
    assert found == json.loads(by_name) and len(found) == 7
    assert {r["client"] for r in found} == {"Castell Retail"}
