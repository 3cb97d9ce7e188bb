"""Every file location aftercall uses, in one place, built on platformdirs.

`AFTERCALL_HOME` moves all of them under one folder (tests, demos, portable installs);
`AFTERCALL_STORE` moves just the store.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "aftercall"
HOME_ENV = "AFTERCALL_HOME"
STORE_ENV = "AFTERCALL_STORE"
MEMBER_ENV = "AFTERCALL_MEMBER"


def _home() -> Path | None:
    value = os.environ.get(HOME_ENV)
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    """User data: the default store and drafts."""
    home = _home()
    return home / "data" if home else platformdirs.user_data_path(APP)


def config_dir() -> Path:
    home = _home()
    return home / "config" if home else platformdirs.user_config_path(APP)


def state_dir() -> Path:
    """Machine-local state never shared with the team: device id, write locks, caches."""
    home = _home()
    return home / "state" if home else platformdirs.user_state_path(APP)


def config_file() -> Path:
    return config_dir() / "config.json"


def default_store_dir() -> Path:
    return data_dir() / "store"


def drafts_dir() -> Path:
    return data_dir() / "drafts"
