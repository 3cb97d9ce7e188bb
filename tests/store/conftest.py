"""Fixtures for sharing a store through real git: a bare remote in tmp_path and clones of it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from store import Store
from store.sync.sharing import init_team_store, join_team_store
from tests.conftest import Clock


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout  # fmt: skip


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    bare = tmp_path / "remote.git"
    git("init", "--quiet", "--bare", str(bare), cwd=tmp_path)
    return bare


@pytest.fixture
def team(tmp_path: Path, remote: Path, clock: Clock):
    """A team store pushed by Ana; `join(member, device)` gives a clone opened as that member."""
    ana_root = tmp_path / "ana-laptop"
    init_team_store(ana_root, str(remote))

    def open_as(root: Path, member: str, device: str) -> Store:
        return Store(root, member=member, device=device, lock_dir=tmp_path / f"locks-{device}",
                     clock=clock)  # fmt: skip

    def join(member: str, device: str, folder: str = "") -> Store:
        root = tmp_path / (folder or f"{member}-{device}")
        join_team_store(str(remote), root)
        return open_as(root, member, device)

    return open_as(ana_root, "Ana", "laptop"), join
