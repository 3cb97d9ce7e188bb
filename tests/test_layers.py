"""The layering holds at run time too: the store and exports load without Textual."""

from __future__ import annotations

import subprocess
import sys


def test_store_and_exports_import_without_textual() -> None:
    code = (
        "import sys, store, store.storage.store, store.records.importing, exports; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'tui')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
