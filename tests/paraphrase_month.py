"""A month of naturally paraphrased reflections with known themes: the ground truth for scoring.

Seven members write October's reflections, each in a style of their own (terse notes, long
first-person stories, "we" statements, semi-colon lists...). The team's practices are planted in
what worked and what to change, but each member words a practice their own way, and only some
members happen to share a wording, as real teams do. Contacts' and clients' names run through
the free text ("Let Claire Dubois finish before answering"), one member pastes the same sentence
into most of her reflections, and each client keeps asking for one thing. Everything is drawn
from a seeded `random.Random`, so a seed always gives the same month.

    month = paraphrase_month(seed=17)
    month.reflections              # the records
    month.planted["what_worked"]   # {theme id: ids of the reflections that express it}
    month.asks                     # {client: (ask id, ids of the reflections that ask it)}
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from store import Reflection
from tests.factories import bare_reflection, numbered_id

MEMBERS = (
    "Grace Lindqvist", "Omar Haddad", "Ines Moreau", "Tobias Engel", "Priyanka Rao",
    "Kofi Mensah", "Hana Sato",
)  # fmt: skip
REPEATER = "Grace Lindqvist"
REPEATED_SENTENCE = "Send the agenda the day before."
"""What `REPEATER` pastes into most of her "what to change" notes."""

CLIENTS: dict[str, tuple[tuple[str, str], ...]] = {
    # client: ((contact, role), ...)
    "Northwind Foods": (("Claire Dubois", "regional director"), ("Helen Ward", "brand manager")),
    "Halcyon Bank": (("Pieter Jansen", "head of procurement"), ("Amara Obi", "product owner")),
    "Castell Retail": (("Luis Ferreira", "regional director"), ("Brian Cole", "finance lead")),
    "Kestrel Outdoor": (("Owen Brandt", "marketing director"), ("Sofia Lund", "buyer")),
    "Orchard Health": (("Renata Vogel", "operations lead"), ("Dev Malhotra", "analyst")),
    "Veridian Energy": (("Yusuf Demir", "regional director"), ("Elena Petrov", "comms lead")),
}
ORG = {client: client.split()[0] for client in CLIENTS}
"""How participants name the client's organisation ("Northwind" for "Northwind Foods")."""

# Each practice in several wordings; a member keeps to one wording ({c} is the contact's name),
# and varies it a little from one reflection to the next ([a|b] picks one each time).
WORKED: dict[str, tuple[str, ...]] = {
    "written_follow_up": (
        "sent the recap [|the ]same day",
        "wrote up a [|short |quick ]summary straight after",
        "followed up in writing within the [hour|afternoon]",
        "sent a written summary of what we agreed [the same day|that afternoon]",
    ),
    "listen_first": (
        "let {c} finish before [answering|I answered]",
        "let {c} speak without [interrupting|cutting in]",
        "heard {c} out before I said anything",
        "let {c} finish before answering and only then [went through|walked through] the plan",
    ),
    "revised_date": (
        "brought a revised date with names on [it|every line]",
        "came with a new date and an owner for [every|each] step",
        "brought a revised date with names next to each item",
        "had a new delivery date and who does what ready",
    ),
    "called_first": (
        "called {c} before they called us",
        "rang {c} before they had to chase us",
        "picked up the phone before they noticed the [slip|delay]",
        "called before they called us",
    ),
}
CHANGE: dict[str, tuple[str, ...]] = {
    "flag_risk_early": (
        "flag the risk the day we see it",
        "raise the slip as soon as we [spot|see] it",
        "warn the client the moment the timeline is at risk",
        "flag the risk the day we see it, not on the due date",
    ),
    "ask_budget_first": (
        "ask what budget they have before [defending|justifying] our rates",
        "find out their budget before I justify the price",
        "ask about their budget first and defend the rates later",
        "ask what budget they have before defending our rates again",
    ),
    "one_approver": (
        "agree a single approver at [kickoff|the kickoff meeting]",
        "get one approver named before the first round",
        "insist on a single approver at kickoff",
        "get one person to sign off instead of [five|a committee]",
    ),
}
_CHOICE = re.compile(r"\[([^\]]*)\]")


def _vary(rng: random.Random, wording: str) -> str:
    """`wording` with each [a|b] replaced by one of its choices."""
    return _CHOICE.sub(lambda m: rng.choice(m.group(1).split("|")), wording)


