"""Pseudonymised digests hide every person and organisation, however the records spell them."""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date

import pytest

from exports.pseudonyms import LeakError, Renamer, fold, pseudonymise
from exports.registry import DigestRequest, render
from store import Reflection
from store.insights.periods import parse_period
from tests.factories import full_record, make_reflection
from tui.cli import main

CLIENTS = ["Acme", "Café Noir", "Zoë Industries", "Bo"]
MEMBERS = ["José Álvarez", "Li", "Dana Lee", "Иван Петров"]
CONTACTS = ["Lars Holm", "Marta Nowak", "Priya Raman", "李雷", "Søren Kjær"]
UNLISTED = "Kim Park"
"""Named only as a client-side owner: still a person to hide."""


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _strip(text: str) -> str:
    return "".join(c for c in _nfd(text) if not unicodedata.combining(c))


def _records() -> list[Reflection]:
    """Each name written in the ways that leaked: folded, NFD, upper case, inside words, mails."""
    texts = [
        "Let Marta finish before answering; MARTA later thanked us. Lars holm agreed.",
        f"{_nfd('José')} and JOSE ALVAREZ met {_strip('Café Noir')} (CAFÉ NOIR) at AcmeCorp.",
        "Write to lars.holm@acmecorp.com or bo@acme.com; see acmecorp.com and the Acmes.",
        "Priya Raman (Client A) asked; li and Li's notes; Bo's team; 李雷说好; Ивана не было.",
        f"{_strip('Søren Kjær')} and soren agreed; zoe industries and ZOË too. Dana LEE led.",
    ]
    records = []
    for n, (client, member) in enumerate(zip(CLIENTS * 2, MEMBERS * 2, strict=True)):
        contact = CONTACTS[n % len(CONTACTS)]
        records.append(make_reflection(
            id=f"00000000-0000-4000-8000-{n:012d}", client=client, member=member,
            conversation_at=f"2026-10-{n + 5:02d}",
            participants=[member, f"{contact} ({client}, head of marketing)"],
            what_worked=texts[n % len(texts)], what_to_change=texts[(n + 1) % len(texts)],
            yes_we_owned=f"We told {contact} first.", and_client_contribution=texts[n % 3],
            cost_absorbed={"amount": "10", "currency": "EUR", "kind": "credit",
                           "note": f"agreed with {contact.upper()}"},
            action_items=[
                {"text": f"Call {contact} back", "owner": member, "party": "us",
                 "due": "2026-10-20"},
                {"text": f"Send {_strip(client)} the plan", "owner": UNLISTED,
                 "party": "client", "due": "2026-10-21"},
            ],
            tags=[_strip(client).lower()[:40]],
        ))  # fmt: skip
    return records


def _parts(name: str) -> list[str]:
    return [p for p in re.split(r"[\W_]+", fold(name)) if len(p) >= 2]


def _survivors(text: str, names: list[str]) -> list[str]:
    """Names (or parts of them) still in `text` once both are folded."""
    folded = fold(text)
    found = []
    for name in names:
        for part in _parts(name):
            short = len(part) < 4 and part.isascii()
            pattern = rf"(?<![^\W_]){re.escape(part)}(?![^\W_])" if short else re.escape(part)
            if re.search(pattern, folded):
                found.append(part)
    return found


@pytest.mark.parametrize("fmt", ["md", "html", "json", "csv"])
def test_no_real_name_survives_folded_or_not(fmt: str) -> None:
    request = DigestRequest(parse_period("2026-10"), date(2026, 10, 31), fmt,
                            pseudonymise_clients=True, anonymise_members=True)  # fmt: skip
    text = render(_records(), request)
    assert "Client A" in text or "Member A" in text
    if fmt == "html":
        text = re.sub(r"<[^>]*>", " ", text)  # the page's own tags (<li>) name nobody
    assert _survivors(text, [*CLIENTS, *MEMBERS, *CONTACTS, UNLISTED]) == []
    assert "@" not in text.replace("(e-mail)", "")


def test_clients_only_hides_clients_and_their_people_but_keeps_members() -> None:
    text = render(_records(), DigestRequest(parse_period("2026-10"), date(2026, 10, 31), "md",
                                            pseudonymise_clients=True))  # fmt: skip
    assert _survivors(text, [*CLIENTS, *CONTACTS, UNLISTED]) == []
    assert "Dana Lee" in text


def test_unknown_people_get_contact_aliases_and_members_theirs() -> None:
    (first, *_) = pseudonymise(_records(), clients=True, members=True)
    assert first.participants == ("Member B", "Contact 2")
    assert [item.owner for item in first.action_items] == ["Member B", "Contact 1"]
    assert first.client == "Client A"


def test_accents_case_and_normal_forms_are_one_name() -> None:
    renamer = Renamer({fold("José Álvarez"): "Member A", fold("Café Noir"): "Client B"})
    for spelling in ("José", _nfd("José"), "JOSE", "jose", "Jose\u0301", "ÁLVAREZ", "Cafe Noir",
                     "CAFÉ", _nfd("café")):  # fmt: skip
        out = renamer.text(f"met {spelling} today")
        assert out.startswith("met ") and out.endswith(" today") and fold(spelling) not in fold(out)
        assert "\u0301" not in out


def test_short_names_match_whole_words_only() -> None:
    renamer = Renamer({"bo": "Client D", "li": "Member C"})
    assert (
        renamer.text("Bo, li and Bo's team; Bos")
        == "Client D, Member C and Client D's team; Client D"
    )
    assert renamer.text("deliver the bottle, listen") == "deliver the bottle, listen"


def test_a_digest_that_cannot_hide_a_name_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Renamer, "text", lambda self, value: value)  # a renamer that misses
    with pytest.raises(LeakError, match="would still show a name"):
        pseudonymise(_records(), clients=True, members=False)


def test_the_cli_refuses_in_one_line_rather_than_leak(
    tmp_path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("AFTERCALL_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("AFTERCALL_MEMBER", "Dana Lee")
    source = tmp_path / "r.json"
    record = full_record(what_worked="Acme Retail's team liked the plan.")
    source.write_text(json.dumps(record), encoding="utf-8")
    assert main(["add", "--from", str(source)]) == 0
    monkeypatch.setattr(Renamer, "text", lambda self, value: value)
    output = tmp_path / "digest.md"
    code = main(
        ["digest", "--period", "2026-10", "--pseudonymise-clients", "--output", str(output)]
    )
    err = capsys.readouterr().err
    assert code == 1 and not output.exists()
    assert err.count("\n") == 1 and "would still show a name" in err
