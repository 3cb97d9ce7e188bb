"""Client profiles: edits as events in each member's own file, folded per field, synced by id."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from store import Store, StoreError, ValidationError
from store.records.clients import (
    ClientDirectory,
    Contact,
    ProfileEvent,
    Style,
    fold_name,
    fold_profiles,
)
from store.records.filters import ReflectionFilter
from store.storage.profile_events import (
    PROFILE_FILE,
    edit_profile,
    load_directory,
    read_profile_events,
)
from store.sync.sharing import sync
from tests.conftest import Clock
from tests.factories import bare_reflection

T0 = datetime(2026, 11, 1, 9, tzinfo=UTC)


def _event(eid: str, at: datetime, **fields: object) -> ProfileEvent:
    return ProfileEvent(id=eid, client_id="c1", at=at, member="Ana", device="d", fields=fields)


def test_fold_is_per_field_newest_wins_and_ties_go_to_the_higher_id() -> None:
    events = [
        _event("a", T0, name="Acme", style="analytical"),
        _event("b", T0 + timedelta(hours=1), channel="video"),
        _event("c", T0 + timedelta(hours=2), style="assertive"),
        _event("e", T0 + timedelta(hours=3), approver="Helen"),
        _event("d", T0 + timedelta(hours=3), approver="Brian"),
    ]
    for order in (events, list(reversed(events))):
        profile = fold_profiles(order)["c1"]
        assert (profile.name, profile.style, profile.channel, profile.approver) == (
            "Acme",
            Style.ASSERTIVE,
            "video",
            "Helen",
        )


def test_names_fold_case_spaces_and_accents() -> None:
    assert fold_name("  ACMÉ   Retail ") == fold_name("acme retail") == "acme retail"


def test_aliases_resolve_to_one_profile(make_store) -> None:
    store: Store = make_store()
    edit_profile(store, "Acme", style="analytical", aliases=("ACME Retail",))
    directory = load_directory(store.root)
    for spelling in ("acme", "Acme Retail", " acmé  retail"):
        profile = directory.resolve(spelling)
        assert profile is not None and profile.name == "Acme"
    assert directory.same_client("ACME Retail", "acme")
    assert directory.resolve("Acme Foods") is None
    assert directory.display("Acme Foods") == "Acme Foods"


def test_edits_go_to_the_members_own_file_with_every_field(make_store) -> None:
    store: Store = make_store()
    edit_profile(store, "Acme", channel="Video")
    edit_profile(
        store, "acme", contact=Contact("Helen Ward", "marketing director", Style.EMOTIONAL)
    )
    doc = json.loads((store.own_dir / PROFILE_FILE).read_text())
    events = list(doc["profile_events"].values())
    assert len(events) == 2
    assert set(events[0]) == {"id", "client_id", "at", "member", "device", "schema_version",
                              "fields"}  # fmt: skip
    profile = load_directory(store.root).resolve("ACME")
    assert profile is not None and profile.channel == "video"
    assert profile.contacts == (Contact("Helen Ward", "marketing director", Style.EMOTIONAL),)


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"style": "grumpy"}, "--style"),
        ({"channel": "pigeon"}, "--channel"),
        ({"aliases": ("",)}, "--alias"),
        ({"approver": "a\x1b[2Jb"}, "--approver"),
    ],
)
def test_bad_values_name_the_option_and_write_nothing(make_store, options, field) -> None:
    store: Store = make_store()
    with pytest.raises(ValidationError) as error:
        edit_profile(store, "Acme", **options)
    assert error.value.field == field
    assert not (store.own_dir / PROFILE_FILE).exists()


def test_an_alias_of_another_client_is_refused(make_store) -> None:
    store: Store = make_store()
    edit_profile(store, "Acme")
    edit_profile(store, "Globex", aliases=("Globex Corp",))
    with pytest.raises(ValidationError, match="already names Globex"):
        edit_profile(store, "Acme", aliases=("globex corp",))


def test_a_hostile_file_is_skipped_with_one_line(make_store, store_dir) -> None:
    store: Store = make_store()
    edit_profile(store, "Acme", style="emotional")
    other = store_dir / "shards" / "eve-00000000@x"
    other.mkdir(parents=True)
    (other / PROFILE_FILE).write_text(json.dumps({"profile_events": {
        "1": {"id": "x", "client_id": "c", "at": "yesterday", "member": "Eve", "device": "x",
              "fields": {}},
        "2": {"id": "y", "client_id": "c", "at": "2026-11-01T00:00:00+00:00", "member": "Eve",
              "device": "x", "fields": {"style": "furious"}},
    }}))  # fmt: skip
    read = read_profile_events(store_dir)
    assert len(read.events) == 1 and len(read.problems) == 1
    assert "2 client profile edit(s)" in read.problems[0]
    profile = load_directory(store_dir).resolve("acme")
    assert profile is not None and profile.style is Style.EMOTIONAL


def test_the_older_profile_keeps_a_name_two_claim() -> None:
    older = _event("a", T0, name="Acme")
    newer = ProfileEvent(id="b", client_id="c2", at=T0 + timedelta(days=1), member="Ben",
                         device="d", fields={"name": "Other", "alias:acme": "ACME"})  # fmt: skip
    directory = ClientDirectory(fold_profiles([newer, older]).values())
    assert directory.key("acme") == "c1"


def test_a_teammates_edit_on_another_device_arrives_by_sync_and_wins_by_time(
    team, clock: Clock
) -> None:
    ana, join = team
    ben = join("Ben", "pc")
    edit_profile(ana, "Acme", style="analytical", channel="email", aliases=("ACME Retail",))
    sync(ana)
    sync(ben)
    assert load_directory(ben.root).resolve("acme retail") is not None
    clock.now += timedelta(minutes=5)
    edit_profile(ben, "ACME Retail", style="emotional")  # Ben, later, on his own device
    clock.now += timedelta(minutes=5)
    edit_profile(ana, "acme", channel="video")  # Ana, meanwhile: a different field
    for store in (ben, ana, ben):
        sync(store)
    profiles = [load_directory(s.root).resolve("Acme") for s in (ana, ben)]
    assert profiles[0] == profiles[1]
    assert profiles[0] is not None
    assert (profiles[0].style, profiles[0].channel) == (Style.EMOTIONAL, "video")


def test_two_clones_of_one_member_merge_profile_events_by_id(team, clock: Clock) -> None:
    ana, join = team
    laptop_twin = join("Ana", "laptop", folder="ana-twin")  # a copy of the same device folder
    edit_profile(ana, "Acme", style="assertive")
    clock.now += timedelta(minutes=1)
    edit_profile(laptop_twin, "Globex", style="analytical")
    for store in (ana, laptop_twin, ana):
        sync(store)
    directory = load_directory(ana.root)
    assert {p.name for p in directory.profiles.values()} == {"Acme", "Globex"}


def test_a_filter_by_spellings_finds_every_alias() -> None:
    event = _event("a", T0, name="Acme", **{"alias:acme retail": "ACME Retail"})
    directory = ClientDirectory(fold_profiles([event]).values())
    where = ReflectionFilter(client_names=directory.spellings_of("acme retail"))
    names = ["Acme", "ACME  Retail", "acmé", "Acme Foods"]
    found = [n for n in names if where.matches(bare_reflection(1, client=n))]
    assert found == ["Acme", "ACME  Retail", "acmé"]
    canonical = directory.canonical([bare_reflection(1, client="acme retail")])
    assert canonical[0].client == "Acme"


def test_a_corrupt_own_file_is_refused_in_one_line_and_left_alone(make_store) -> None:
    store: Store = make_store()
    edit_profile(store, "Acme", style="emotional")
    own = store.own_dir / PROFILE_FILE
    own.write_bytes(b'{"profile_events": {"1": ')
    with pytest.raises(StoreError, match=r"cannot be read .*nothing was written"):
        edit_profile(store, "Acme", style="assertive")
    assert own.read_bytes() == b'{"profile_events": {"1": '
