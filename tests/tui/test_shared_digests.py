"""Shared digests in the team store: two clones share the same month and sync in any order."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from exports.registry import DigestRequest, render
from store import Store, ValidationError
from store.insights.periods import parse_period, period_between
from store.storage import practice_events
from store.sync.git import SyncError
from store.sync.sharing import SyncReport, init_team_store, join_team_store, sync
from tests.conftest import Clock
from tests.factories import make_reflection, numbered_id
from tui.digest_sync import sync_with_digests
from tui.shared_digests import list_shared, read_name, share, shared_digest

OCTOBER = parse_period("2026-10")
TODAY = date(2026, 11, 20)


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout  # fmt: skip


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    bare = tmp_path / "remote.git"
    _git("init", "--quiet", "--bare", "--initial-branch=main", str(bare), cwd=tmp_path)
    return bare


@pytest.fixture
def clones(tmp_path: Path, remote: Path, clock: Clock) -> tuple[Store, Store]:
    """Ana made the team store; Ben joined it."""
    init_team_store(tmp_path / "ana", str(remote))
    join_team_store(str(remote), tmp_path / "ben")

    def open_as(member: str) -> Store:
        return Store(tmp_path / member.lower(), member=member, device="laptop",
                     lock_dir=tmp_path / f"locks-{member}", clock=clock)  # fmt: skip

    return open_as("Ana"), open_as("Ben")


def _add(store: Store, n: int, day: str = "2026-10-14") -> None:
    store.add(make_reflection(id=numbered_id(n), member=store.member, client=f"Client {n}",
                              conversation_at=day, action_items=[]))  # fmt: skip


def _share(store: Store, **aliases: bool) -> Path:
    options = {"pseudonymise_clients": False, "anonymise_members": False, **aliases}
    return share(store, shared_digest(store.root, OCTOBER, **options), TODAY)


def _expected(store: Store, **aliases: bool) -> str:
    return render(store.query(), DigestRequest(OCTOBER, date(2026, 10, 31), "md", **aliases))


def _on_remote(remote: Path, name: str) -> str:
    return _git("show", f"main:digests/{name}", cwd=remote)


def test_the_same_records_shared_twice_are_the_same_bytes_and_no_conflict(
    clones: tuple[Store, Store], remote: Path
) -> None:
    ana, ben = clones
    _add(ana, 1)
    sync_with_digests(ana, TODAY)
    sync_with_digests(ben, TODAY)
    first, second = _share(ana), _share(ben)
    assert first.read_bytes() == second.read_bytes()
    report = sync_with_digests(ana, TODAY)
    assert [d.path.name for d in report.shared] == ["2026-10.md"]
    assert "digests: 2026-10.md" in report.summary()
    assert sync_with_digests(ben, TODAY).shared == ()  # the same bytes were already shared
    assert _on_remote(remote, "2026-10.md") == _expected(ana) == _expected(ben)
    assert _git("status", "--porcelain", cwd=ben.root) == ""


@pytest.mark.parametrize("first", ["Ana", "Ben"])
def test_different_records_shared_in_either_order_end_as_the_merged_digest(
    clones: tuple[Store, Store], remote: Path, first: str
) -> None:
    ana, ben = clones
    _add(ana, 1)
    _add(ben, 2, "2026-10-20")
    assert _share(ana).read_text() != _share(ben).read_text()  # each saw only their own
    order = (ana, ben) if first == "Ana" else (ben, ana)
    for store in (*order, order[0]):
        sync_with_digests(store, TODAY)  # never stops on a conflict
    merged = _expected(ana)
    assert merged == _expected(ben) and "2 hard conversations" in merged
    assert _on_remote(remote, "2026-10.md") == merged
    for store in (ana, ben):
        assert (store.root / "digests" / "2026-10.md").read_text() == merged
        assert _git("status", "--porcelain", cwd=store.root) == ""


def test_a_teammate_sharing_makes_my_records_part_of_their_digest(
    clones: tuple[Store, Store], remote: Path
) -> None:
    """Ben never shared October, but his sync renders Ana's shared file with his records."""
    ana, ben = clones
    _add(ana, 1)
    _share(ana, pseudonymise_clients=True, anonymise_members=True)
    sync_with_digests(ana, TODAY)
    _add(ben, 2)
    sync_with_digests(ben, TODAY)
    name = "2026-10-pseudonymised-anonymised.md"
    expected = _expected(ben, pseudonymise_clients=True, anonymise_members=True)
    assert "Client 2" not in expected and "2 hard conversations" in expected
    assert _on_remote(remote, name) == expected


def test_a_teammate_pushing_during_the_sync_costs_a_round_not_a_conflict(
    clones: tuple[Store, Store], remote: Path
) -> None:
    ana, ben = clones
    _add(ana, 1)
    _share(ana)
    raced: list[bool] = []

    def sync_then_ben_pushes(store: Store) -> SyncReport:
        report = sync(store)
        if not raced:
            raced.append(True)
            _add(ben, 2)
            sync_with_digests(ben, TODAY)  # Ben renders October too, with both records
        return report

    sync_with_digests(ana, TODAY, sync=sync_then_ben_pushes)
    assert _on_remote(remote, "2026-10.md") == _expected(ana) == _expected(ben)
    assert "2 hard conversations" in _expected(ana)
    assert _git("status", "--porcelain", cwd=ana.root) == ""


