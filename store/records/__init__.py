"""What a reflection is: models, errors, validation, interchange, CSV rows, filters."""

from store.records.clients import (
    EMPTY_DIRECTORY,
    ClientDirectory,
    ClientProfile,
    Contact,
    Style,
    fold_name,
)
from store.records.conversation_rules import refuse_future_conversation
from store.records.csv_rows import COLUMNS, defuse, flatten
from store.records.currencies import CURRENCIES
from store.records.errors import StoreError, ValidationError
from store.records.filters import newest_first_key
from store.records.importing import format_of, read_records
from store.records.input_text import decode_input, parse_json_text
from store.records.interchange import action_to_dict, format_amount
from store.records.models import STRUCTURE_PARTS, ActionItem, Labelled, as_date
from store.records.practices import Practice, Vocabulary, fold
from store.records.text_safety import json_safe, neutralise

__all__ = [
    "COLUMNS",
    "CURRENCIES",
    "EMPTY_DIRECTORY",
    "STRUCTURE_PARTS",
    "ActionItem",
    "ClientDirectory",
    "ClientProfile",
    "Contact",
    "Labelled",
    "Practice",
    "StoreError",
    "Style",
    "ValidationError",
    "Vocabulary",
    "action_to_dict",
    "as_date",
    "decode_input",
    "defuse",
    "flatten",
    "fold",
    "fold_name",
    "format_amount",
    "format_of",
    "json_safe",
    "neutralise",
    "newest_first_key",
    "parse_json_text",
    "read_records",
    "refuse_future_conversation",
]
