"""`aftercall demo`: open the app on a copy of the example team store; the example never changes."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import click

from store import Store, StoreError
from tui.config import Config

DEMO_MEMBER = "Maya Patel"
"""The demo opens as one of the example team's members, so "your" items are not empty."""
_PACKAGED = Path(__file__).resolve().parents[1] / "_demo" / "team-store"
_CHECKOUT = Path(__file__).resolve().parents[2] / "examples" / "team-store"


def example_store() -> Path:
    """The example store shipped in the wheel, or the one in a source checkout."""
    for candidate in (_PACKAGED, _CHECKOUT):
        if candidate.is_dir():
            return candidate
    raise StoreError("the example team store is missing from this installation")


def copy_example(destination: Path) -> Path:
    """A private copy of the example store under `destination`."""
    target = destination / "team-store"
    shutil.copytree(example_store(), target)
    return target


@click.command("demo")
def demo_command() -> None:
    """Try aftercall on a realistic example team store (a temporary copy)."""
    from tui.app import build_app  # deferred: Textual takes ~150 ms to import

    with tempfile.TemporaryDirectory(prefix="aftercall-demo-") as folder:
        root = copy_example(Path(folder))
        store = Store.open(root, member=DEMO_MEMBER, state_dir=Path(folder) / "state")
        build_app(store, config=Config(member=DEMO_MEMBER, currency="EUR")).run()
