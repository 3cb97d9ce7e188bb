"""What the store learns from its records: learnings, themes, periods and their indexes."""
