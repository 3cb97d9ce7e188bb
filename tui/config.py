"""The user's settings file (member name, default currency, store folder) and who the user is."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from store.records import CURRENCIES, StoreError
from store.storage import write_atomic


@dataclass(frozen=True, slots=True)
class Config:
    member: str | None = None
    """The name teammates see on this user's reflections."""
    currency: str = "USD"
    """Currency a new cost absorbed starts in."""
    store: str | None = None
    """Store folder; None means the default in the user data dir."""
    sync_on_start: bool = False
    """Pull teammates' reflections (a full sync) when the app starts, for a store shared by git."""
    sync_after_save: bool = False
    """Sync after every save, so teammates see a reflection as soon as it is recorded."""
    theme: str | None = None
    """The app's colour theme as last chosen (ctrl+p, "Change theme"); None: Textual's default."""

    def with_changes(self, **changes: object) -> Config:
        return replace(self, **changes)  # type: ignore[arg-type]


_TEXT = ("member", "currency", "store", "theme")
_SWITCHES = ("sync_on_start", "sync_after_save")


def load_config(path: Path) -> Config:
    """The settings in `path`, or defaults when it does not exist yet."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Config()
    except (OSError, ValueError) as error:
        raise StoreError(f"{path}: cannot read the config file ({error})") from None
    if not isinstance(data, dict):
        raise StoreError(f"{path}: the config file must hold a JSON object")
    known = {key: data[key] for key in _TEXT + _SWITCHES if key in data}
    for key, value in known.items():
        if key in _SWITCHES and not isinstance(value, bool):
            raise StoreError(f"{path}: {key} must be true or false")
        if key in _TEXT and value is not None and not isinstance(value, str):
            raise StoreError(f"{path}: {key} must be text")
    config = Config(**known)
    if config.currency not in CURRENCIES:
        raise StoreError(f"{path}: currency must be an ISO 4217 code, got {config.currency!r}")
    return config


def save_config(path: Path, config: Config) -> None:
    payload = json.dumps(asdict(config), indent=2, sort_keys=True) + "\n"
    write_atomic(path, payload.encode("utf-8"))


def git_user_name() -> str | None:
    """`git config user.name`, the suggested member name on first run."""
    git = shutil.which("git")
    if git is None:
        return None
    try:
        result = subprocess.run(
            [git, "config", "user.name"], capture_output=True, text=True, timeout=5, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None
