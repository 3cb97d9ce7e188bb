"""The records themselves: typed models, validation and the folds that build them from events."""