ASKS: dict[str, tuple[str, ...]] = {
    "consolidated_feedback": ("consolidated feedback from one approver",
                              "one round of consolidated feedback"),
    "earlier_data": ("earlier access to the product data", "the product data a week earlier"),
    "brief_sign_off": ("the brief signed off within two days", "sign-off on the brief in two days"),
}  # fmt: skip
CLIENT_ASK = {
    "Northwind Foods": "consolidated_feedback", "Halcyon Bank": "earlier_data",
    "Castell Retail": "brief_sign_off", "Kestrel Outdoor": "consolidated_feedback",
    "Orchard Health": "earlier_data", "Veridian Energy": "brief_sign_off",
}  # fmt: skip

# How each member writes: openings for what worked and for what to change, a joiner between
# points, and closings.
STYLES: dict[str, tuple[tuple[str, ...], tuple[str, ...], str, tuple[str, ...]]] = {
    "Grace Lindqvist": (("Good:", "What helped:"), ("Next time:", "Change:"), "; ", ("",)),
    "Omar Haddad": (("Honestly, the call went better than I feared because I",
                     "It was tense at first, but I"),
                    ("If I did it again I would", "Lesson for me: I should"),
                    ". Also, ", ("That set the tone for the rest.", "")),
    "Ines Moreau": (("We", "This time we"), ("We should", "Next time we"), ". Beyond that, ",
                    ("and it showed.", "")),
    "Tobias Engel": (("-",), ("-",), "\n- ", ("",)),
    "Priyanka Rao": (("Looking back, I", "On reflection I"), ("On reflection I need to",
                     "Looking back, I should"), ", and ", ("which I would do again.", "")),
    "Kofi Mensah": (("Key thing: I", "Main point: I"), ("Key change: we must", "Main point: we"),
                    ". Second: ", ("",)),
    "Hana Sato": (("Going in I was nervous, but I", "I"), ("Next time I will", "I must"),
                  ", then ", ("and the mood lifted.", "")),
}  # fmt: skip

FILLER = (
    "{c}, their regional director, pushed back on the timeline",
    "{c} said it was the first time anyone had explained the delay",
    "the launch plan for the spring range was already tight",
    "we ran out of time before covering the invoice",
    "I left without a firm next step on the pricing",
    "{c} asked about the Q4 campaign instead of asking about the report",
    "the workshop with {c} ran long",
    "{o} have a new procurement process since September",
    "{c} wanted the numbers by region",
    "it was our third call this month with {o}",
)


@dataclass
class Month:
    """The reflections and what was planted in them."""

    reflections: list[Reflection]
    planted: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    """Per field ("what_worked", "what_to_change"): theme id -> ids of reflections holding it."""
    asks: dict[str, tuple[str, set[str]]] = field(default_factory=dict)
    """Per client: (ask id, ids of the reflections whose client side holds that ask)."""
    noise: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    """Per field: filler detail -> ids of reflections holding it (recurs, but is no theme)."""
    repeated: set[str] = field(default_factory=set)
    """Ids of the reflections in which `REPEATER` pasted `REPEATED_SENTENCE`."""
    names: tuple[str, ...] = ()
    """Every person and organisation named in the records."""


def _wording(variants: tuple[str, ...], member_index: int, theme_index: int) -> str:
    """A member's own wording of a practice: members share a wording only two or three at a
    time, and which ones share shifts from practice to practice."""
    return variants[(member_index + theme_index) % len(variants)]


def _compose(
    rng: random.Random,
    member: str,
    field: str,
    points: list[str],
    extra: str,
    sentence: str = "",
) -> str:
    worked, change, joiner, closing = STYLES[member]
    opening = worked if field == "what_worked" else change
    body = joiner.join(points + ([extra] if extra else []))
    text = " ".join(part for part in (rng.choice(opening), body) if part)
    end = rng.choice(closing)
    text = f"{text} {end}" if end else text
    text = text.rstrip(" .") + "."
    return f"{text} {sentence}".strip()


