"""Filters over reflections: what `list`, the browser and the learnings select by."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from store.interchange import TEXT_FIELDS
from store.models import ConversationType, Outcome, Reflection


@dataclass(frozen=True, slots=True)
class ReflectionFilter:
    """Every criterion is optional; a reflection must meet all that are set.

    Names compare case-insensitively; `text` is a case-insensitive substring of any text field,
    the client, the member, a participant, a tag or an action item.
    """

    since: date | None = None
    until: date | None = None
    member: str | None = None
    client: str | None = None
    type: ConversationType | None = None
    outcome: Outcome | None = None
    tag: str | None = None
    text: str | None = None

    def matches(self, r: Reflection) -> bool:
        day = r.conversation_date
        return (
            (self.since is None or day >= self.since)
            and (self.until is None or day <= self.until)
            and (self.member is None or r.member.casefold() == self.member.casefold())
            and (self.client is None or r.client.casefold() == self.client.casefold())
            and (self.type is None or r.type == self.type)
            and (self.outcome is None or r.outcome == self.outcome)
            and (self.tag is None or self.tag.casefold() in (t.casefold() for t in r.tags))
            and (not self.text or self.text.casefold() in searchable_text(r))
        )


def searchable_text(r: Reflection) -> str:
    """Everything a free-text search looks through, casefolded once."""
    parts = [r.client, r.member, *r.participants, *r.tags]
    parts += [getattr(r, name) for name in TEXT_FIELDS]
    parts += [f"{item.text} {item.owner}" for item in r.action_items]
    if r.cost_absorbed is not None:
        parts.append(r.cost_absorbed.note)
    return "\n".join(parts).casefold()


def newest_first_key(r: Reflection) -> tuple[date, time, str]:
    """Sort key putting the latest conversation first when used with reverse=True."""
    at = r.conversation_at
    moment = at.time() if isinstance(at, datetime) else time.min
    return (r.conversation_date, moment, r.id)
