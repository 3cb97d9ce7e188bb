"""Where the records live on disk and how they are written and read."""
