"""A writer run as a separate process by the durability tests: adds reflections, prints each id.

An id is printed (and flushed) only after `Store.add` returned, so every printed id is a write the
store acknowledged and must survive a SIGKILL that comes at any later moment.
"""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

from store import Store
from tests.factories import make_reflection


def main(root: str, lock_dir: str, member: str, count: int) -> None:
    store = Store(Path(root), member=member, device="box", lock_dir=Path(lock_dir), shard_limit=40)
    for _ in range(count):
        stored = store.add(make_reflection(id=str(uuid.uuid4()), member=member))
        print(stored.id, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
