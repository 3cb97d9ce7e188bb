"""`aftercall demo`: the app on a copy of the example team store; the example never changes."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date, datetime
from pathlib import Path

import click

from store import Store, StoreError
from tui.cli.demo_dates import bring_to_today
from tui.config import Config

DEMO_MEMBER = "Maya Patel"
"""The demo opens as one of the example team's members, so "your" items are not empty."""
DEMO_CURRENCY = "GBP"
_PACKAGED = Path(__file__).resolve().parents[1] / "_demo" / "team-store"
"""Where the wheel carries the example store (see pyproject's force-include)."""
_CHECKOUT = Path(__file__).resolve().parents[2] / "examples" / "team-store"


def example_store() -> Path:
    """The example store shipped in the wheel, or the one in a source checkout."""
    for candidate in (_PACKAGED, _CHECKOUT):
        if (candidate / "shards").is_dir():
            return candidate
    raise StoreError("the example team store is missing from this installation")


def copy_example(destination: Path) -> Path:
    """A private, writable copy of the example store under `destination`."""
    target = destination / "team-store"
    shutil.copytree(example_store(), target)
    for path in target.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)  # an installed copy may be read-only
    return target


def open_demo(folder: Path, today: date) -> Store:
    """The example store, copied into `folder` with its dates moved to just before `today`
    (see demo_dates), opened as the demo member."""
    copy = copy_example(folder)
    bring_to_today(copy, today)
    return Store.open(copy, member=DEMO_MEMBER, state_dir=folder / "state")


def _today() -> date:
    """The demo's clock; tests replace it."""
    return datetime.now().astimezone().date()


@click.command("demo")
def demo_command() -> None:
    """Try aftercall on an example team's three months (a temporary copy)."""
    from tui.app import build_app  # deferred: Textual takes ~150 ms to import

    with tempfile.TemporaryDirectory(prefix="aftercall-demo-") as name:
        folder = Path(name)
        app = build_app(
            open_demo(folder, _today()), config=Config(member=DEMO_MEMBER, currency=DEMO_CURRENCY),
            drafts_folder=folder / "drafts",
        )  # fmt: skip
        app.run()
    click.echo("The demo worked on a temporary copy, now removed. Run `aftercall` for your own.")
