"""Rules about a reflection that need a clock, so the interchange reader (which has none)
cannot apply them: the store applies them as it writes, the form as it saves."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from store.records.errors import ValidationError
from store.records.models import Reflection

CLOCK_SKEW = timedelta(minutes=5)
"""How far ahead of this machine's clock a conversation time may be (another device's clock)."""


def refuse_future_conversation(reflection: Reflection, now: datetime) -> None:
    """A reflection is recorded after the conversation: refuse a conversation in the future.

    A follow-up or an action item may well be due in the future; the conversation may not.
    A naive time is the recorder's local wall time, so it is compared with local `now`.
    """
    at = reflection.conversation_at
    local = now.astimezone() if now.tzinfo is not None else now
    if isinstance(at, datetime):
        limit = local + CLOCK_SKEW
        future = at > (limit if at.tzinfo is not None else limit.replace(tzinfo=None))
        shown = at.strftime("%Y-%m-%d %H:%M")
    else:
        future = isinstance(at, date) and at > local.date()
        shown = at.isoformat()
    if future:
        raise ValidationError(
            "conversation_at", f"is in the future ({shown}); record a conversation once it happened"
        )
