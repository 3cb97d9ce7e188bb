"""Adopting a theme as a practice: one store path for the CLI and the app, checked under lock."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from store import Store, ValidationError
from store.storage import adopt_practice, vocabulary
from store.storage.practice_events import read_events


def test_a_theme_is_adopted_once(make_store: Callable[..., Store]) -> None:
    store = make_store()
    adopt_practice(store, "Flag the risk the day we see it", ["complaint"], "flag risk day")
    with pytest.raises(ValidationError, match=r"^phrase: 'flag risk day' is already a practice"):
        adopt_practice(store, "Other wording", [], "flag risk day")
    practice = vocabulary(store.root).by_phrase("flag risk day")
    assert practice is not None and practice.wording == "Flag the risk the day we see it"
    assert len(read_events(store.root).events) == 1


@pytest.mark.parametrize(
    ("wording", "types", "error"),
    [
        ("  ", [], "wording: must be non-empty text"),
        ("x" * 201, [], "wording: must be at most 200 characters"),
        ("Called before THEY called us", [], "wording: 'Called before THEY called us' is already"),
        ("New", ["not_a_type"], "types[0]: must be one of"),
    ],
)
def test_bad_adoptions_name_the_field(
    make_store, wording: str, types: list[str], error: str
) -> None:
    store = make_store()
    with pytest.raises(ValidationError) as raised:
        adopt_practice(store, wording, types, "some phrase")
    assert str(raised.value).startswith(error)
    assert read_events(store.root).events == ()