def paraphrase_month(seed: int = 17, per_member: int = 12) -> Month:
    """October 2026 for `MEMBERS`, `per_member` reflections each."""
    rng = random.Random(seed)
    clients = list(CLIENTS)
    month = Month(reflections=[], planted={"what_worked": defaultdict(set),
                                           "what_to_change": defaultdict(set)})  # fmt: skip
    asks: dict[str, set[str]] = defaultdict(set)
    n = 0
    for m_index, member in enumerate(MEMBERS):
        own_clients = [clients[(m_index + k) % len(clients)] for k in range(3)]
        for k in range(per_member):
            n += 1
            rid = numbered_id(n)
            client = own_clients[k % 3] if rng.random() < 0.85 else rng.choice(clients)
            (contact, role), other = rng.sample(CLIENTS[client], 2)
            first = contact.split()[0]
            said = rng.choice((contact, first, first))  # full name or first name alone
            fill = {"c": said, "o": ORG[client]}
            worked, worked_ids = _points(rng, WORKED, m_index, fill)
            change, change_ids = _points(rng, CHANGE, m_index, fill)
            for theme in worked_ids:
                month.planted["what_worked"][theme].add(rid)
            for theme in change_ids:
                month.planted["what_to_change"][theme].add(rid)
            details = {f: _filler(rng, fill) for f in ("what_worked", "what_to_change")}
            for f, (detail, _) in details.items():
                if detail:
                    month.noise.setdefault(f, {}).setdefault(detail, set()).add(rid)
            pasted = ""
            if member == REPEATER and k % 4 != 3:
                pasted = REPEATED_SENTENCE
                month.repeated.add(rid)
            ask_id = CLIENT_ASK[client]
            asking = rng.random() < 0.6
            if asking:
                asks[client].add(rid)
            client_side = _client_side(rng, ask_id if asking else None, other[0], ORG[client])
            month.reflections.append(bare_reflection(
                n, member=member, client=client,
                conversation_at=(date(2026, 10, 1) + timedelta(days=rng.randrange(31))).isoformat(),
                participants=[member, f"{contact} ({ORG[client]}, {role})",
                              f"{other[0]} ({ORG[client]}, {other[1]})"],
                what_worked=_compose(rng, member, "what_worked", worked, details["what_worked"][1]),
                what_to_change=_compose(rng, member, "what_to_change", change,
                                        details["what_to_change"][1], pasted),
                and_client_contribution=client_side,
                action_items=[{"id": numbered_id(10_000 + n), "text": "Send the revised plan",
                               "owner": rng.choice((member, contact)), "party": "us",
                               "due": "2026-10-30", "done_on": None}],
            ))  # fmt: skip
    month.planted = {f: dict(themes) for f, themes in month.planted.items()}
    month.asks = {client: (CLIENT_ASK[client], ids) for client, ids in asks.items()}
    people = {p for contacts in CLIENTS.values() for p, _ in contacts}
    month.names = tuple(sorted(set(MEMBERS) | set(CLIENTS) | set(ORG.values()) | people))
    return month


def _points(
    rng: random.Random,
    practices: dict[str, tuple[str, ...]],
    member_index: int,
    fill: dict[str, str],
) -> tuple[list[str], list[str]]:
    """One or two practices this reflection mentions, in the member's wording."""
    chosen = rng.sample(sorted(practices), rng.choice((1, 1, 2)))
    points = [
        _vary(rng, _wording(practices[t], member_index, sorted(practices).index(t))).format(**fill)
        for t in chosen
    ]
    return points, chosen


def _filler(rng: random.Random, fill: dict[str, str]) -> tuple[str, str]:
    """A detail of this one conversation, the kind of text that makes junk fragments recur:
    (which detail, its text), or ("", "") for none."""
    if rng.random() >= 0.7:
        return "", ""
    detail = rng.choice(FILLER)
    return detail, detail.format(**fill)


def _client_side(rng: random.Random, ask: str | None, contact: str, org: str) -> str:
    openers = (f"{contact} asked again for", f"{org} still want", "We need", f"{contact} wants")
    if ask is None:
        return rng.choice((f"{contact} was on leave for most of the month.",
                           f"{org} changed their invoicing address.", ""))  # fmt: skip
    return f"{rng.choice(openers)} {rng.choice(ASKS[ask])}."


def as_dicts(month: Month) -> list[dict[str, Any]]:
    """The month's records as plain dicts (for a look at the data while writing a test)."""
    return [{"id": r.id, "member": r.member, "client": r.client, "worked": r.what_worked,
             "change": r.what_to_change, "client_side": r.and_client_contribution}
            for r in month.reflections]  # fmt: skip
