"""`aftercall digest` and `learnings --format json` read only the files holding the windows they
show (issue 19): their output must be byte for byte what the whole store gives, cold and warm.
Aliased digests still read the whole store (see `exports.registry.render`)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from exports.insights_json import insights_to_dict
from exports.registry import DigestRequest, render
from store import locations
from store.insights import extras_to_dict, full_learnings, parse_period
from store.records import json_safe
from store.storage import load_directory
from tests.store.digest_history import history, whole_store

CASES = [
    ("2026-10", date(2026, 10, 31)),
    ("2026-10", date(2026, 10, 9)),
    ("2024-02", date(2024, 2, 29)),
    ("2025-01", date(2026, 11, 20)),
]


def _whole_digest(root: Path, period: str, as_of: date, fmt: str, **aliases: bool) -> str:
    store = whole_store(root)
    request = DigestRequest(parse_period(period), as_of, fmt, clients=load_directory(root),
                            practices=store.practices(), **aliases)  # fmt: skip
    return render(store.query(), request)


def _whole_learnings_json(root: Path, period: str, as_of: date) -> str:
    store = whole_store(root)
    directory = load_directory(root)
    current, previous, extras = full_learnings(
        directory.canonical(store.query()), parse_period(period), as_of, directory,
        store.practices(),
    )  # fmt: skip
    data = insights_to_dict(current, previous) | extras_to_dict(extras)
    return json_safe(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


@pytest.mark.parametrize("seed", [1, 2])
def test_digest_and_learnings_json_from_the_cache_equal_the_whole_store(
    run, store_dir: Path, tmp_path: Path, seed: int
) -> None:
    history(store_dir, tmp_path / "writers", seed, tangled=seed == 1)
    for period, as_of in CASES:
        asked = ("--period", period, "--as-of", as_of.isoformat())
        for fmt in ("md", "json", "html", "csv"):
            expected = _whole_digest(store_dir, period, as_of, fmt)
            for _ in ("cold", "warm"):
                code, out, _err = run("digest", *asked, "--format", fmt)
                assert (code, out) == (0, expected), (period, as_of, fmt)
        expected = _whole_learnings_json(store_dir, period, as_of)
        assert run("learnings", *asked, "--format", "json")[:2] == (0, expected), (period, as_of)
    assert any(locations.state_dir().rglob("summaries-*.json")), "the digest read the cache"


def test_an_aliased_digest_reads_the_whole_store(
    run, store_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    history(store_dir, tmp_path / "writers", 2)
    import tui.cli.exporting as exporting

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("an aliased digest must not take the fast path")

    monkeypatch.setattr(exporting, "digest_records", refuse)
    for flags in ({"pseudonymise_clients": True}, {"anonymise_members": True}):
        option = "--pseudonymise-clients" if "pseudonymise_clients" in flags else (
            "--anonymise-members")  # fmt: skip
        expected = _whole_digest(store_dir, "2026-10", date(2026, 10, 31), "md", **flags)
        code, out, _err = run("digest", "--period", "2026-10", "--as-of", "2026-10-31", option)
        assert (code, out) == (0, expected)


def test_render_refuses_aliases_from_part_of_the_store(store_dir: Path, tmp_path: Path) -> None:
    from store.insights import digest_records
    from tests.store.digest_history import reader

    history(store_dir, tmp_path / "writers", 1, tangled=False)
    period = parse_period("2026-10")
    records, rest, _ = digest_records(reader(store_dir, tmp_path / "s"), period,
                                      date(2026, 10, 31))  # fmt: skip
    request = DigestRequest(period, date(2026, 10, 31), "md", pseudonymise_clients=True)
    with pytest.raises(ValueError, match="whole store"):
        render(records, request, rest)
    assert render(records, replace(request, pseudonymise_clients=False), rest)
