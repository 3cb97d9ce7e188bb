"""A digest reads in full only the files holding its windows (issue 19); every other file counts
through its cached summary. Its bytes, accounts and trend included, must be the whole store's.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from exports.registry import DigestRequest, render
from store.insights import digest_records, digest_windows, parse_period
from store.insights.periods import Period, period_between
from store.storage import load_directory, summary_cache
from store.storage.shards import shard_files
from tests.store.cache_damage import DAMAGES, damage_cache
from tests.store.digest_history import history, reader, whole_store
from tests.store.test_period_reads import Decodes

CASES: list[tuple[str, date]] = [
    ("2026-10", date(2026, 10, 31)),  # the last full month
    ("2026-10", date(2026, 10, 12)),  # as of the middle of the month
    ("2026-11", date(2026, 11, 20)),  # the month the history ends in
    ("2024-01", date(2024, 1, 31)),  # the month it starts in
    ("2024-03", date(2024, 3, 15)),
    ("2025-01", date(2025, 1, 31)),  # across the roll-over of the year
    ("2025-06", date(2026, 11, 20)),  # judged long after: the accounts' health is today's
    ("2026-q3", date(2026, 9, 30)),
    ("2025", date(2025, 12, 31)),
    ("2025-02-10..2025-03-05", date(2025, 3, 5)),  # a custom range
]


def period_of(text: str) -> Period:
    if ".." in text:
        since, until = text.split("..")
        return period_between(date.fromisoformat(since), date.fromisoformat(until))
    return parse_period(text)


def _request(root: Path, period: str, as_of: date, fmt: str, charts: bool = False) -> DigestRequest:
    store = whole_store(root)
    return DigestRequest(period_of(period), as_of, fmt, charts=charts,
                         clients=load_directory(root), practices=store.practices())  # fmt: skip


def whole(root: Path, request: DigestRequest) -> str:
    return render(whole_store(root).query(), request)


def fast(root: Path, state: Path, request: DigestRequest) -> str:
    records, rest, _ = digest_records(reader(root, state), request.period, request.as_of)
    return render(records, request, rest)


@pytest.fixture(scope="module", params=[1, 2, 3])
def histories(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp(f"history-{request.param}")
    history(base / "store", base / "writers", request.param, tangled=request.param != 3)
    return base / "store"


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_every_months_digest_from_the_cache_equals_the_whole_store(
    histories: Path, tmp_path: Path, fmt: str
) -> None:
    state = tmp_path / "state"
    for period, as_of in CASES:
        request = _request(histories, period, as_of, fmt)
        expected = whole(histories, request)
        assert fast(histories, state, request) == expected, (period, as_of, "cold")
        assert fast(histories, state, request) == expected, (period, as_of, "warm")


@pytest.mark.parametrize("fmt", ["html", "csv"])
def test_the_other_formats_from_the_cache_equal_the_whole_store(
    histories: Path, tmp_path: Path, fmt: str
) -> None:
    for period, as_of in CASES[:4]:
        request = _request(histories, period, as_of, fmt, charts=fmt == "html")
        assert fast(histories, tmp_path / "state", request) == whole(histories, request)


def test_the_accounts_look_back_past_the_files_read(histories: Path, tmp_path: Path) -> None:
    """The cases are worth their salt: accounts whose health or next follow-up needs a file the
    digest does not read (without the summaries' pasts the digest would differ)."""
    request = _request(histories, "2025-06", date(2026, 11, 20), "json")
    records, rest, _ = digest_records(reader(histories, tmp_path / "s"), request.period,
                                      request.as_of)  # fmt: skip
    assert rest.clients
    blind = replace(rest, clients={})
    assert render(records, request, blind) != whole(histories, request)


def _conversations(path: Path) -> list[date]:
    docs = json.loads(path.read_text()).get("reflections", {}).values()
    return [date.fromisoformat(doc["conversation_at"][:10]) for doc in docs]


@pytest.mark.parametrize(("period", "as_of"), [CASES[0], CASES[4], CASES[6]])
def test_a_warm_digest_decodes_only_the_files_holding_its_windows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, period: str, as_of: date
) -> None:
    root, state = tmp_path / "store", tmp_path / "state"
    history(root, tmp_path / "writers", 1, tangled=False)
    request = _request(root, period, as_of, "md")
    expected = whole(root, request)
    fast(root, state, request)
    windows = digest_windows(request.period, as_of)
    needed = set()
    for path in shard_files(root):
        days = _conversations(path)
        in_window = any(low <= day <= high for low, high in windows for day in days)
        straddles = min(days) <= as_of < max(days)  # later calls, earlier items to count
        if in_window or straddles:
            needed.add(path)
    decodes = Decodes(monkeypatch)
    assert fast(root, state, request) == expected
    assert set(decodes.paths) == needed
    assert len(needed) < len(shard_files(root)) / 2, "most files are summarised"


