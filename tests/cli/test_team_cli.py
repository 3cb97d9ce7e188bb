"""`aftercall team init/join` and `aftercall sync` from the command line, with real git."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tui.cli import main

ADD = '{"client": "Acme", "conversation_at": "2026-11-02"}'


def _as(monkeypatch: pytest.MonkeyPatch, home: Path, member: str) -> None:
    monkeypatch.setenv("AFTERCALL_HOME", str(home))
    monkeypatch.setenv("AFTERCALL_MEMBER", member)


def test_init_join_sync_from_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    remote = tmp_path / "team.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    _as(monkeypatch, tmp_path / "ana", "Ana")
    monkeypatch.setattr("sys.stdin", io.StringIO(ADD))
    assert main(["add", "--from", "-"]) == 0
    assert main(["team", "init", "--remote", str(remote)]) == 0
    assert "is shared at" in capsys.readouterr().out

    _as(monkeypatch, tmp_path / "ben", "Ben")
    assert main(["team", "join", str(remote)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"joined {remote}: aftercall now uses ")
    config = json.loads((tmp_path / "ben" / "config" / "config.json").read_text())
    assert config["store"].endswith("/teams/team")
    monkeypatch.setattr("sys.stdin", io.StringIO(ADD.replace("Acme", "Globex")))
    assert main(["add", "--from", "-"]) == 0
    capsys.readouterr()
    assert main(["sync"]) == 0
    assert capsys.readouterr().out.startswith("shared: Ben (")

    _as(monkeypatch, tmp_path / "ana", "Ana")
    assert main(["sync"]) == 0
    assert capsys.readouterr().out == "1 new reflection from Ben\n"
    assert main(["list", "--format", "json"]) == 0
    assert {r["client"] for r in json.loads(capsys.readouterr().out)} == {"Acme", "Globex"}


def test_sync_outside_a_repository_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _as(monkeypatch, tmp_path / "solo", "Solo")
    assert main(["sync"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("aftercall: error: ") and "aftercall team init" in err
    assert err.count("\n") == 1


def test_digest_share_then_sync_puts_it_in_the_team_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    remote = tmp_path / "team.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    _as(monkeypatch, tmp_path / "ana", "Ana")
    monkeypatch.setattr("sys.stdin", io.StringIO(ADD))
    assert main(["add", "--from", "-"]) == 0
    assert main(["team", "init", "--remote", str(remote)]) == 0
    capsys.readouterr()
    assert main(["digest", "--period", "2026-11", "--share", "--pseudonymise-clients"]) == 0
    out, err = capsys.readouterr()
    assert main(["locate"]) == 0
    store = Path(capsys.readouterr().out.splitlines()[0].split()[-1])
    assert out == ""
    assert err.splitlines() == [
        f"shared {store / 'digests' / '2026-11.md'}",
        f"shared {store / 'digests' / '2026-11-pseudonymised.md'}",
        "`aftercall sync` sends it to the team",
    ]
    assert main(["digest", "--period", "2026-11"]) == 0
    assert (store / "digests" / "2026-11.md").read_text() == capsys.readouterr().out
    assert main(["sync"]) == 0
    assert "digests: 2026-11.md, 2026-11-pseudonymised.md" in capsys.readouterr().out
    shared = subprocess.run(["git", "-C", str(remote), "show", "main:digests/2026-11.md"],
                            check=True, capture_output=True, text=True).stdout  # fmt: skip
    assert shared.startswith("# Team digest: November 2026\n")


@pytest.mark.parametrize(
    ("extra", "option"),
    [(["--format", "html"], "--format"), (["--charts"], "--charts"),
     (["--output", "x.md"], "--output"), (["--as-of", "2026-11-15"], "--as-of")],
)  # fmt: skip
def test_share_refuses_what_its_name_cannot_carry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    extra: list[str], option: str,
) -> None:  # fmt: skip
    _as(monkeypatch, tmp_path / "ana", "Ana")
    assert main(["digest", "--period", "2026-10", "--share", *extra]) == 1
    err = capsys.readouterr().err
    assert err.startswith("aftercall: error: --share: ") and err.count("\n") == 1
    assert err.endswith(f"leave out {option}\n")
    assert main(["digest", "--since", "2026-10-01", "--until", "2026-10-09", "--share"]) == 1
    assert "a month, quarter or year" in capsys.readouterr().err
