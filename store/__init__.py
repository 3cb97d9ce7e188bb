"""aftercall's records and their storage: models, validation, the team store, queries.

Nothing here imports Textual or the TUI; only this package imports TinyDB.
"""

from store.records.errors import (
    ConflictError,
    NotFoundError,
    ReadOnlyStoreError,
    StoreBusyError,
    StoreError,
    ValidationError,
)
from store.records.filters import ReflectionFilter
from store.records.interchange import reflection_from_dict, reflection_to_dict
from store.records.models import (
    SCHEMA_VERSION,
    ActionItem,
    Channel,
    ConversationType,
    CostAbsorbed,
    CostKind,
    Outcome,
    Party,
    Reflection,
    Structure,
)
from store.storage import locations
from store.storage.merge import Snapshot
from store.storage.shards import FileProblem
from store.storage.store import Store

__all__ = [
    "SCHEMA_VERSION",
    "ActionItem",
    "Channel",
    "ConflictError",
    "ConversationType",
    "CostAbsorbed",
    "CostKind",
    "FileProblem",
    "NotFoundError",
    "Outcome",
    "Party",
    "ReadOnlyStoreError",
    "Reflection",
    "ReflectionFilter",
    "Snapshot",
    "Store",
    "StoreBusyError",
    "StoreError",
    "Structure",
    "ValidationError",
    "locations",
    "reflection_from_dict",
    "reflection_to_dict",
]