def test_a_changed_file_outside_the_windows_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same size, same mtime, one letter of its head changed: the cache entry no longer stands."""
    root, state = tmp_path / "store", tmp_path / "state"
    history(root, tmp_path / "writers", 2, tangled=False)
    request = _request(root, "2026-10", date(2026, 10, 31), "json")
    fast(root, state, request)
    old = next(root.glob("shards/sam*/2024.json"))
    raw, stat = old.read_bytes(), old.stat()
    at = raw.index(b'"mood_after": ') + len(b'"mood_after": ')
    assert at < 4096
    swapped = b"4" if raw[at : at + 1] != b"4" else b"2"
    edited = raw[:at] + swapped + raw[at + 1 :] if raw[at : at + 1].isdigit() else raw
    if edited == raw:  # the first record left the temperature out: change its client instead
        at = raw.index(b'"client": "') + len(b'"client": "')
        edited = raw[:at] + raw[at : at + 4].swapcase() + raw[at + 4 :]
    assert len(edited) == len(raw) and edited != raw
    old.write_bytes(edited)
    os.utime(old, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    decodes = Decodes(monkeypatch)
    assert fast(root, state, request) == whole(root, request)
    assert old in decodes.paths


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_corrupt_cache_is_ignored(tmp_path: Path, damage: str) -> None:
    root, state = tmp_path / "store", tmp_path / "state"
    history(root, tmp_path / "writers", 2)
    request = _request(root, "2025-06", date(2026, 11, 20), "md")
    fast(root, state, request)
    damage_cache(state, damage)
    assert fast(root, state, request) == whole(root, request)


def test_a_cache_of_the_older_summary_shape_is_made_again(tmp_path: Path) -> None:
    """Entries made before the summaries kept the clients' pasts are not trusted."""
    root, state = tmp_path / "store", tmp_path / "state"
    history(root, tmp_path / "writers", 1, tangled=False)
    request = _request(root, "2025-06", date(2026, 11, 20), "md")
    fast(root, state, request)
    (cache,) = (state / "cache").glob("summaries-*.json")
    raw = cache.read_bytes()
    body = json.loads(raw[raw.index(b',"body":') + 8 : -1])
    for entry in body.values():
        if "index" in entry:
            entry["index"], entry["clients"] = "file_index 2", {}
    summary_cache._write(cache, body)  # a well-formed cache of the older shape
    assert fast(root, state, request) == whole(root, request)


def test_the_windows_cover_the_trend_and_the_health_rules() -> None:
    october = parse_period("2026-10")
    windows = digest_windows(october, date(2026, 10, 31))
    assert (date(2026, 5, 1), date(2026, 5, 31)) in windows  # the trend's oldest month
    assert (date(2026, 10, 31) - timedelta(days=90), date(2026, 10, 31)) in windows
    assert min(low for low, _ in windows) == date(2026, 5, 1)


def _item(n: int, party: str, due: str, done: str | None = None) -> dict[str, object]:
    return {"id": f"00000000-0000-4000-9000-{n:012d}", "text": f"Item {n}", "owner": "Dana",
            "party": party, "due": due, "done_on": done}  # fmt: skip


