"""Shards on disk: the Store, shard codec, atomic writes, locks, merge, events, folders."""

from store.storage.atomic import write_atomic
from store.storage.authorship import may_edit
from store.storage.device import WRITE_TIMEOUT
from store.storage.json_storage import dump_json, parse_json
from store.storage.practice_events import add as add_practice
from store.storage.practice_events import adopt as adopt_practice
from store.storage.practice_events import (
    check_adoption,
    practice_files,
    refuse_duplicate,
    vocabulary,
)
from store.storage.practice_events import record as record_practice_change
from store.storage.profile_events import (
    clean_text,
    edit_profile,
    load_directory,
    read_profile_events,
)
from store.storage.shards import SHARDS_DIR, member_slug, same_member, shard_files

__all__ = [
    "SHARDS_DIR",
    "WRITE_TIMEOUT",
    "add_practice",
    "adopt_practice",
    "check_adoption",
    "clean_text",
    "dump_json",
    "edit_profile",
    "load_directory",
    "may_edit",
    "member_slug",
    "parse_json",
    "practice_files",
    "read_profile_events",
    "record_practice_change",
    "refuse_duplicate",
    "same_member",
    "shard_files",
    "vocabulary",
    "write_atomic",
]
