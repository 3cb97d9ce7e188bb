"""Progress bars: drawn on a terminal for large work, never into a pipe or for small work."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from store import Store
from tests.factories import make_reflection
from tui.cli.progress import progress_bar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _drive(stream: io.StringIO, total: int, threshold: int) -> str:
    with progress_bar("Reading the store", stream=stream, threshold=threshold) as progress:
        for done in range(0, total + 1, total // 4):
            progress(done, total)
    return stream.getvalue()


def test_a_terminal_sees_a_bar_that_ends_full() -> None:
    shown = _drive(Terminal(), total=100, threshold=10)
    assert "Reading the store" in shown and "100%" in shown


def test_a_pipe_and_small_work_see_nothing() -> None:
    assert _drive(io.StringIO(), total=100, threshold=10) == ""
    assert _drive(Terminal(), total=100, threshold=1_000) == ""


def test_the_store_reports_bytes_read_up_to_the_total(
    make_store: Callable[..., Store],
) -> None:
    make_store(member="Ana", device="a").add(make_reflection(member="Ana"))
    make_store(member="Ben", device="b").add(
        make_reflection(id="0b7f3c1e-2a44-4f0e-9a51-5d7f6c1b2a11", member="Ben")
    )
    reader = make_store(device="reader")
    heard: list[tuple[int, int]] = []
    reader.snapshot(progress=lambda done, total: heard.append((done, total)))
    total = sum(p.stat().st_size for p in Path(reader.root, "shards").rglob("*.json"))
    assert heard[0] == (0, total) and heard[-1] == (total, total) and len(heard) == 3


def test_the_first_digest_hears_of_the_files_it_summarises_and_a_warm_one_of_none(
    make_store: Callable[..., Store],
) -> None:
    from datetime import date

    from store.insights import digest_records, parse_period

    make_store(member="Ana", device="a").add(make_reflection(member="Ana"))
    make_store(member="Ben", device="b").add(
        make_reflection(id="0b7f3c1e-2a44-4f0e-9a51-5d7f6c1b2a11", member="Ben")
    )
    heard: list[tuple[int, int]] = []
    october = parse_period("2026-10")
    digest_records(make_store(device="reader"), october, date(2026, 10, 31),
                   lambda done, total: heard.append((done, total)))  # fmt: skip
    total = sum(p.stat().st_size for p in Path(make_store().root, "shards").rglob("*.json"))
    assert heard[0] == (0, total) and heard[-1] == (total, total) and len(heard) == 3
    heard.clear()
    digest_records(make_store(device="reader"), october, date(2026, 10, 31),
                   lambda done, total: heard.append((done, total)))  # fmt: skip
    assert heard == []
