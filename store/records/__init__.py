"""The records and their rules: models, validation, and what a name refers to."""
