"""Reading and writing the store's files under the one-writer-per-file rule."""