def test_a_failed_sync_keeps_the_shared_digest_for_the_next(
    clones: tuple[Store, Store], remote: Path, tmp_path: Path
) -> None:
    ana, _ = clones
    _add(ana, 1)
    path = _share(ana)
    shared = path.read_text()
    _git("remote", "set-url", "origin", str(tmp_path / "gone.git"), cwd=ana.root)
    with pytest.raises(SyncError):
        sync_with_digests(ana, TODAY)
    assert path.read_text() == shared  # set aside during the sync, rendered back after
    assert "digests" not in _git("log", "--name-only", "--format=", cwd=ana.root)
    _git("remote", "set-url", "origin", str(remote), cwd=ana.root)
    sync_with_digests(ana, TODAY)
    assert _on_remote(remote, "2026-10.md") == shared


def test_names_say_what_to_render_and_list_newest_first(tmp_path: Path) -> None:
    folder = tmp_path / "digests"
    folder.mkdir()
    for name in ("2026-09.md", "2026-10-pseudonymised.md", "2026-Q3.md", "2026-10.md",
                 "2026.md", "notes.md", "2026-13.md", "2026-10.html"):  # fmt: skip
        (folder / name).write_text("x")
    (folder / "2026-08.md").symlink_to(tmp_path / "secret.txt")  # a hostile teammate's link
    assert [d.path.name for d in list_shared(tmp_path)] == [
        "2026.md",
        "2026-10.md",
        "2026-10-pseudonymised.md",
        "2026-Q3.md",
        "2026-09.md",
    ]
    digest = read_name(Path("2026-Q4-pseudonymised-anonymised.md"))
    assert digest is not None and digest.period == parse_period("2026-Q4")
    assert digest.title == "2026-Q4 (clients pseudonymised, members anonymised)"
    assert read_name(Path("2026-10-anonymised-pseudonymised.md")) is None


def test_a_range_of_days_cannot_be_shared(tmp_path: Path) -> None:
    days = period_between(date(2026, 10, 5), date(2026, 10, 9))
    with pytest.raises(ValidationError, match="--share: shares a month, quarter or year"):
        shared_digest(tmp_path, days, pseudonymise_clients=False, anonymise_members=False)


def test_without_git_the_store_sync_error_is_what_the_user_sees(
    make_store: Callable[..., Store],
) -> None:
    with pytest.raises(SyncError, match="not shared through git"):
        sync_with_digests(make_store(), TODAY)


def test_a_sync_that_brings_nothing_new_renders_nothing(
    clones: tuple[Store, Store], monkeypatch: pytest.MonkeyPatch, clock: Clock
) -> None:
    from tui import shared_digests

    ana, _ = clones
    _add(ana, 1)
    _share(ana)
    rendered: list[str] = []
    real = shared_digests.render

    def counting(records, request):  # type: ignore[no-untyped-def]
        rendered.append(request.period.label)
        return real(records, request)

    monkeypatch.setattr(shared_digests, "render", counting)
    sync_with_digests(ana, TODAY)
    assert rendered == ["October 2026"]  # set aside and rendered back
    sync_with_digests(ana, TODAY)
    assert rendered == ["October 2026"]  # the same files: nothing to render
    sync_with_digests(ana, date(2026, 12, 1))
    assert rendered == ["October 2026"]  # October is judged at its end whatever the day
    _add(ana, 2)
    sync_with_digests(ana, TODAY)
    assert rendered == ["October 2026", "October 2026"]
    (ana.root / "digests" / "2026-10.md").write_text("a hand edit\n")
    sync_with_digests(ana, TODAY)  # set back to the commit, which is still what renders
    assert len(rendered) == 2 and _expected(ana) == (ana.root / "digests/2026-10.md").read_text()


def test_a_practice_a_teammate_added_reads_the_same_in_every_shared_digest(
    clones: tuple[Store, Store], remote: Path, clock: Clock
) -> None:
    ana, ben = clones
    added = practice_events.add(ben, "sent the agenda the day before", [])
    ben.add(make_reflection(id=numbered_id(2), member="Ben", client="Client 2",
                            conversation_at="2026-10-20", action_items=[],
                            practices_used=[added.practice_id]))  # fmt: skip
    sync_with_digests(ben, TODAY)
    sync_with_digests(ana, TODAY)
    first, second = _share(ana), _share(ben)
    assert "sent the agenda the day before" in first.read_text()
    assert first.read_bytes() == second.read_bytes()
    # A reworded practice renders again at the next sync, though no record changed.
    clock.now += timedelta(minutes=5)
    practice_events.record(ana, added.practice_id, {"wording": "sent the agenda a day ahead"})
    sync_with_digests(ana, TODAY)
    assert "sent the agenda a day ahead" in _on_remote(remote, "2026-10.md")
