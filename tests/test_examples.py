"""The committed example store and digests are what the stories and the current code produce."""

from __future__ import annotations

import hashlib
import importlib.util
import sys
import uuid
from dataclasses import replace
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from store import Reflection, Store
from store.insights.learnings import compute_insights
from store.insights.periods import parse_period
from tui.app import AftercallApp
from tui.cli import demo as demo_module
from tui.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
REBUILD = "python examples/build_examples.py"


def _build_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_examples", EXAMPLES / "build_examples.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


build = _build_module()


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def _fingerprint(root: Path) -> str:
    digest = hashlib.sha256()
    for name, data in _tree(root).items():
        digest.update(name.encode() + b"\0" + data)
    return digest.hexdigest()


def _same_tree(built: Path, committed: Path) -> None:
    new, old = _tree(built), _tree(committed)
    assert sorted(new) == sorted(old), f"files differ from {committed}; run {REBUILD}"
    stale = [name for name in new if new[name] != old[name]]
    assert not stale, f"{committed.name}/{stale[0]} is stale; run {REBUILD}"


def test_the_stories_read_without_problems() -> None:
    stories, problems = build.read_stories()
    assert problems == []
    assert len(stories) >= 55


def test_the_committed_store_is_what_the_stories_build(tmp_path: Path) -> None:
    stories, _ = build.read_stories()
    build.build_store(stories, tmp_path / "team-store")
    _same_tree(tmp_path / "team-store", build.TEAM_STORE)


def test_the_committed_digests_are_what_the_code_renders_now(tmp_path: Path) -> None:
    build.build_digests(build.TEAM_STORE, tmp_path / "digests")
    _same_tree(tmp_path / "digests", build.DIGESTS)


def test_a_story_with_a_bad_field_is_named_by_file_key_and_field(tmp_path: Path) -> None:
    (tmp_path / "acme.toml").write_text(
        'client = "Acme"\n[[reflection]]\nkey = "late"\nmember = "Maya Patel"\n'
        'conversation_at = "2026-08-03T10:00:00"\nmood_before = 9\n',
        encoding="utf-8",
    )
    _, problems = build.read_stories(tmp_path)
    assert problems == [
        "acme.toml reflection 1 [late]: mood_before: must be a whole number from 1 to 5, got 9"
    ]


@pytest.fixture(scope="module")
def example_records(tmp_path_factory: pytest.TempPathFactory) -> list[Reflection]:
    locks = tmp_path_factory.mktemp("locks")
    return Store(build.TEAM_STORE, member="Reader", device="test", lock_dir=locks).all()


def test_three_months_five_members_eight_clients(example_records: list[Reflection]) -> None:
    months = {r.conversation_date.strftime("%Y-%m") for r in example_records}
    assert months == {"2026-08", "2026-09", "2026-10"}
    assert len({r.member for r in example_records}) == 5
    assert len({r.client for r in example_records}) == 8
    currencies = {r.cost_absorbed.currency for r in example_records if r.cost_absorbed}
    assert len(currencies) >= 2


def test_october_has_themes_asks_overdue_items_of_both_parties(
    example_records: list[Reflection],
) -> None:
    october = compute_insights(example_records, parse_period("2026-10"), date(2026, 10, 31))
    assert october.themes_worked and october.themes_change and october.client_asks
    assert {o.item.party.value for o in october.actions.overdue_items} == {"us", "client"}
    items = [i for r in example_records for i in r.action_items]
    assert any(i.done_on and i.due and i.done_on > i.due for i in items)  # done late
    assert any(i.done_on and i.due and i.done_on <= i.due for i in items)  # done on time
    consolidated = [t for t in october.themes_client if "consolidated feedback" in t.shown]
    assert consolidated, "the planted ask for consolidated feedback should recur"


def test_the_demo_opens_a_copy_and_leaves_the_example_alone(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _fingerprint(build.TEAM_STORE)
    seen: dict[str, object] = {}

    def run_without_a_terminal(app: AftercallApp) -> None:
        """What a user might do in the demo: save a reflection (into the copy)."""
        store = app.store
        seen["root"], seen["count"], seen["member"] = store.root, len(store.all()), store.member
        store.add(replace(store.all()[0], id=str(uuid.uuid4()), created_at=None))

    monkeypatch.setattr(AftercallApp, "run", run_without_a_terminal)
    assert main(["demo"]) == 0
    assert seen["count"] == 60 and seen["member"] == demo_module.DEMO_MEMBER
    assert not Path(str(seen["root"])).exists()  # the temporary copy is gone
    assert _fingerprint(build.TEAM_STORE) == before
    assert "temporary copy" in capsys.readouterr().out


def test_a_missing_example_store_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(demo_module, "_PACKAGED", Path("/nonexistent/a"))
    monkeypatch.setattr(demo_module, "_CHECKOUT", Path("/nonexistent/b"))
    assert main(["demo"]) == 1
    assert capsys.readouterr().err == (
        "aftercall: error: the example team store is missing from this installation\n"
    )