def test_an_account_judged_from_its_past_alone(tmp_path: Path) -> None:
    """A client of the month whose only calls up to "as of" sit in a summarised file: its health
    and next follow-up come from the summary alone, to the day. Items due on the very "as of"
    day are not overdue yet, the day before they are; an item done after "as of" was overdue; the
    temperature compares the last two rated calls."""
    from datetime import UTC, datetime

    from tests.factories import bare_reflection
    from tests.store.digest_history import open_store

    root, writers = tmp_path / "store", tmp_path / "writers"
    old = [
        bare_reflection(1, client="HOOLI", conversation_at="2025-03-01", mood_before=4,
                        mood_after=3, outcome="resolved"),
        bare_reflection(2, client="HOOLI", conversation_at="2025-03-04", mood_before=None,
                        mood_after=2, outcome="at_risk", follow_up_on="2026-10-20",
                        action_items=[_item(1, "us", "2026-10-12"), _item(2, "us", "2026-10-11"),
                                      _item(3, "client", "2025-02-01", "2026-10-20"),
                                      _item(4, "client", "2025-03-04"),
                                      _item(5, "us", "2025-03-01", "2026-10-12")]),
        bare_reflection(3, client="Hooli", conversation_at="2025-03-04", follow_up_on="2026-11-02",
                        outcome="in_progress"),
    ]  # fmt: skip
    old.append(bare_reflection(10, client="Initrode", conversation_at="2025-03-04",
                               follow_up_on="2026-10-21", outcome="in_progress"))  # fmt: skip
    open_store(root, "Dana", "pc", writers, datetime(2025, 3, 5, tzinfo=UTC)).put_many(old)
    # The same client in files read before and after Dana's (by path): the latest call wins
    # whatever the order, and calls of one day add their follow-ups up.
    others = [("Ari", 11, "2025-03-04", "2026-11-10", "lost"),
              ("Zed", 12, "2025-03-03", "2026-10-13", "resolved")]  # fmt: skip
    for member, n, day, follow, outcome in others:
        r = bare_reflection(n, member=member, client="Initrode", conversation_at=day,
                            follow_up_on=follow, outcome=outcome)  # fmt: skip
        open_store(root, member, member.lower(), writers, datetime(2025, 3, 5, tzinfo=UTC)
                   ).put_many([r])  # fmt: skip
    now = datetime(2026, 10, 25, tzinfo=UTC)
    later = [bare_reflection(4, client="Hooli", conversation_at="2026-10-20", mood_after=5),
             bare_reflection(9, client="Initrode", conversation_at="2026-10-22"),
             bare_reflection(5, client="Globex", conversation_at="2026-10-02")]  # fmt: skip
    open_store(root, "Dana", "pc", writers, now).put_many(later)
    # One file straddles "as of" and meets no window: it must be read, not summarised.
    open_store(root, "Ola", "ola", writers, datetime(2026, 3, 2, tzinfo=UTC)).put_many(
        [bare_reflection(6, member="Ola", client="Wayne", conversation_at="2026-03-01",
                         action_items=[_item(6, "us", "2026-03-05")])])  # fmt: skip
    open_store(root, "Ola", "ola", writers, datetime(2026, 11, 16, tzinfo=UTC)).put_many(
        [bare_reflection(7, member="Ola", client="Wayne", conversation_at="2026-11-15")]
    )
    request = _request(root, "2026-10", date(2026, 10, 12), "json")
    records, rest, _ = digest_records(reader(root, tmp_path / "s"), request.period,
                                      request.as_of)  # fmt: skip
    assert {r.client for r in records} == {"Hooli", "Globex", "Wayne", "Initrode"}, "not 2025"
    expected = whole(root, request)
    assert render(records, request, rest) == expected
    (hooli,) = [a for a in json.loads(expected)["accounts_at_risk"] if a["client"] == "Hooli"]
    assert "1 of our items overdue" in hooli["reasons"]
    assert "2 of their items overdue" in hooli["reasons"]
    assert "temperature falling (3 -> 2)" in hooli["reasons"]
    assert any("days since an unresolved" in reason for reason in hooli["reasons"])
    assert hooli["next_follow_up"] == "2026-10-20"
    (initrode,) = [a for a in json.loads(expected)["accounts_at_risk"]
                   if a["client"] == "Initrode"]  # fmt: skip
    assert initrode["next_follow_up"] == "2026-10-21"
    assert any("days since an unresolved" in reason for reason in initrode["reasons"])
