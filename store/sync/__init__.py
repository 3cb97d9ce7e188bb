"""Sharing the team store through git: sync, team init/join, merges of shard files."""

from store.sync.git import SAFE, Git, SyncError, classify_remote_failure
from store.sync.sharing import (
    SyncReport,
    SyncState,
    default_join_folder,
    init_team_store,
    join_team_store,
    sync,
    sync_state,
)

__all__ = [
    "SAFE",
    "Git",
    "SyncError",
    "SyncReport",
    "SyncState",
    "classify_remote_failure",
    "default_join_folder",
    "init_team_store",
    "join_team_store",
    "sync",
    "sync_state",
]
