"""What the team learns from its records: aggregations, signals and briefings."""

from store.insights.accounts import AccountRow, StyleSummary, with_clients
from store.insights.action_items import ActionFilter, ActionRow, action_rows
from store.insights.briefing import (
    Briefing,
    Lesson,
    Promise,
    PromiseRecord,
    build_briefing,
    records_of,
)
from store.insights.due_work import DueEntry, due_entries, due_now
from store.insights.headlines import Headline, adherence, headlines
from store.insights.health import team_cost_norm
from store.insights.learnings import (
    CostSummary,
    Insights,
    PartyActions,
    compute_insights,
    compute_with_previous,
    opening_period,
)
from store.insights.periods import (
    Period,
    default_as_of,
    in_range,
    month_of,
    parse_period,
    period_between,
    previous_full_month,
    quarter_of,
)
from store.insights.themes import Theme

__all__ = [
    "AccountRow",
    "ActionFilter",
    "ActionRow",
    "Briefing",
    "CostSummary",
    "DueEntry",
    "Headline",
    "Insights",
    "Lesson",
    "PartyActions",
    "Period",
    "Promise",
    "PromiseRecord",
    "StyleSummary",
    "Theme",
    "action_rows",
    "adherence",
    "build_briefing",
    "compute_insights",
    "compute_with_previous",
    "default_as_of",
    "due_entries",
    "due_now",
    "headlines",
    "in_range",
    "month_of",
    "opening_period",
    "parse_period",
    "period_between",
    "previous_full_month",
    "quarter_of",
    "records_of",
    "team_cost_norm",
    "with_clients",
]
