"""A client's health as a judgement with reasons: healthy, watch or at risk, never a bare number.

The rules, each looking at one client's reflections as of `today` (the worst level any rule
gives wins, and every rule that fires adds its reason):

1. Recent outcomes, last 30 days: a lost account is at risk; two or more conversations ending
   escalated or at risk are at risk; one is watch.
2. Temperature trend: the last conversation ended cooler than it began, or cooler than the one
   before ended: watch. Ending at 1 (furious): at risk.
3. Overdue items, ours: three or more at risk, one or two watch. Theirs: one or more watch.
4. Repeated missed deadlines: two or more missed deadline conversations in 90 days: watch.
5. Cost absorbed, last 90 days, per currency: more than twice the team's norm (the median per
   client that absorbed any) is watch.
6. Silence: the last conversation did not end resolved and was more than 30 days ago: watch.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import IntEnum
from statistics import median

from store.insights.client_past import ClientPast, Last, Rated
from store.records.clients import ClientDirectory
from store.records.models import ConversationType, Outcome, Party, Reflection

RECENT_DAYS = 30
REPEAT_DAYS = 90
COST_DAYS = 90
COST_FACTOR = 2
SILENCE_DAYS = 30
HEALTH_DAYS = max(RECENT_DAYS, REPEAT_DAYS, COST_DAYS)
"""The days up to "as of" whose every conversation the rules count; before them, only a
client's last conversations and its overdue items matter (`store.insights.client_past`)."""


class Health(IntEnum):
    HEALTHY = 0
    WATCH = 1
    AT_RISK = 2

    @property
    def label(self) -> str:
        return ("healthy", "watch", "at risk")[self.value]


@dataclass(frozen=True, slots=True)
class ClientHealth:
    level: Health
    reasons: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.level.label

    def explained(self) -> str:
        """ "at risk: 2 escalations in 30 days; 3 of our items overdue"."""
        return f"{self.label}: {'; '.join(self.reasons)}"


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _outcomes(records: Sequence[Reflection], today: date) -> list[tuple[Health, str]]:
    since = today - timedelta(days=RECENT_DAYS)
    recent = [r for r in records if since <= r.conversation_date <= today]
    found: list[tuple[Health, str]] = []
    if any(r.outcome is Outcome.LOST for r in recent):
        found.append((Health.AT_RISK, f"lost in the last {RECENT_DAYS} days"))
    bad = [r for r in recent if r.outcome in (Outcome.ESCALATED, Outcome.AT_RISK)]
    if bad:
        escalated = sum(r.outcome is Outcome.ESCALATED for r in bad)
        words = []
        if escalated:
            words.append(_plural(escalated, "escalation"))
        if len(bad) - escalated:
            words.append(f"{len(bad) - escalated} ending at risk")
        level = Health.AT_RISK if len(bad) >= 2 else Health.WATCH
        found.append((level, f"{' and '.join(words)} in {RECENT_DAYS} days"))
    return found


def _temperature(rated: Sequence[Rated]) -> list[tuple[Health, str]]:
    """`rated`: the conversations rated after the call, oldest first."""
    if not rated:
        return []
    _, _, before, last_after = rated[-1]
    after = last_after or 0
    if after <= 1:
        return [(Health.AT_RISK, "left the last call furious (1 of 5)")]
    if before is not None and after < before:
        return [(Health.WATCH, f"temperature fell on the last call ({before} -> {after})")]
    if len(rated) >= 2 and after < (rated[-2][3] or 0):
        return [(Health.WATCH, f"temperature falling ({rated[-2][3]} -> {after})")]
    return []


def _rated(records: Sequence[Reflection], past: ClientPast | None) -> list[Rated]:
    rated: list[Rated] = [(r.conversation_date, r.id, r.mood_before, r.mood_after)
                          for r in records if r.mood_after is not None]  # fmt: skip
    if past is None:
        return rated
    return sorted([*past.rated, *rated], key=lambda row: (row[0], row[1]))


def overdue_counts(records: Iterable[Reflection], today: date) -> dict[Party, int]:
    counts = {Party.US: 0, Party.CLIENT: 0}
    for r in records:
        for item in r.action_items:
            if (
                item.due is not None
                and item.due < today
                and (item.done_on is None or item.done_on > today)
            ):
                counts[item.party] += 1
    return counts


def overdue_with(
    records: Iterable[Reflection], today: date, past: ClientPast | None
) -> dict[Party, int]:
    """`overdue_counts` of `records` plus those of the client's past."""
    counts = overdue_counts(records, today)
    if past is not None:
        for party in counts:
            counts[party] += past.overdue.get(party, 0)
    return counts


