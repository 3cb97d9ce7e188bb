"""The config file: defaults, round trip, and one-line errors naming the file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from store import StoreError
from tui.config import Config, load_config, save_config


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert load_config(tmp_path / "none.json") == Config()


def test_round_trip(tmp_path: Path) -> None:
    config = Config(member="Dana", currency="EUR", store="/x", sync_on_start=True)
    save_config(tmp_path / "c.json", config)
    assert load_config(tmp_path / "c.json") == config


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("{", "cannot read the config file"),
        ("[]", "must hold a JSON object"),
        ('{"member": 3}', "member must be text"),
        ('{"currency": "EURO"}', "currency must be an ISO 4217 code"),
        ('{"sync_after_save": "yes"}', "sync_after_save must be true or false"),
    ],
)
def test_bad_config_is_named(tmp_path: Path, text: str, error: str) -> None:
    path = tmp_path / "c.json"
    path.write_text(text)
    with pytest.raises(StoreError, match=error) as caught:
        load_config(path)
    assert str(caught.value).startswith(str(path))
