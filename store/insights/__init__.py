"""What the team learns from its reflections: aggregations over a period."""
