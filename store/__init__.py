"""aftercall's records and their storage: models, validation, the team store, queries.

Nothing here imports Textual or the TUI; only this package imports TinyDB.
"""

from store.errors import (
    ConflictError,
    NotFoundError,
    ReadOnlyStoreError,
    StoreBusyError,
    StoreError,
    ValidationError,
)
from store.interchange import reflection_from_dict, reflection_to_dict
from store.merge import Snapshot
from store.models import (
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
from store.queries import ReflectionFilter
from store.shards import FileProblem
from store.store import Store

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
    "reflection_from_dict",
    "reflection_to_dict",
]
