"""The names of people and organisations in a set of reflections, so free text can be read
without them: a contact's name recurs in every reflection about a client, yet it is no theme.

A name token is each word of two or more letters that starts with a capital in a name the
records hold: the member, the client, each participant ("Claire Dubois (Northwind, regional
director)": the person and the organisation, not the role) and each action item's owner. Text is
masked per token, so a first name alone ("Claire") is masked as well as the whole name. Only
capitalised words in the text are masked: "Grace" is a name, "grace" in "a week's grace" is not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from store.records.models import Reflection

_TOKEN = re.compile(r"[^\W_]+")


@lru_cache(maxsize=16_384)
def _tokens(name: str) -> frozenset[str]:
    return frozenset(t.casefold() for t in _TOKEN.findall(name) if len(t) >= 2 and t[0].isupper())


@lru_cache(maxsize=16_384)
def _participant(text: str) -> frozenset[str]:
    """The person and the organisation in "Name (Organisation, role)"; the role is no name."""
    person, _, rest = text.partition("(")
    organisation = rest.split(",", 1)[0].rstrip(") ") if rest else ""
    return _tokens(person) | _tokens(organisation)


def name_tokens(records: Iterable[Reflection]) -> frozenset[str]:
    """Every name token in `records`, case-folded ("claire", "dubois", "northwind")."""
    names: set[str] = set()
    spelled: set[str] = set()
    for r in records:
        spelled.add(r.member)
        spelled.add(r.client)
        for person in r.participants:
            names |= _participant(person)
        spelled.update(item.owner for item in r.action_items)
    for name in spelled:
        names |= _tokens(name)
    return frozenset(names)
