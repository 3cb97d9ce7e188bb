"""The learnings as JSON: what `aftercall learnings --format json` prints.

Amounts are decimal strings, key order is fixed and lists are sorted, so the same records
give byte-identical output.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from store.insights import CostSummary, Insights, PartyActions, Theme, headlines
from store.records import format_amount


def _money(values: dict[str, Decimal]) -> dict[str, str]:
    return {key: format_amount(value) for key, value in values.items()}


def _cost(summary: CostSummary) -> dict[str, Any]:
    return {
        "total": format_amount(summary.total),
        "by_client": _money(summary.by_client),
        "by_kind": _money(summary.by_kind),
        "by_type": _money(summary.by_type),
        "by_month": _money(summary.by_month),
        "largest": [
            {"reflection_id": i.reflection_id, "client": i.client, "member": i.member,
             "kind": i.kind, "amount": format_amount(i.amount), "note": i.note}
            for i in summary.largest
        ],
    }  # fmt: skip


def _party(p: PartyActions) -> dict[str, Any]:
    rate = p.kept_rate
    return {"open": p.open, "overdue": p.overdue, "done": p.done, "due": p.due, "kept": p.kept,
            "kept_rate": None if rate is None else round(rate, 3)}  # fmt: skip


def _theme(t: Theme, field: str) -> dict[str, Any]:
    return {"phrase": t.phrase, "wording": t.shown, "field": field, "count": t.count,
            "members": list(t.members), "clients": list(t.clients),
            "reflection_ids": list(t.reflection_ids)}  # fmt: skip


def _solo(t: Theme, field: str) -> dict[str, Any]:
    return {"phrase": t.phrase, "wording": t.shown, "field": field, "member": t.members[0],
            "count": t.count, "reflection_ids": list(t.reflection_ids)}  # fmt: skip


def _number(value: float | Decimal | None) -> Any:
    if isinstance(value, Decimal):
        return format_amount(value)
    return round(value, 3) if isinstance(value, float) else value


def insights_to_dict(insights: Insights, previous: Insights | None = None) -> dict[str, Any]:
    i = insights
    s, lag, actions = i.structure, i.lag, i.actions
    return {
        "period": {"start": i.period.start.isoformat(), "end": i.period.end.isoformat(),
                   "label": i.period.label},
        "as_of": i.as_of.isoformat(),
        "reflections": i.reflections,
        "members": len(i.members),
        "clients": len(i.clients),
        "by_type": i.by_type,
        "by_channel": i.by_channel,
        "by_outcome": i.by_outcome,
        "by_member": i.by_member,
        "by_client": i.by_client,
        "cost_absorbed": {currency: _cost(c) for currency, c in i.cost.items()},
        "structure": {
            "by_part": s.by_part,
            "all_four": s.all_four,
            "total": s.total,
            "outcome_all_four": s.outcome_all_four,
            "outcome_not_all_four": s.outcome_not_all_four,
        },
        "response_lag_days": {
            "median": lag.median_days,
            "max": lag.max_days,
            "slowest": [{"reflection_id": rid, "client": client, "days": days}
                        for rid, client, days in lag.slowest],
            "outcome_by_bucket": lag.outcome_by_bucket,
        },
        "mood_shift": {
            "mean": i.mood.mean_shift,
            "measured": i.mood.measured,
            "turnarounds": [{"reflection_id": rid, "client": c, "member": m, "before": b,
                             "after": a} for rid, c, m, b, a in i.mood.turnarounds],
        },
        "actions": {
            "open": actions.open,
            "overdue": actions.overdue,
            "done": actions.done,
            "by_party": {p: _party(v) for p, v in actions.by_party.items()},
            "by_owner": {o: _party(v) for o, v in actions.by_owner.items()},
        },
        "follow_ups_due": [{"reflection_id": f.reflection_id, "client": f.client,
                            "member": f.member, "on": f.on.isoformat()} for f in i.follow_ups],
        "themes": [_theme(t, "what_worked") for t in i.themes_worked]
        + [_theme(t, "what_to_change") for t in i.themes_change]
        + [_theme(t, "and_client_contribution") for t in i.themes_client],
        "solo_themes": [_solo(t, "what_worked") for t in i.solo_worked]
        + [_solo(t, "what_to_change") for t in i.solo_change],
        "client_asks": [{"client": a.client, "phrase": a.phrase, "wording": a.shown,
                         "count": a.count, "reflection_ids": list(a.reflection_ids)}
                        for a in i.client_asks],
        "client_repeats": [{"client": c.client, "type": c.type, "count": c.count,
                            "since": c.since.isoformat()} for c in i.client_repeats],
        "yes_and": [{"client": y.client,
                     "owned": [{"member": m, "text": t} for m, t in y.owned],
                     "client_side": [{"member": m, "text": t} for m, t in y.client_side]}
                    for y in i.yes_and],
        "change_from_previous": {
            h.key: {"value": _number(h.value), "previous": _number(h.previous),
                    "change": _number(h.change)}
            for h in headlines(i, previous)
        },
    }  # fmt: skip
