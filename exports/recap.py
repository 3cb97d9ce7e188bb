"""The follow-up email to the client after the call, as plain text ready to paste into a mail.

Only what was agreed goes out: the actions on both sides with owners and dates, and when we will
check back. The internal reflection (cost absorbed, what to change, what we owned, the client's
temperature, tags, notes on what the client contributed) never appears, nor do action items
marked internal.
"""

from __future__ import annotations

from exports.date_words import long_date
from store import ConversationType, Party, Reflection
from store.records import ActionItem, as_date

_TOPIC = {
    ConversationType.MISSED_DEADLINE: "the delayed delivery",
    ConversationType.COMPLAINT: "the concerns you raised",
    ConversationType.SCOPE_CHANGE: "the change in scope",
    ConversationType.PRICE_INCREASE: "the change in pricing",
    ConversationType.ESCALATION: "the issues you raised",
    ConversationType.RENEWAL: "your renewal",
    ConversationType.OTHER: "our work together",
}


def _line(text: str) -> str:
    """User text on one line, as typed (a plain-text mail has no markup to escape)."""
    return " ".join(text.split())


def _item_line(item: ActionItem) -> str:
    who = f" ({_line(item.owner)})" if item.owner else ""
    when = f", by {long_date(item.due)}" if item.due else ""
    done = f" Done on {long_date(item.done_on)}." if item.done_on else ""
    return f"- {_line(item.text).rstrip('.')}{who}{when}.{done}"


def render_recap(reflection: Reflection) -> str:
    """The recap email for one conversation, signed by the member who had it."""
    r = reflection
    day = long_date(as_date(r.conversation_at))
    lines = [
        f"Subject: Follow-up to our conversation on {day}",
        "",
        f"Hello {_line(r.client)} team,",
        "",
        f"Thank you for taking the time to talk with us on {day} about {_TOPIC[r.type]}. "
        "Here is what we agreed, so we are all working from the same list.",
    ]
    for party, heading in ((Party.US, "On our side"), (Party.CLIENT, "On your side")):
        items = [item for item in r.action_items if item.party is party and not item.internal]
        if items:
            lines += ["", f"{heading}:", *(_item_line(item) for item in items)]
    if r.follow_up_on:
        lines += ["", f"We will check in with you on {long_date(r.follow_up_on)} to see where "
                      "things stand."]  # fmt: skip
    lines += ["", "If anything here does not match your notes, just reply and we will correct it.",
              "", "Best regards,", _line(r.member), ""]  # fmt: skip
    return "\n".join(lines)
