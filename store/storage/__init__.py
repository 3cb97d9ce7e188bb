"""Where the store keeps its files: storage, shards, caches and the write path."""
