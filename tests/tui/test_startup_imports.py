"""The app starts on what its first screen needs; the rest is imported when first used."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

DEFERRED = [
    "markdown_it",
    "arrow",
    "exports.registry",
    "exports.html",
    "tui.shared_digests",
    "tui.screens.reflection_form_screen",
    "tui.screens.export_dialog",
    "tui.screens.learnings_screen",
    "tui.screens.actions_screen",
    "tui.screens.reflections_screen",
    "tui.natural_dates",
]


def test_importing_the_app_leaves_out_what_the_first_screen_does_not_need() -> None:
    code = "import sys, tui.app; print('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=Path(__file__).resolve().parents[2])  # fmt: skip
    loaded = set(done.stdout.split())
    assert "tui.app" in loaded
    assert [name for name in DEFERRED if name in loaded] == []
