"""Each member has a folder of their own, whatever their name, and old folder names still work."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import pytest

from store import ConflictError, Store
from store.storage.shards import legacy_member_slug, member_slug, same_member
from tests.factories import make_reflection, numbered_id

NAMES = ["Dana Lee", "dana lee", "Dána Lée", "Dana-Lee", "DANA LEE", "李雷", "Иван", "Ivan", "Ιβάν"]


def test_names_that_differ_only_in_case_accents_punctuation_or_script_never_share_a_folder() -> (
    None
):
    slugs = [member_slug(name) for name in NAMES]
    assert len(set(slugs)) == len(NAMES)
    assert member_slug("Dana Lee").startswith("dana-lee-")
    assert member_slug("李雷").startswith("member-")
    assert all("/" not in s and "@" not in s and s.isascii() for s in slugs)


@pytest.mark.parametrize("name", ["Dána Lée", "Zoë", "Ångström"])
def test_the_same_name_in_any_normal_form_is_the_same_member(name: str) -> None:
    decomposed = unicodedata.normalize("NFD", name)
    assert decomposed != name
    assert member_slug(decomposed) == member_slug(name)
    assert same_member(decomposed, name)
    assert not same_member(name, name.upper())


def test_two_members_on_one_device_cannot_delete_each_others_records(
    make_store: Callable[..., Store],
) -> None:
    li = make_store(member="李雷", device="pc")
    ivan = make_store(member="Иван", device="pc")
    li.add(make_reflection(id=numbered_id(1), member="李雷"))
    assert li.own_dir != ivan.own_dir
    with pytest.raises(ConflictError, match="only its author can change it"):
        ivan.delete(numbered_id(1))
    assert li.get(numbered_id(1)).member == "李雷"


def test_a_store_with_old_folder_names_keeps_working(
    make_store: Callable[..., Store],
) -> None:
    dana = make_store(member="Dana Lee", device="laptop")
    dana.add(make_reflection(id=numbered_id(1), member="Dana Lee"))
    dana.add(make_reflection(id=numbered_id(2), member="Dana Lee"))
    legacy = dana.own_dir.with_name(f"{legacy_member_slug('Dana Lee')}@laptop")
    dana.own_dir.rename(legacy)  # as an aftercall before folder hashes wrote it
    (old_file,) = legacy.glob("*.json")
    before = old_file.read_bytes()

    again = make_store(member="Dana Lee", device="laptop")
    assert {r.id for r in again.all()} == {numbered_id(1), numbered_id(2)}
    updated = again.update(make_reflection(id=numbered_id(1), member="Dana Lee", client="Globex"))
    assert again.get(numbered_id(1)).client == "Globex" == updated.client
    again.delete(numbered_id(2))
    assert [r.id for r in again.all()] == [numbered_id(1)]
    assert old_file.read_bytes() == before  # the old folder is read, the new one written
    assert all(path.parent == again.own_dir for path in again.own_files())


def test_an_own_file_with_non_numeric_keys_is_left_alone_and_the_save_goes_on(
    make_store: Callable[..., Store],
) -> None:
    dana = make_store(member="Dana Lee", device="laptop")
    dana.add(make_reflection(id=numbered_id(1), member="Dana Lee"))
    (path,) = dana.own_files()
    path.write_text(path.read_text().replace('"1": {', '"first": {'))
    before = path.read_bytes()

    again = make_store(member="Dana Lee", device="laptop")
    again.add(make_reflection(id=numbered_id(2), member="Dana Lee"))
    again.update(make_reflection(id=numbered_id(1), member="Dana Lee", client="Globex"))
    again.delete(numbered_id(2))
    assert [(r.id, r.client) for r in again.all()] == [(numbered_id(1), "Globex")]
    assert path.read_bytes() == before
    assert len(again.own_files()) == 2


def test_names_are_kept_in_nfc_whether_added_or_read_from_a_teammates_file(
    make_store: Callable[..., Store],
) -> None:
    import json

    decomposed = unicodedata.normalize("NFD", "Dána Lée")
    dana = make_store(member="Dana", device="laptop")
    dana.add(make_reflection(id=numbered_id(1), member=decomposed, client=decomposed))
    assert dana.get(numbered_id(1)).member == "Dána Lée" == dana.get(numbered_id(1)).client
    record = dict(json.loads(dana.own_files()[0].read_text())["reflections"]["1"])
    record |= {"id": numbered_id(2), "member": decomposed, "participants": [decomposed]}
    teammate = dana.root / "shards" / "sam@pc" / "2026.json"
    teammate.parent.mkdir()
    teammate.write_text(json.dumps({"reflections": {"1": record}}, ensure_ascii=False))
    read = make_store(member="Dana", device="laptop").get(numbered_id(2))
    assert read.member == "Dána Lée" and read.participants == ("Dána Lée",)
