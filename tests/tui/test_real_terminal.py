"""The app in a real terminal (tmux), keys sent the way a fast typist's terminal sends them.

The pilot posts key events straight to the app; a terminal sends bytes that Textual's driver
parses on its own thread. Here `tmux send-keys` hands a whole line plus C-s to the terminal
in one call, with no pause between keys, and the test reads back what was stored through the
CLI. Slow (a second or two per app start), so left out of the default run.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux"),
]

WAIT_SECONDS = 20.0
"""How long a step may take to show on screen before the test gives up (a loaded machine)."""


class Terminal:
    """One tmux session on its own server socket, so it never touches anyone else's tmux."""

    def __init__(self, socket: str, env: dict[str, str]) -> None:
        self.socket, self.env = socket, env

    def tmux(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True,
                              text=True, check=True, env=self.env)  # fmt: skip
        return done.stdout

    def start(self, command: list[str]) -> None:
        self.tmux("new-session", "-d", "-s", "t", "-x", "120", "-y", "40", shlex.join(command))

    def send(self, *keys: str) -> None:
        """Every key in one send-keys call: the terminal gets them back to back."""
        self.tmux("send-keys", "-t", "t", *keys)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "t")

    def wait_for(self, text: str) -> str:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never showed; the screen:\n{self.screen()}")


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    env = {**os.environ, "AFTERCALL_HOME": str(tmp_path / "home"),
           "AFTERCALL_STORE": str(tmp_path / "store"), "AFTERCALL_MEMBER": "Dana",
           "TERM": "xterm-256color"}  # fmt: skip
    term = Terminal(f"aftercall-test-{os.getpid()}", env)
    yield term
    subprocess.run(["tmux", "-L", term.socket, "kill-server"], capture_output=True, env=env)


def aftercall(*args: str) -> list[str]:
    return [sys.executable, "-c", "import sys; from tui.cli import main; sys.exit(main())", *args]


def stored(terminal: Terminal) -> dict[str, dict[str, object]]:
    """What the store holds, by client, read through the CLI."""
    done = subprocess.run(aftercall("list", "--format", "json"), capture_output=True, text=True,
                          check=True, env=terminal.env)  # fmt: skip
    return {record["client"]: record for record in json.loads(done.stdout)}


def test_a_line_and_ctrl_s_in_one_send(terminal: Terminal) -> None:
    terminal.start(aftercall("new"))
    terminal.wait_for("New reflection")
    terminal.send("Acme Retail", "C-s")
    terminal.wait_for("Saved the reflection on Acme Retail")
    # From home: n, a client, tab to the four parts, tick the first and the last, save.
    terminal.send("n", "Globex", "Tab", "Tab", "Tab", "Tab", "Tab", "Tab", "Sam, Lee", "Tab",
                  "Space", "Tab", "Tab", "Tab", "Space", "C-s")  # fmt: skip
    terminal.wait_for("Saved the reflection on Globex")
    # A select by enter and a letter, then a text area, then the tags, and save.
    terminal.send("n", "Initech", "Tab", "Tab", "Enter", "e", "Enter", *["Tab"] * 12,
                  "We owned the slip",
                  "C-s")  # fmt: skip
    terminal.wait_for("Saved the reflection on Initech")
    terminal.send("C-q")
    records = stored(terminal)
    assert sorted(records) == ["Acme Retail", "Globex", "Initech"]
    acme, globex, initech = records["Acme Retail"], records["Globex"], records["Initech"]
    assert (acme["client"], acme["participants"]) == ("Acme Retail", ["Dana"])
    assert (globex["client"], globex["participants"]) == ("Globex", ["Dana", "Sam", "Lee"])
    assert globex["structure"] == {"acknowledged": True, "explained": False,
                                   "resolved": False, "committed": True}  # fmt: skip
    assert (initech["client"], initech["type"]) == ("Initech", "escalation")
    assert initech["yes_we_owned"] == "We owned the slip"


def test_keys_at_a_steady_pace_and_a_pause_before_saving(terminal: Terminal) -> None:
    """The pace from the issue (0.15-0.2 s a key), and 1.5 s between a field and C-s.

    On this 2-core machine the app keeps up with this pace even without keys held in order
    (the issue saw it fail on a slower one), so this guards the pace rather than pins the bug;
    the one-send test above fails without the ordering.
    """
    terminal.start(aftercall("new", "--client", "Hooli"))
    terminal.wait_for("New reflection")
    # The cursor starts in the first empty field, First noticed; shift+tab back to the type.
    keys = ["3 days ago", "BTab", "BTab", "Enter", "c", "Enter", *["Tab"] * 5, "Space",
            "Tab", "Tab", "Tab", "Space", "Tab", "Tab", "Tab", "Enter", "r", "Enter",
            *["Tab"] * 4, "Space", "Tab", "Tab", "Tab", "1,250.50"]  # fmt: skip
    for key in keys:
        terminal.send(key)
        time.sleep(0.18)
    time.sleep(1.5)
    terminal.send("C-s")
    terminal.wait_for("Saved the reflection on Hooli")
    terminal.send("C-q")
    hooli = stored(terminal)["Hooli"]
    assert (hooli["type"], hooli["outcome"], hooli["issue_noticed_at"] is not None) == (
        "complaint", "resolved", True)  # fmt: skip
    assert hooli["structure"] == {"acknowledged": True, "explained": False, "resolved": False,
                                  "committed": True}  # fmt: skip
    assert hooli["cost_absorbed"]["amount"] == "1250.50"  # type: ignore[index]
    assert len(hooli["practices_used"]) == 1  # the first practice for a complaint, ticked
