"""Plain-text views of reflections and action items, for the CLI and the app alike."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from store import Reflection
from store.insights import ActionRow
from store.records import STRUCTURE_PARTS, Vocabulary, fold, format_amount, neutralise

_COLUMNS = (("DATE", 16), ("MEMBER", 14), ("CLIENT", 18), ("TYPE", 15), ("OUTCOME", 11))


def fit(text: str, width: int) -> str:
    """`text` on one line with control characters made visible, cut to `width` with an ellipsis."""
    text = neutralise(text, one_line=True)
    return text if len(text) <= width else text[: width - 1] + "…"


MOOD_WORDS = {1: "hostile", 2: "cold", 3: "neutral", 4: "warm", 5: "delighted"}
"""The client's temperature, 1 to 5, in words: higher is better."""


def mood(value: int | None) -> str:
    """A temperature as "2 · cold", or "?" when it was not recorded."""
    return "?" if value is None else f"{value} · {MOOD_WORDS.get(value, '?')}"


def when(r: Reflection) -> str:
    at = r.conversation_at
    return at.strftime("%Y-%m-%d %H:%M") if hasattr(at, "hour") else at.isoformat()


def reflection_table(reflections: Sequence[Reflection]) -> str:
    """A fixed-width table, one reflection a row, with the short id to pass to `show`."""
    if not reflections:
        return "no reflections"
    header = "  ".join(name.ljust(width) for name, width in _COLUMNS) + "  ID"
    rows = [header]
    for r in reflections:
        cells = (when(r), r.member, r.client, r.type.label, r.outcome.label)
        line = "  ".join(fit(c, w).ljust(w) for c, (_, w) in zip(cells, _COLUMNS, strict=True))
        rows.append(f"{line}  {r.id[:8]}")
    return "\n".join(rows)


def reflection_text(r: Reflection, practices: Vocabulary | None = None) -> str:
    """Every field of one reflection, labelled, empty ones left out (practices by their
    wording in `practices`, the seed when not given; one not known yet by its id)."""
    known = (practices or fold(())).practices
    lines = [
        f"{r.client} · {r.type.label} · {when(r)} · {r.channel.label}",
        f"id        {r.id}",
        f"member    {r.member}",
        f"outcome   {r.outcome.label}",
    ]
    if r.issue_noticed_at:
        lines.append(f"noticed   {r.issue_noticed_at.isoformat()}")
    if r.participants:
        lines.append(f"with      {', '.join(r.participants)}")
    covered = [p for p in STRUCTURE_PARTS if getattr(r.structure, p)]
    lines.append(f"structure {', '.join(covered) if covered else 'none of the four parts'}")
    if r.mood_before or r.mood_after:
        lines.append(f"temperature {mood(r.mood_before)} → {mood(r.mood_after)}")
    for title, text in (
        ("What worked", r.what_worked),
        ("What to change", r.what_to_change),
        ("Yes, we owned", r.yes_we_owned),
        ("AND, the client", r.and_client_contribution),
    ):
        if text.strip():
            lines += ["", f"{title}:", *("  " + line for line in text.splitlines())]
    for title, ids in (
        ("Practices used", r.practices_used),
        ("Practices missed", r.practices_missed),
    ):
        if ids:
            named = [known[pid].wording if pid in known else pid[:8] for pid in ids]
            lines += ["", f"{title}:", *(f"  - {name}" for name in named)]
    if r.cost_absorbed:
        c = r.cost_absorbed
        note = f" ({c.note})" if c.note else ""
        lines += [
            "",
            f"Cost absorbed: {format_amount(c.amount)} {c.currency}, {c.kind.label}{note}",
        ]
    if r.action_items:
        lines += ["", "Action items:"]
        for item in r.action_items:
            mark = "x" if item.done_on else " "
            due = f" due {item.due.isoformat()}" if item.due else ""
            side = "ours" if item.party.value == "us" else "the client's"
            who = f"{item.owner}, {side}" if item.owner else side
            internal = ", internal: not in the recap" if item.internal else ""
            lines.append(f"  [{mark}] {item.text} ({who}{internal}){due}")
    if r.follow_up_on:
        done = f", done {r.follow_up_done.isoformat()}" if r.follow_up_done else ""
        lines.append(f"Follow up on {r.follow_up_on.isoformat()}{done}")
    if r.tags:
        lines.append(f"Tags: {', '.join(r.tags)}")
    # Text read from a teammate's file never reaches the terminal as an escape sequence.
    return neutralise("\n".join(lines))


def distance(days: int) -> str:
    """ "3 days", "a week", "2 months": arrow's words for a span of days."""
    span = abs(days)
    import arrow  # deferred: the first screen needs no calendar

    today = arrow.get(date(2000, 1, 1))
    then = today.shift(days=-span)
    if span < 14:
        return then.humanize(today, only_distance=True, granularity="day")
    if span < 60:
        return then.humanize(today, only_distance=True, granularity="week")
    return then.humanize(today, only_distance=True)


def due_words(due: date, as_of: date) -> str:
    """How late or how soon, in words: "overdue by 3 days", "due today", "due in a week"."""
    ahead = (due - as_of).days
    if ahead < 0:
        return f"overdue by {distance(ahead)}"
    return "due today" if ahead == 0 else f"due in {distance(ahead)}"


def lateness(row: ActionRow, as_of: date) -> str:
    if row.item.done_on is not None:
        return f"done {row.item.done_on.isoformat()}"
    if row.item.due is None:
        return "no due date"
    return due_words(row.item.due, as_of)


def actions_table(rows: list[ActionRow], as_of: date) -> str:
    if not rows:
        return "no action items"
    lines = [f"{'DUE':10}  {'STATUS':18}  {'PARTY':6}  {'OWNER':14}  {'CLIENT':16}  ITEM"]
    for row in rows:
        due = row.item.due.isoformat() if row.item.due else "-"
        lines.append(
            f"{due:10}  {lateness(row, as_of):18}  {row.item.party.value:6}  "
            f"{fit(row.item.owner, 14):14}  {fit(row.client, 16):16}  "
            f"{neutralise(row.item.text, one_line=True)}"
        )
    return "\n".join(lines)
