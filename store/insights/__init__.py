"""What the team learns from its reflections: aggregations over a period."""

from store.insights.action_items import ActionFilter, ActionRow, action_rows
from store.insights.extras import Extras, compute_extras, extras_to_dict
from store.insights.follow_ups import LatestConversations
from store.insights.headline_trend import TrendPoint
from store.insights.headlines import Headline, adherence, headlines
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
from store.insights.practice_stats import Resolved
from store.insights.themes import Theme

__all__ = [
    "ActionFilter",
    "ActionRow",
    "CostSummary",
    "Extras",
    "Headline",
    "Insights",
    "LatestConversations",
    "PartyActions",
    "Period",
    "Resolved",
    "Theme",
    "TrendPoint",
    "action_rows",
    "adherence",
    "compute_extras",
    "compute_insights",
    "compute_with_previous",
    "default_as_of",
    "extras_to_dict",
    "headlines",
    "in_range",
    "month_of",
    "opening_period",
    "parse_period",
    "period_between",
    "previous_full_month",
    "quarter_of",
]
