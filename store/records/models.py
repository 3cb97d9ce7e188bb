"""The reflection record and its parts: frozen, typed, and exact about money."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any

SCHEMA_VERSION = 2
"""Version of the record shape written by this code; older records are migrated on read."""


class Labelled(StrEnum):
    """A stored value with the words people read for it."""

    @property
    def label(self) -> str:
        """ "missed_deadline" reads "missed deadline": tables, selects, digests and the CLI."""
        return self.value.replace("_", " ")


class ConversationType(Labelled):
    MISSED_DEADLINE = "missed_deadline"
    COMPLAINT = "complaint"
    SCOPE_CHANGE = "scope_change"
    PRICE_INCREASE = "price_increase"
    ESCALATION = "escalation"
    RENEWAL = "renewal"
    OTHER = "other"


class Channel(Labelled):
    CALL = "call"
    VIDEO = "video"
    IN_PERSON = "in_person"
    EMAIL = "email"
    CHAT = "chat"


class Outcome(Labelled):
    RESOLVED = "resolved"
    IN_PROGRESS = "in_progress"
    ESCALATED = "escalated"
    AT_RISK = "at_risk"
    LOST = "lost"


class CostKind(Labelled):
    RUSH_FEE = "rush_fee"
    CREDIT = "credit"
    DISCOUNT = "discount"
    FREE_WORK = "free_work"
    OTHER = "other"


class Party(Labelled):
    US = "us"
    CLIENT = "client"


if TYPE_CHECKING:
    Moment = date | datetime
else:
    # msgspec cannot decode a union of two string-encoded types, so at run time the annotation
    # is open and Reflection.__post_init__ turns the ISO string into a date or a datetime. This
    # lets shard files decode straight into Reflection at the speed of a plain parse.
    Moment = Any


def parse_moment(text: str) -> date | datetime:
    """An ISO 8601 date ("2026-10-14") or datetime; raises ValueError for anything else."""
    return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)


STRUCTURE_PARTS = ("acknowledged", "explained", "resolved", "committed")
"""The four parts of a well-run hard conversation, in the order they happen."""


@dataclass(frozen=True, slots=True)
class Structure:
    """Which parts of acknowledge, explain, resolve, commit the conversation covered."""

    acknowledged: bool = False
    explained: bool = False
    resolved: bool = False
    committed: bool = False

    @property
    def all_four(self) -> bool:
        return self.acknowledged and self.explained and self.resolved and self.committed

    def covered(self) -> tuple[str, ...]:
        return tuple(part for part in STRUCTURE_PARTS if getattr(self, part))


@dataclass(frozen=True, slots=True)
class CostAbsorbed:
    """Money the team gave up as goodwill; `amount` is quantised to the currency's minor unit."""

    amount: Decimal
    currency: str
    kind: CostKind = CostKind.OTHER
    note: str = ""


@dataclass(frozen=True, slots=True)
class ActionItem:
    id: str
    text: str
    owner: str = ""
    party: Party = Party.US
    due: date | None = None
    done_on: date | None = None
    internal: bool = False
    """Kept out of the client recap (our own follow-through, not something to promise them)."""

    @property
    def is_open(self) -> bool:
        return self.done_on is None


@dataclass(frozen=True, slots=True)
class Reflection:
    """One member's reflection on one hard client conversation."""

    id: str
    member: str
    client: str
    conversation_at: Moment
    type: ConversationType = ConversationType.OTHER
    channel: Channel = Channel.CALL
    issue_noticed_at: Moment | None = None
    participants: tuple[str, ...] = ()
    structure: Structure = field(default_factory=Structure)
    what_worked: str = ""
    what_to_change: str = ""
    practices_used: tuple[str, ...] = ()
    """Ids of the team's practices this conversation used (see store/records/practices.py)."""
    practices_missed: tuple[str, ...] = ()
    """Ids of practices that would have helped and were not used."""
    yes_we_owned: str = ""
    and_client_contribution: str = ""
    cost_absorbed: CostAbsorbed | None = None
    action_items: tuple[ActionItem, ...] = ()
    follow_up_on: date | None = None
    follow_up_done: date | None = None
    """The day the follow-up happened, marked explicitly (None: not marked done)."""
    mood_before: int | None = None
    mood_after: int | None = None
    outcome: Outcome = Outcome.IN_PROGRESS
    tags: tuple[str, ...] = ()
    created_at: datetime | None = None
    updated_at: datetime | None = None
    schema_version: int = SCHEMA_VERSION

    def __post_init__(self) -> None:
        for name in ("conversation_at", "issue_noticed_at"):
            value: Any = getattr(self, name)
            if type(value) is str:
                object.__setattr__(self, name, parse_moment(value))

    @property
    def conversation_date(self) -> date:
        """The calendar day of the conversation, whether a date or a datetime was recorded."""
        at = self.conversation_at
        return at.date() if type(at) is datetime else at  # inlined: learnings call it per record


def as_date(value: date | datetime) -> date:
    """The calendar day of a date or datetime (a datetime is also a date, so check it first)."""
    return value.date() if isinstance(value, datetime) else value
