"""Every figure of the learnings on a hand-built team where the right answer is known."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exports.insights_json import insights_to_dict
from store import Reflection
from store.insights.headlines import headlines
from store.insights.learnings import compute_insights, opening_period
from store.insights.periods import month_of, parse_period
from tests.factories import bare_reflection as _r
from tests.factories import numbered_id as _id

OCTOBER = parse_period("2026-10")
AS_OF = date(2026, 10, 31)


def _item(n: int, party: str, due: str | None, done: str | None, owner: str = "Dana") -> dict:
    return {"id": _id(1000 + n), "text": f"item {n}", "owner": owner, "party": party,
            "due": due, "done_on": done}  # fmt: skip


def team() -> list[Reflection]:
    return [
        _r(1, what_worked="Brought a revised plan with names and dates.",
           what_to_change="Warn them early when the timeline slips.",
           and_client_contribution="We need consolidated feedback from one approver.",
           yes_we_owned="We missed the deadline by two days.",
           issue_noticed_at="2026-10-05", mood_before=2, mood_after=4,
           cost_absorbed={"amount": "450.00", "currency": "EUR", "kind": "rush_fee"},
           action_items=[_item(1, "us", "2026-10-10", "2026-10-09"),
                         _item(2, "client", "2026-10-12", "2026-10-20", owner="Priya")],
           follow_up_on="2026-11-05"),
        _r(2, member="Lee", conversation_at="2026-10-12T15:00", issue_noticed_at="2026-10-10",
           what_worked="A revised plan with names and dates calmed them.",
           and_client_contribution="Asked again for consolidated feedback from one approver.",
           mood_before=1, mood_after=2,
           cost_absorbed={"amount": "100.50", "currency": "EUR", "kind": "credit"},
           action_items=[_item(3, "us", "2026-10-20", None)]),
        _r(3, member="Lee", client="Globex", type="complaint", channel="video",
           conversation_at="2026-10-20", issue_noticed_at="2026-10-14", outcome="at_risk",
           structure={"acknowledged": True, "explained": False, "resolved": True,
                      "committed": False},
           what_to_change="Warn them early next time.", mood_before=3, mood_after=3,
           cost_absorbed={"amount": "1000", "currency": "USD", "kind": "free_work"},
           action_items=[_item(4, "client", "2026-11-15", None, owner="Kim")]),
        _r(4, conversation_at="2026-10-28", outcome="escalated",
           structure={"acknowledged": False, "explained": False, "resolved": False,
                      "committed": False},
           and_client_contribution="Wants consolidated feedback from one approver, finally."),
        # Outside October: counts only towards repeats, actions and follow-ups.
        _r(5, conversation_at="2026-09-15", follow_up_on="2026-10-03",
           action_items=[_item(5, "us", "2026-09-30", None)]),
        _r(6, conversation_at="2026-11-02", client="Globex"),
    ]  # fmt: skip


@pytest.fixture(scope="module")
def insights():
    return compute_insights(team(), OCTOBER, AS_OF)


def test_counts(insights) -> None:
    assert insights.reflections == 4
    assert insights.members == ("Dana", "Lee") and insights.clients == ("Acme", "Globex")
    assert insights.by_type == {"missed_deadline": 3, "complaint": 1}
    assert insights.by_channel == {"call": 3, "video": 1}
    assert insights.by_outcome == {"resolved": 2, "at_risk": 1, "escalated": 1}
    assert insights.by_member == {"Dana": 2, "Lee": 2}
    assert insights.by_client == {"Acme": 3, "Globex": 1}


def test_cost_per_currency_never_mixed(insights) -> None:
    eur, usd = insights.cost["EUR"], insights.cost["USD"]
    assert eur.total == Decimal("550.50") and usd.total == Decimal("1000.00")
    assert eur.by_client == {"Acme": Decimal("550.50")}
    assert eur.by_kind == {"rush_fee": Decimal("450.00"), "credit": Decimal("100.50")}
    assert usd.by_type == {"complaint": Decimal("1000.00")}
    assert eur.by_month == {"2026-10": Decimal("550.50")}
    assert [item.amount for item in eur.largest] == [Decimal("450.00"), Decimal("100.50")]


def test_structure_and_outcomes(insights) -> None:
    s = insights.structure
    assert s.by_part == {"acknowledged": 3, "explained": 2, "resolved": 3, "committed": 2}
    assert (s.all_four, s.total) == (2, 4)
    assert s.outcome_all_four == {"resolved": 2}
    assert s.outcome_not_all_four == {"at_risk": 1, "escalated": 1}


def test_response_lag(insights) -> None:
    lag = insights.lag
    assert (lag.median_days, lag.max_days) == (2.0, 6)
    assert lag.slowest[0] == (_id(3), "Globex", 6)
    assert lag.outcome_by_bucket == {"same day": {"resolved": 1}, "1-2 days": {"resolved": 1},
                                     "3+ days": {"at_risk": 1}}  # fmt: skip


def test_mood(insights) -> None:
    assert insights.mood.mean_shift == 1.0 and insights.mood.measured == 3
    assert [t[0] for t in insights.mood.turnarounds] == [_id(1), _id(2)]


def test_yes_and_grouped_by_client(insights) -> None:
    acme = next(y for y in insights.yes_and if y.client == "Acme")
    assert acme.owned == (("Dana", "We missed the deadline by two days."),)
    assert len(acme.client_side) == 3


def test_themes_need_two_reflections_and_name_who(insights) -> None:
    worked = {t.phrase: t for t in insights.themes_worked}
    assert set(worked) == {"revised plan name date"}
    assert worked["revised plan name date"].members == ("Dana", "Lee")
    change = {t.phrase: t.count for t in insights.themes_change}
    assert change == {"warn early": 2}
    assert [(a.client, a.phrase, a.count) for a in insights.client_asks] == [
        ("Acme", "consolidated feedback one approver", 3)]  # fmt: skip


def test_client_repeats_look_back_a_quarter(insights) -> None:
    repeats = [(c.client, c.type, c.count) for c in insights.client_repeats]
    assert repeats == [("Acme", "missed_deadline", 4)]  # September's counts too


def test_actions_as_of_the_day(insights) -> None:
    a = insights.actions
    # item 2 was done on 10-20: open at no point after; item 3 open and overdue; item 4 not due;
    # item 5 (September reflection) still open and overdue.
    assert (a.open, a.overdue, a.done) == (3, 2, 2)
    us, client = a.by_party["us"], a.by_party["client"]
    assert (us.open, us.overdue, us.done, us.due, us.kept) == (2, 2, 1, 2, 1)
    assert (client.open, client.overdue, client.done, client.due, client.kept) == (1, 0, 1, 1, 0)
    assert us.kept_rate == 0.5 and client.kept_rate == 0.0
    assert a.by_owner["Kim"].open == 1


def test_an_item_done_after_the_as_of_day_was_open_then() -> None:
    early = compute_insights(team(), OCTOBER, date(2026, 10, 15))
    assert early.actions.by_party["client"].open == 1  # item 2, done on 10-20
    assert early.actions.by_party["client"].overdue == 1


def test_follow_ups_coming_due(insights) -> None:
    # Acme's follow-ups (records 5 and 1) were settled by the later calls with Acme.
    assert insights.follow_ups == ()
    records = [
        *team(),
        _r(7, client="Initech", conversation_at="2026-09-20", follow_up_on="2026-10-03"),
        _r(8, client="Globex", conversation_at="2026-10-21", follow_up_on="2026-11-05"),
        _r(9, client="Hooli", follow_up_on="2026-10-30", follow_up_done="2026-10-30"),
    ]
    due = compute_insights(records, OCTOBER, AS_OF).follow_ups
    assert [(f.reflection_id, f.on) for f in due] == [
        (_id(7), date(2026, 10, 3)), (_id(8), date(2026, 11, 5))]  # fmt: skip


def test_headlines_compare_with_the_previous_period() -> None:
    records = team()
    current = compute_insights(records, OCTOBER, AS_OF)
    previous = compute_insights(records, OCTOBER.previous(), date(2026, 9, 30))
    rows = {h.key: h for h in headlines(current, previous)}
    assert (rows["reflections"].value, rows["reflections"].previous) == (4, 1)
    assert rows["reflections"].change == 3
    assert rows["cost_absorbed.EUR"].change == Decimal("550.50")
    assert rows["structure_all_four"].value == 0.5


def test_json_has_the_documented_keys(insights) -> None:
    data = insights_to_dict(insights)
    for key in ("period", "as_of", "reflections", "members", "clients", "by_type", "by_outcome",
                "cost_absorbed", "structure", "response_lag_days", "mood_shift", "actions",
                "follow_ups_due", "themes", "client_asks", "client_repeats"):  # fmt: skip
        assert key in data
    assert data["period"] == {"start": "2026-10-01", "end": "2026-10-31", "label": "October 2026"}
    assert data["cost_absorbed"]["EUR"]["total"] == "550.50"
    assert data["cost_absorbed"]["EUR"]["by_kind"] == {"rush_fee": "450.00", "credit": "100.50"}
    assert set(data["structure"]) >= {"by_part", "all_four", "outcome_all_four",
                                      "outcome_not_all_four"}  # fmt: skip
    assert data["response_lag_days"]["median"] == 2.0 and data["mood_shift"]["mean"] == 1.0
    assert data["actions"]["by_party"]["us"]["kept_rate"] == 0.5
    assert data["themes"][0] == {
        "phrase": "revised plan name date",
        "wording": "revised plan with names and dates",
        "field": "what_worked",
        "count": 2,
        "members": ["Dana", "Lee"],
        "clients": ["Acme"],
        "reflection_ids": [_id(1), _id(2)],
    }
    assert data["client_asks"][0]["reflection_ids"] == [_id(1), _id(2), _id(4)]


def test_json_lists_one_members_habit_apart_with_its_reflections() -> None:
    habit = [_r(n, member="Grace", what_to_change="Send the agenda the day before.")
             for n in (1, 2, 3)]  # fmt: skip
    data = insights_to_dict(compute_insights(habit, OCTOBER, AS_OF))
    assert data["themes"] == []
    assert data["solo_themes"] == [{
        "phrase": "send agenda day", "wording": "Send the agenda the day before",
        "field": "what_to_change", "member": "Grace", "count": 3,
        "reflection_ids": [_id(1), _id(2), _id(3)]}]  # fmt: skip


_CLIENTS = st.sampled_from(["Acme", "Globex", "Initech"])
_AMOUNTS = st.decimals(min_value=0, max_value=5000, places=2, allow_nan=False)


@st.composite
def _records(draw: st.DrawFn) -> list[Reflection]:
    count = draw(st.integers(0, 12))
    out = []
    for n in range(count):
        cost = None
        if draw(st.booleans()):
            cost = {
                "amount": str(draw(_AMOUNTS)),
                "currency": draw(st.sampled_from(["EUR", "USD"])),
                "kind": draw(st.sampled_from(["credit", "rush_fee"])),
            }
        out.append(_r(
            n + 1, client=draw(_CLIENTS), member=draw(st.sampled_from(["Dana", "Lee"])),
            conversation_at=f"2026-{draw(st.integers(9, 11)):02d}-{draw(st.integers(1, 28)):02d}",
            type=draw(st.sampled_from(["complaint", "renewal", "missed_deadline"])),
            outcome=draw(st.sampled_from(["resolved", "lost", "at_risk"])), cost_absorbed=cost,
            what_worked=draw(st.sampled_from(["", "revised plan with dates", "spoke first"])),
        ))  # fmt: skip
    return out


@settings(max_examples=60, deadline=None)
@given(_records(), st.randoms(use_true_random=False))
def test_totals_equal_their_parts_whatever_the_order(
    records: list[Reflection], rng: random.Random
) -> None:
    insights = compute_insights(records, OCTOBER, AS_OF)
    assert sum(insights.by_type.values()) == insights.reflections
    assert sum(insights.by_member.values()) == sum(insights.by_outcome.values())
    for summary in insights.cost.values():
        assert sum(summary.by_client.values()) == summary.total == sum(summary.by_kind.values())
        assert sum(summary.by_month.values()) == summary.total
    s = insights.structure
    assert sum(s.outcome_all_four.values()) + sum(s.outcome_not_all_four.values()) == s.total
    shuffled = list(records)
    rng.shuffle(shuffled)
    expected = insights_to_dict(insights)
    assert insights_to_dict(compute_insights(shuffled, OCTOBER, AS_OF)) == expected
    # Splitting the records (as across members' files) and joining them changes nothing.
    half = len(records) // 2
    joined = records[half:] + records[:half]
    assert insights_to_dict(compute_insights(joined, OCTOBER, AS_OF)) == expected


def test_month_of_helper() -> None:
    assert month_of(date(2026, 2, 14)).end == date(2026, 2, 28)


def test_the_opening_period_is_the_latest_month_with_conversations() -> None:
    october = [_r(1, conversation_at="2026-10-14")]
    assert opening_period(october, date(2026, 10, 20)).label == "October 2026"
    assert opening_period(october, date(2026, 11, 23)).label == "October 2026"
    assert opening_period([], date(2026, 11, 23)).label == "November 2026"
    future_typo = [_r(2, conversation_at="2027-01-05")]
    assert opening_period(future_typo, date(2026, 11, 23)).label == "November 2026"
