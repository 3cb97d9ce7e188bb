"""The health rules, one at a time, judged on an injected `today`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from store.insights.health import Health, client_health, clients_health, team_cost_norm
from store.records.clients import ClientDirectory, ClientProfile
from tests.factories import bare_reflection

TODAY = date(2026, 11, 1)


def _item(n: int, party: str, due: str, done: str | None = None) -> dict[str, object]:
    return {"id": f"5d1b2c3a-0000-4000-8000-{n:012d}", "text": f"item {n}", "owner": "x",
            "party": party, "due": due, "done_on": done}  # fmt: skip


def test_no_warning_signs_is_healthy_with_reasons() -> None:
    health = client_health([bare_reflection(1, conversation_at="2026-10-20")], TODAY)
    assert health.level is Health.HEALTHY
    assert health.explained() == "healthy: last conversation resolved; nothing overdue"


def test_two_escalations_in_30_days_are_at_risk_one_is_watch() -> None:
    one = [bare_reflection(1, conversation_at="2026-10-20", outcome="escalated", type="escalation")]
    assert client_health(one, TODAY).explained() == "watch: 1 escalation in 30 days"
    two = [*one, bare_reflection(2, conversation_at="2026-10-25", outcome="escalated",
                                 type="escalation")]  # fmt: skip
    assert client_health(two, TODAY).reasons == ("2 escalations in 30 days",)
    assert client_health(two, TODAY).level is Health.AT_RISK
    old = [bare_reflection(1, conversation_at="2026-09-01", outcome="escalated")]
    assert "escalation" not in client_health(old, TODAY).explained()


def test_a_lost_account_is_at_risk() -> None:
    lost = [bare_reflection(1, conversation_at="2026-10-20", outcome="lost")]
    assert client_health(lost, TODAY).level is Health.AT_RISK


def test_temperature_falling_is_watch_and_furious_is_at_risk() -> None:
    fell = [bare_reflection(1, conversation_at="2026-10-20", mood_before=4, mood_after=2)]
    assert client_health(fell, TODAY).explained() == (
        "watch: temperature fell on the last call (4 -> 2)"
    )
    trend = [
        bare_reflection(
            1, conversation_at="2026-10-01", mood_before=3, mood_after=4, type="complaint"
        ),
        bare_reflection(2, conversation_at="2026-10-20", mood_before=3, mood_after=3),
    ]
    assert client_health(trend, TODAY).reasons == ("temperature falling (4 -> 3)",)
    furious = [bare_reflection(1, conversation_at="2026-10-20", mood_before=1, mood_after=1)]
    assert client_health(furious, TODAY).level is Health.AT_RISK


def test_overdue_items_ours_and_theirs() -> None:
    ours = [_item(n, "us", "2026-10-10") for n in range(1, 4)]
    r = bare_reflection(1, conversation_at="2026-10-05", action_items=ours)
    assert client_health([r], TODAY).explained() == "at risk: 3 of our items overdue"
    mixed = [
        _item(1, "us", "2026-10-10"),
        _item(2, "client", "2026-10-10"),
        _item(3, "us", "2026-10-10", "2026-10-09"),
        _item(4, "us", "2026-11-05"),
    ]
    r = bare_reflection(1, conversation_at="2026-10-05", action_items=mixed)
    assert client_health([r], TODAY).explained() == (
        "watch: 1 of our items overdue; 1 of their items overdue"
    )


def test_repeated_missed_deadlines() -> None:
    two = [bare_reflection(n, conversation_at=f"2026-10-0{n}") for n in (1, 2)]
    assert client_health(two, TODAY).reasons == ("2 missed deadlines in 90 days",)
    three = [*two, bare_reflection(3, conversation_at="2026-10-03")]
    assert client_health(three, TODAY).explained() == "watch: 3 missed deadlines in 90 days"
    assert client_health(two[:1], TODAY).level is Health.HEALTHY


def test_cost_over_twice_the_team_norm_is_watch() -> None:
    def cost(n: int, amount: str) -> list:
        return [bare_reflection(n, client=f"C{n}", conversation_at="2026-10-10",
                                cost_absorbed={"amount": amount, "currency": "EUR",
                                               "kind": "credit", "note": ""})]  # fmt: skip

    clients = [cost(1, "100"), cost(2, "200"), cost(3, "900")]
    norm = team_cost_norm(clients, TODAY)
    assert norm == {"EUR": Decimal("200")}
    assert client_health(clients[2], TODAY, norm).explained() == (
        "watch: EUR 900.00 absorbed in 90 days, over twice the team's norm (200.00)"
    )
    assert client_health(clients[1], TODAY, norm).level is Health.HEALTHY


def test_silence_after_an_unresolved_conversation_is_watch() -> None:
    quiet = [bare_reflection(1, conversation_at="2026-09-15", outcome="in_progress",
                             type="complaint")]  # fmt: skip
    assert client_health(quiet, TODAY).reasons == ("47 days since an unresolved conversation",)
    resolved = [bare_reflection(1, conversation_at="2026-09-15", type="complaint")]
    assert client_health(resolved, TODAY).level is Health.HEALTHY


def test_later_conversations_do_not_count_and_order_is_irrelevant() -> None:
    rs = [
        bare_reflection(1, conversation_at="2026-10-20", outcome="escalated"),
        bare_reflection(2, conversation_at="2026-11-20", outcome="lost"),
    ]
    assert client_health(rs, TODAY) == client_health(list(reversed(rs)), TODAY)
    assert client_health(rs, TODAY).level is Health.WATCH


def test_every_clients_health_folds_aliases_and_puts_the_worst_first() -> None:
    acme = ClientProfile("acme-id", "Acme Retail", aliases=("Acme",))
    records = [
        bare_reflection(1, client="Acme", conversation_at="2026-10-20", outcome="escalated"),
        bare_reflection(2, client="ACME retail", conversation_at="2026-10-25", outcome="at_risk"),
        bare_reflection(3, client="Globex", conversation_at="2026-10-20"),
        bare_reflection(4, client="Initech", conversation_at="2026-10-20", outcome="escalated"),
    ]
    judged = clients_health(records, ClientDirectory([acme]), TODAY)
    assert [(name, h.label) for name, h in judged] == [
        ("Acme Retail", "at risk"),  # two spellings and an alias: one client, two bad calls
        ("Initech", "watch"),
        ("Globex", "healthy"),
    ]
    assert judged[0][1].reasons[0] == "1 escalation and 1 ending at risk in 30 days"
