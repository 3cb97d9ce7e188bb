"""Export formats by name: what `aftercall digest --format` and the export dialog offer."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from exports.csv_export import render_actions_csv, render_reflections_csv
from exports.digest import render_digest
from exports.html import render_html
from exports.pseudonyms import pseudonymise
from store import Reflection
from store.learnings import compute_with_previous
from store.learnings_json import insights_to_dict
from store.reporting_period import Period
from store.text_safety import json_safe


@dataclass(frozen=True, slots=True)
class DigestRequest:
    """Everything that decides a digest's bytes (and nothing else: no clock, no host)."""

    period: Period
    as_of: date
    format: str = "md"
    pseudonymise_clients: bool = False
    anonymise_members: bool = False
    charts: bool = False
    actions: bool = False
    """CSV only: one row per action item instead of per reflection."""


def _markdown(records: Sequence[Reflection], request: DigestRequest) -> str:
    current, previous = compute_with_previous(records, request.period, request.as_of)
    return render_digest(current, previous, charts=request.charts)


def _html(records: Sequence[Reflection], request: DigestRequest) -> str:
    return render_html(_markdown(records, request), f"Team digest: {request.period.label}")


def _json(records: Sequence[Reflection], request: DigestRequest) -> str:
    current, previous = compute_with_previous(records, request.period, request.as_of)
    dumped = json.dumps(insights_to_dict(current, previous), indent=2, ensure_ascii=False)
    return json_safe(dumped) + "\n"


def _csv(records: Sequence[Reflection], request: DigestRequest) -> str:
    chosen = sorted(
        (r for r in records if request.period.contains(r.conversation_date)),
        key=lambda r: (r.conversation_date, r.id),
    )
    return render_actions_csv(chosen) if request.actions else render_reflections_csv(chosen)


RENDERERS: dict[str, Callable[[Sequence[Reflection], DigestRequest], str]] = {
    "md": _markdown,
    "html": _html,
    "json": _json,
    "csv": _csv,
}
EXTENSIONS = {"md": ".md", "html": ".html", "json": ".json", "csv": ".csv"}


def render(records: Sequence[Reflection], request: DigestRequest) -> str:
    """The digest of `records` as `request` asks, names aliased first when asked."""
    aliased = pseudonymise(
        records, clients=request.pseudonymise_clients, members=request.anonymise_members
    )
    return RENDERERS[request.format](aliased, request)
