"""The briefing before a hard call as plain text (one screen), Markdown or JSON. Pure."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from datetime import date
from typing import Any

from exports.markdown_text import inline
from store.insights import Briefing, Lesson, Promise, PromiseRecord
from store.records import format_amount, json_safe, neutralise

WIDTH = 100


def _human(value: str) -> str:
    """A free-text profile value such as a channel ("video_call") as words."""
    return value.replace("_", " ")


def _day(day: date | None) -> str:
    return f"{day.day} {day:%b %Y}" if day else "no date"


def _promise(p: Promise) -> str:
    days = "day" if p.days_late == 1 else "days"
    state = f"{p.days_late} {days} overdue" if p.status == "overdue" else p.status
    due = f"due {_day(p.due)}" if p.due else "no due date"
    owner = f"{p.owner}: " if p.owner else ""
    return f"{owner}{p.text} ({due}, {state})"


def _kept(side: PromiseRecord) -> str:
    if not side.due:
        return f"{side.open} open, none due yet"
    return (
        f"kept {side.kept} of {side.due} by the due date; {side.open} open, {side.overdue} overdue"
    )


def _last(b: Briefing) -> str:
    last = b.last
    if last is None:
        return "no conversation recorded yet"
    moods = ""
    if last.mood_before is not None and last.mood_after is not None:
        moods = f", temperature {last.mood_before} -> {last.mood_after}"
    return (f"{_day(last.on)}, {last.type.label} with {last.member}: "
            f"{last.outcome.label}{moods}")  # fmt: skip


def _cost(b: Briefing) -> str:
    if not b.cost:
        return "none"
    return ", ".join(f"{currency} {format_amount(amount)}" for currency, amount in b.cost.items())


def _lesson(lesson: Lesson) -> str:
    return f"{lesson.text} ({lesson.member}, {_day(lesson.on)})"


def _profile_lines(b: Briefing) -> list[tuple[str, str]]:
    contacts = "; ".join(
        c.name + (f", {c.role}" if c.role else "") + ("" if c.style.value == "unknown"
                                                       else f", {c.style.value}")
        for c in b.contacts
    )  # fmt: skip
    rows = [
        ("Style", f"{b.style.value}: {b.style_hint}"),
        ("Serious topics", _human(b.channel) if b.channel else "channel not known yet"),
    ]
    if b.approver:
        rows.append(("Approver", b.approver))
    if contacts:
        rows.append(("Contacts", contacts))
    return rows


def render_briefing_text(b: Briefing, width: int = WIDTH) -> str:
    """Under a screen: about 40 lines at 100 columns, user text neutralised for the terminal.

    `width` is where lines wrap: the app passes the room its dialog has, so nothing wraps twice.
    """
    lines: list[str] = []

    def put(label: str, value: str) -> None:
        text = neutralise(value, one_line=True)
        lines.extend(textwrap.wrap(text, width, initial_indent=f"{label:<16}",
                                   subsequent_indent=" " * 16) or [label])  # fmt: skip

    def items(label: str, values: list[str]) -> None:
        for n, value in enumerate(values):
            put(label if n == 0 else "", f"- {value}")

    aka = f" (also {', '.join(b.aliases)})" if b.aliases else ""
    lines.append(neutralise(f"Before calling {b.client}{aka}: {b.conversations} conversations "
                            f"as of {_day(b.today)}", one_line=True))  # fmt: skip
    put("Health", b.health.explained())
    for label, value in _profile_lines(b):
        put(label, value)
    put("Last call", _last(b))
    put("We promised", _kept(b.ours))
    items("", [_promise(p) for p in b.ours.shown])
    put("They promised", _kept(b.theirs))
    items("", [_promise(p) for p in b.theirs.shown])
    items("Ask to raise", list(b.asks) or ["nothing repeated yet"])
    items("What worked", [_lesson(x) for x in b.worked] or ["nothing recorded"])
    items("What backfired", [_lesson(x) for x in b.backfired] or ["nothing recorded"])
    put("Cost absorbed", _cost(b))
    if b.next_follow_up:
        put("Follow-up", _day(b.next_follow_up))
    put("Likely call", f"{b.likely_type.label}: {b.guidance}")
    return "\n".join(line.rstrip() for line in lines) + "\n"


def render_briefing_md(b: Briefing) -> str:
    aka = f" (also {', '.join(inline(a) for a in b.aliases)})" if b.aliases else ""
    out = [f"# Before calling {inline(b.client)}{aka}", "",
           f"{b.conversations} conversations as of {_day(b.today)}. "
           f"**Health: {b.health.label}**: {inline('; '.join(b.health.reasons))}.", ""]  # fmt: skip
    out += [f"- **{label}:** {inline(value)}" for label, value in _profile_lines(b)]
    out += [f"- **Last call:** {inline(_last(b))}", f"- **Cost absorbed:** {_cost(b)}"]
    if b.next_follow_up:
        out.append(f"- **Follow-up:** {_day(b.next_follow_up)}")
    out.append("")

    def section(title: str, head: str, values: list[str]) -> None:
        out.extend([f"## {title}", ""] + ([head, ""] if head else []))
        out.extend(f"- {inline(v)}" for v in values)
        out.append("")

    section("What we promised", _kept(b.ours), [_promise(p) for p in b.ours.shown])
    section("What they promised", _kept(b.theirs), [_promise(p) for p in b.theirs.shown])
    section("The ask to raise", "", list(b.asks) or ["nothing repeated yet"])
    section("What worked", "", [_lesson(x) for x in b.worked] or ["nothing recorded"])
    section("What backfired", "", [_lesson(x) for x in b.backfired] or ["nothing recorded"])
    section(f"Likely call: {b.likely_type.label}", "", [b.guidance])
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


def _promise_dict(p: Promise) -> dict[str, Any]:
    return {"text": p.text, "owner": p.owner, "due": p.due.isoformat() if p.due else None,
            "done_on": p.done_on.isoformat() if p.done_on else None, "status": p.status,
            "days_late": p.days_late}  # fmt: skip


def _side(side: PromiseRecord) -> dict[str, Any]:
    return {"kept": side.kept, "due": side.due, "open": side.open, "overdue": side.overdue,
            "items": [_promise_dict(p) for p in side.shown]}  # fmt: skip


def briefing_to_dict(b: Briefing) -> dict[str, Any]:
    last = b.last
    return {
        "client": b.client,
        "aliases": list(b.aliases),
        "as_of": b.today.isoformat(),
        "conversations": b.conversations,
        "style": b.style.value,
        "style_hint": b.style_hint,
        "channel": b.channel or None,
        "approver": b.approver or None,
        "contacts": [c.to_doc() for c in b.contacts],
        "health": {"level": b.health.label, "reasons": list(b.health.reasons)},
        "last_conversation": None
        if last is None
        else {
            "reflection_id": last.reflection_id,
            "on": last.on.isoformat(),
            "type": last.type.value,
            "outcome": last.outcome.value,
            "member": last.member,
            "mood_before": last.mood_before,
            "mood_after": last.mood_after,
        },
        "our_promises": _side(b.ours),
        "their_promises": _side(b.theirs),
        "asks": list(b.asks),
        "what_worked": [
            {"text": x.text, "member": x.member, "on": x.on.isoformat()} for x in b.worked
        ],
        "what_backfired": [
            {"text": x.text, "member": x.member, "on": x.on.isoformat()} for x in b.backfired
        ],
        "cost_absorbed": {c: format_amount(a) for c, a in b.cost.items()},
        "likely_type": b.likely_type.value,
        "guidance": b.guidance,
        "next_follow_up": b.next_follow_up.isoformat() if b.next_follow_up else None,
    }


def render_briefing_json(b: Briefing) -> str:
    return json_safe(json.dumps(briefing_to_dict(b), indent=2, ensure_ascii=False)) + "\n"


BRIEFING_RENDERERS: dict[str, Callable[[Briefing], str]] = {
    "text": render_briefing_text,
    "md": render_briefing_md,
    "json": render_briefing_json,
}
