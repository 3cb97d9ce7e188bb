"""What the team's reflections add up to: learnings, themes, periods, action items."""

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
from store.insights.due import DueList, due_now
from store.insights.due_work import DueEntry, due_entries, due_soon
from store.insights.extras import (
    Extras,
    compute_extras,
    extras_to_dict,
    full_learnings,
    period_extras,
)
from store.insights.file_index import Elsewhere
from store.insights.follow_ups import LatestConversations
from store.insights.headline_trend import TrendPoint
from store.insights.headlines import Headline, adherence, headlines
from store.insights.health import (
    ClientHealth,
    Health,
    by_client,
    client_health,
    clients_health,
    team_cost_norm,
)
from store.insights.learnings import (
    CostSummary,
    Insights,
    PartyActions,
    compute_insights,
    compute_with_previous,
    opening_period,
)
from store.insights.period_view import digest_records, digest_windows, period_records
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
from store.insights.practice_stats import Resolved
from store.insights.themes import Theme
from store.insights.trend import Trend, trend

__all__ = [
    "AccountRow",
    "ActionFilter",
    "ActionRow",
    "Briefing",
    "ClientHealth",
    "CostSummary",
    "DueEntry",
    "DueList",
    "Elsewhere",
    "Extras",
    "Headline",
    "Health",
    "Insights",
    "LatestConversations",
    "Lesson",
    "PartyActions",
    "Period",
    "Promise",
    "PromiseRecord",
    "Resolved",
    "StyleSummary",
    "Theme",
    "Trend",
    "TrendPoint",
    "action_rows",
    "adherence",
    "build_briefing",
    "by_client",
    "client_health",
    "clients_health",
    "compute_extras",
    "compute_insights",
    "compute_with_previous",
    "default_as_of",
    "digest_records",
    "digest_windows",
    "due_entries",
    "due_now",
    "due_soon",
    "extras_to_dict",
    "full_learnings",
    "headlines",
    "in_range",
    "month_of",
    "opening_period",
    "parse_period",
    "period_between",
    "period_extras",
    "period_records",
    "previous_full_month",
    "quarter_of",
    "records_of",
    "team_cost_norm",
    "trend",
    "with_clients",
]
