"""What the team's reflections add up to: learnings, themes, periods, action items."""

from store.insights.action_items import ActionFilter, ActionRow, action_rows
from store.insights.due import DueList, due_now
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
from store.insights.themes import Theme
from store.insights.trend import Trend, trend

__all__ = [
    "ActionFilter",
    "ActionRow",
    "CostSummary",
    "DueList",
    "Headline",
    "Insights",
    "PartyActions",
    "Period",
    "Theme",
    "Trend",
    "action_rows",
    "adherence",
    "compute_insights",
    "compute_with_previous",
    "default_as_of",
    "due_now",
    "headlines",
    "in_range",
    "month_of",
    "opening_period",
    "parse_period",
    "period_between",
    "previous_full_month",
    "quarter_of",
    "trend",
]
