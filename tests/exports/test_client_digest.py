"""Client profiles in the digest: aliases merge a client's history, contacts are pseudonymised,
and accounts and styles are shown."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from exports.registry import DigestRequest, render
from store.insights.periods import parse_period
from store.records.clients import ClientDirectory, Contact, ProfileEvent, fold_profiles
from tests.factories import bare_reflection

OCTOBER = parse_period("2026-10")
AS_OF = date(2026, 10, 31)


def _directory() -> ClientDirectory:
    event = ProfileEvent(
        id="e1", client_id="acme", at=datetime(2026, 9, 1, tzinfo=UTC), member="Dana",
        device="d", fields={
            "name": "Acme", "style": "emotional", "alias:acme retail": "ACME Retail",
            "contact:helen ward": Contact("Helen Ward", "marketing director").to_doc(),
        },
    )  # fmt: skip
    return ClientDirectory(fold_profiles([event]).values())


def _records() -> list:
    return [
        bare_reflection(1, client="Acme", conversation_at="2026-10-05", outcome="escalated",
                        type="escalation", what_worked="Helen Ward heard us out."),
        bare_reflection(2, client="ACME Retail", conversation_at="2026-10-20",
                        outcome="at_risk", type="complaint",
                        what_to_change="Call Helen before ACME Retail hears it elsewhere."),
        bare_reflection(3, client="Globex", conversation_at="2026-10-21"),
    ]  # fmt: skip


def _md(**options: object) -> str:
    return render(_records(), DigestRequest(OCTOBER, AS_OF, "md", **options))  # type: ignore[arg-type]


def test_aliases_merge_a_clients_rows() -> None:
    text = _md(clients=_directory())
    table = text.split("## Accounts at risk")[1].split("\n\n")[1].splitlines()
    assert len(table) == 4  # header, rule, Acme, Globex
    assert table[2].startswith("| Acme | at risk | 1 escalation and 1 ending at risk in 30 days")
    assert "ACME Retail |" not in text
    assert "| emotional | 2 | 1 | 0 | 2 |" in text
    assert "| unknown | 1 | 1 | 1 | 0 |" in text


def test_without_profiles_each_spelling_is_its_own_client() -> None:
    table = _md().split("## Accounts at risk")[1].split("\n\n")[1].splitlines()
    assert len(table) == 5


def test_the_pseudonymised_digest_replaces_contacts_and_aliases_too() -> None:
    text = _md(clients=_directory(), pseudonymise_clients=True, anonymise_members=True)
    for name in ("Helen", "Ward", "ACME", "Acme", "Globex", "Dana"):
        assert name not in text, name
    assert "| emotional | 2 | 1 |" in text  # styles survive the aliasing
    plain = _md(pseudonymise_clients=True, anonymise_members=True)
    assert "Helen" in plain  # named only in free text: only the profile makes her known


def test_the_json_has_accounts_at_risk_and_by_style() -> None:
    data = json.loads(
        render(_records(), DigestRequest(OCTOBER, AS_OF, "json", clients=_directory()))
    )
    (acme, globex) = data["accounts_at_risk"]
    assert (acme["client"], acme["health"], acme["style"]) == ("Acme", "at risk", "emotional")
    assert acme["outcomes"] == ["escalated", "at_risk"]
    assert globex["health"] == "healthy" and globex["reasons"]
    assert data["by_style"]["emotional"]["conversations"] == 2