def _overdue(counts: Mapping[Party, int]) -> list[tuple[Health, str]]:
    found: list[tuple[Health, str]] = []
    if ours := counts[Party.US]:
        level = Health.AT_RISK if ours >= 3 else Health.WATCH
        found.append((level, f"{ours} of our items overdue"))
    if theirs := counts[Party.CLIENT]:
        found.append((Health.WATCH, f"{theirs} of their items overdue"))
    return found


def _missed_deadlines(records: Sequence[Reflection], today: date) -> list[tuple[Health, str]]:
    since = today - timedelta(days=REPEAT_DAYS)
    n = sum(
        r.type is ConversationType.MISSED_DEADLINE and since <= r.conversation_date <= today
        for r in records
    )
    if n < 2:
        return []
    return [(Health.WATCH, f"{n} missed deadlines in {REPEAT_DAYS} days")]


def cost_since(records: Iterable[Reflection], since: date, today: date) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for r in records:
        if r.cost_absorbed is not None and since <= r.conversation_date <= today:
            totals[r.cost_absorbed.currency] += r.cost_absorbed.amount
    return dict(totals)


def team_cost_norm(by_client: Iterable[Sequence[Reflection]], today: date) -> dict[str, Decimal]:
    """Per currency, the median cost absorbed per client (among those with any), last 90 days."""
    since = today - timedelta(days=COST_DAYS)
    amounts: dict[str, list[Decimal]] = defaultdict(list)
    for records in by_client:
        for currency, total in cost_since(records, since, today).items():
            amounts[currency].append(total)
    return {currency: Decimal(median(values)) for currency, values in sorted(amounts.items())}


def _cost(
    records: Sequence[Reflection], today: date, norm: Mapping[str, Decimal]
) -> list[tuple[Health, str]]:
    found: list[tuple[Health, str]] = []
    spent = cost_since(records, today - timedelta(days=COST_DAYS), today)
    for currency, total in sorted(spent.items()):
        usual = norm.get(currency)
        if usual and total > usual * COST_FACTOR:
            found.append((Health.WATCH, f"{currency} {total:,.2f} absorbed in {COST_DAYS} days, "
                          f"over twice the team's norm ({usual:,.2f})"))  # fmt: skip
    return found


def _silence(last: Last, today: date) -> list[tuple[Health, str]]:
    day, _, outcome = last
    days = (today - day).days
    if outcome is not Outcome.RESOLVED and days > SILENCE_DAYS:
        return [(Health.WATCH, f"{days} days since an unresolved conversation")]
    return []


def client_health(
    records: Iterable[Reflection],
    today: date,
    cost_norm: Mapping[str, Decimal] | None = None,
    past: ClientPast | None = None,
) -> ClientHealth:
    """The health of the client whose reflections are `records` (conversations after `today`
    are left out), with the reason for every rule that fired. `past`: the client's records not
    given, all before the `HEALTH_DAYS` up to `today` (`store.insights.client_past`)."""
    chosen = sorted(
        (r for r in records if r.conversation_date <= today),
        key=lambda r: (r.conversation_date, r.id),
    )
    lasts: list[Last] = [(r.conversation_date, r.id, r.outcome) for r in chosen[-1:]]
    if past is not None:
        lasts.append(past.last)
    if not lasts:
        return ClientHealth(Health.HEALTHY, ("no conversations yet",))
    last = max(lasts, key=lambda row: (row[0], row[1]))
    found = [
        *_outcomes(chosen, today),
        *_temperature(_rated(chosen, past)),
        *_overdue(overdue_with(chosen, today, past)),
        *_missed_deadlines(chosen, today),
        *_cost(chosen, today, cost_norm or {}),
        *_silence(last, today),
    ]
    if not found:
        return ClientHealth(
            Health.HEALTHY,
            (f"last conversation {last[2].value.replace('_', ' ')}", "nothing overdue"),
        )
    level = max(level for level, _ in found)
    return ClientHealth(level, tuple(reason for _, reason in found))


def by_client(
    records: Iterable[Reflection], directory: ClientDirectory
) -> dict[str, list[Reflection]]:
    """Reflections grouped by client, every alias and spelling as the one client."""
    groups: dict[str, list[Reflection]] = defaultdict(list)
    for r in records:
        groups[directory.key(r.client)].append(r)
    return dict(groups)


def clients_health(
    records: Iterable[Reflection], directory: ClientDirectory, today: date
) -> list[tuple[str, ClientHealth]]:
    """Every client's health (aliases folded through `directory`, the cost norm the team's),
    the worst first, then by name: home's accounts to watch and the digest use the one rule."""
    groups = by_client(records, directory)
    names = {key: directory.display(group[0].client) for key, group in groups.items()}
    norm = team_cost_norm(groups.values(), today)
    judged = [(names[key], client_health(group, today, norm)) for key, group in groups.items()]
    return sorted(judged, key=lambda pair: (-pair[1].level, pair[0].casefold()))
