"""What the team learns from its records: aggregations, signals and briefings."""
