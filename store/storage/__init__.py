"""Reading and writing the store's files under the one-writer-per-file rule."""

from store.storage.atomic import write_atomic
from store.storage.device import WRITE_TIMEOUT
from store.storage.json_storage import dump_json, parse_json
from store.storage.practice_events import practice_files, vocabulary
from store.storage.shards import SHARDS_DIR, member_slug, same_member, shard_files

__all__ = [
    "SHARDS_DIR",
    "WRITE_TIMEOUT",
    "dump_json",
    "member_slug",
    "parse_json",
    "practice_files",
    "same_member",
    "shard_files",
    "vocabulary",
    "write_atomic",
]
