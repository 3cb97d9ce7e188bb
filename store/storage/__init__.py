"""Shards on disk: the Store, shard codec, atomic writes, locks, merge, events, folders."""

from store.storage.atomic import write_atomic
from store.storage.authorship import may_edit
from store.storage.device import WRITE_TIMEOUT
from store.storage.json_storage import dump_json, parse_json
from store.storage.shards import SHARDS_DIR, member_slug, shard_files

__all__ = [
    "SHARDS_DIR",
    "WRITE_TIMEOUT",
    "dump_json",
    "may_edit",
    "member_slug",
    "parse_json",
    "shard_files",
    "write_atomic",
]
