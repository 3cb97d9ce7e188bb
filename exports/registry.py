"""Export formats by name: what `aftercall digest --format` and the export dialog offer."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from exports.csv_export import render_actions_csv, render_reflections_csv
from exports.digest import digest_parts, render_digest
from exports.digest_charts import cost_by_week_charts, types_chart
from exports.digest_practices import trend_chart, with_data
from exports.html import html_page, markdown_to_html
from exports.insights_json import insights_to_dict
from exports.pseudonyms import aliases, pseudonymise
from exports.svg_charts import bar_chart, column_chart
from store import Reflection, ValidationError
from store.insights import (
    Elsewhere,
    Extras,
    Insights,
    Period,
    extras_to_dict,
    full_learnings,
)
from store.records import (
    EMPTY_DIRECTORY,
    ClientDirectory,
    ClientProfile,
    Vocabulary,
    fold,
    json_safe,
)


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
    clients: ClientDirectory = field(default=EMPTY_DIRECTORY, compare=False)
    """The client profiles: aliases merge a client's rows, styles and contacts are known."""
    practices: Vocabulary = field(default_factory=lambda: fold(()))
    """The team's practices (the seed when not given)."""


def _computed(
    records: Sequence[Reflection], request: DigestRequest, rest: Elsewhere | None
) -> tuple[Insights, Insights, Extras]:
    return full_learnings(records, request.period, request.as_of, request.clients,
                          request.practices, rest)  # fmt: skip


def _markdown(
    records: Sequence[Reflection], request: DigestRequest, rest: Elsewhere | None = None
) -> str:
    current, previous, extras = _computed(records, request, rest)
    return render_digest(current, previous, charts=request.charts, extras=extras)


def _html(
    records: Sequence[Reflection], request: DigestRequest, rest: Elsewhere | None = None
) -> str:
    """The Markdown digest as a page; its charts are inline SVG, which any browser draws."""
    current, previous, extras = _computed(records, request, rest)
    opening, lead, tail = digest_parts(current, previous, extras)
    charts: list[str] = []
    trend: list[str] = []
    if request.charts and current.in_period:
        charts = [bar_chart(types_chart(current))]
        charts += [column_chart(chart) for chart in cost_by_week_charts(current)]
        if points := with_data(extras.trend):
            trend = [column_chart(trend_chart(points)) + "\n"]
    parts = [markdown_to_html(opening), *(chart + "\n" for chart in charts),
             markdown_to_html(lead), *trend, markdown_to_html(tail)]  # fmt: skip
    return html_page(parts, f"Team digest: {request.period.label}")


def _json(
    records: Sequence[Reflection], request: DigestRequest, rest: Elsewhere | None = None
) -> str:
    current, previous, extras = _computed(records, request, rest)
    data = insights_to_dict(current, previous) | extras_to_dict(extras)
    dumped = json.dumps(data, indent=2, ensure_ascii=False)
    return json_safe(dumped) + "\n"


def _csv(
    records: Sequence[Reflection], request: DigestRequest, rest: Elsewhere | None = None
) -> str:
    """The period's reflections, which `records` hold whether whole or not (`rest` unused)."""
    chosen = sorted(
        (r for r in records if request.period.contains(r.conversation_date)),
        key=lambda r: (r.conversation_date, r.id),
    )
    return render_actions_csv(chosen) if request.actions else render_reflections_csv(chosen)


Renderer = Callable[[Sequence[Reflection], DigestRequest, Elsewhere | None], str]
"""(records, request, the summaries of the rest of the store or None) -> the export."""
RENDERERS: dict[str, Renderer] = {
    "md": _markdown,
    "html": _html,
    "json": _json,
    "csv": _csv,
}
EXTENSIONS = {"md": ".md", "html": ".html", "json": ".json", "csv": ".csv"}
CHART_FORMATS = ("md", "html")
"""Formats that can hold charts: Mermaid in Markdown, inline SVG in HTML."""


def check_request(request: DigestRequest) -> None:
    """Refuse options the format cannot honour, rather than silently leave them out."""
    if request.charts and request.format not in CHART_FORMATS:
        raise ValidationError(
            "--charts", f"{' and '.join(CHART_FORMATS)} digests take charts, not {request.format}"
        )


def render(
    records: Sequence[Reflection], request: DigestRequest, rest: Elsewhere | None = None
) -> str:
    """The digest of `records` as `request` asks, names aliased first when asked.

    `records` are the whole store's; or those of the files holding `digest_windows`, with
    `rest` (`store.insights.digest_records`) standing for the other files. Aliases are refused
    with `rest`: the letters go to every client of the store in order, and the leak check reads
    every record's text for every hidden name, so only the whole store gives the same digest.
    """
    check_request(request)
    if rest is not None and (request.pseudonymise_clients or request.anonymise_members):
        raise ValueError("an aliased digest is rendered from the whole store, not a part of it")
    directory = request.clients
    canonical = directory.canonical(records)
    if rest is not None and directory.profiles:
        rest = rest.renamed(directory.display)  # as `canonical` renames the records
    aliased = pseudonymise(
        canonical, clients=request.pseudonymise_clients, members=request.anonymise_members,
        people=directory.contact_names(), spellings=directory.spellings(),
    )  # fmt: skip
    if request.pseudonymise_clients:
        request = replace(request, clients=_aliased_styles(canonical, directory))
    return RENDERERS[request.format](aliased, request, rest)


def _aliased_styles(records: Sequence[Reflection], directory: ClientDirectory) -> ClientDirectory:
    """Profiles that know each client by its alias ("Client A") and keep only its style."""
    names = aliases((r.client for r in records), "Client")
    return ClientDirectory(
        ClientProfile(client_id=alias, name=alias, style=directory.style_of(folded))
        for folded, alias in names.items()
    )
