"""Progress bars for long CLI work, on stderr and only when stderr is a terminal.

Scripts that pipe or capture stderr see nothing; a person at a terminal sees a bar while a large
store is read, instead of a silent pause of seconds.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any, TextIO

import click

from store import Store

WORTH_A_BAR = 8_000_000
"""Bytes below which reading is quick enough (a fraction of a second) to go unannounced."""


@contextmanager
def progress_bar(
    label: str, *, stream: TextIO | None = None, threshold: int = WORTH_A_BAR
) -> Iterator[Callable[[int, int], None]]:
    """A `progress(done, total)` callback drawing a bar; silent off a terminal or when small."""
    out = stream or sys.stderr
    bar: Any = None
    shown = 0
    with ExitStack() as finish:

        def update(done: int, total: int) -> None:
            nonlocal bar, shown
            if bar is None:
                if total < threshold or not out.isatty():
                    return
                bar = finish.enter_context(
                    click.progressbar(length=total, label=label, file=out, width=30)
                )
            bar.update(done - shown)
            shown = done

        yield update


def read_store_with_progress(store: Store, label: str = "Reading the store") -> None:
    """Load `store` once with a bar, so the commands after it find every file cached."""
    with progress_bar(label) as progress:
        store.snapshot(progress=progress)
