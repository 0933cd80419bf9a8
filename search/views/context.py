"""Template context of the search page (and its htmx partial)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from django.http import QueryDict
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse

from search.views import engine
from search.views.facets import FACETS, build_groups, year_bars
from search.views.results import letter_hits, pagination, summary

SORTS = (("relevance", "Relevance"), ("newest", "Newest first"), ("oldest", "Oldest first"))


@dataclass(frozen=True, slots=True)
class Chip:
    label: str
    value: str
    remove_url: str


def letter_url(case_number: str, querystring: str, rank: int | None = None) -> str:
    url = reverse("search:letter", args=[case_number])
    qd = QueryDict(querystring, mutable=True)
    if rank:
        qd["i"] = str(rank)
    return f"{url}?{qd.urlencode()}" if qd else url


def chips(query: QueryDict) -> list[Chip]:
    found = []
    for spec in FACETS:
        for value in query.getlist(spec.param):
            qd = query.copy()
            qd.setlist(spec.param, [v for v in qd.getlist(spec.param) if v != value])
            label = value.capitalize() if spec.title_case else value
            found.append(Chip(spec.label, label, "?" + qd.urlencode()))
    for param, label in (("date_from", "Decided on or after"), ("date_to", "Decided on or before")):
        if query.get(param):
            qd = query.copy()
            qd.pop(param)
            found.append(Chip(label, query[param], "?" + qd.urlencode()))
    return found


def optional_template(name: str) -> str | None:
    """A template another app ships (e.g. the save-search form), or None while it is absent."""
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return None
    return name


def search_context(query: engine.Query, results: Any) -> dict[str, Any]:
    qd = query.query_dict()
    base_qs = qd.urlencode()
    hits = [
        dataclasses.replace(hit, url=letter_url(hit.case_number, base_qs, hit.rank))
        for hit in letter_hits(getattr(results, "results", []) or [], (query.page - 1) * 20 + 1)
    ]
    totals = summary(results)
    facets = getattr(results, "facets", {}) or {}
    sort = getattr(query.params, "sort", "") or "relevance"
    sort_links = []
    for value, label in SORTS:
        sqd = qd.copy()
        sqd["sort"] = value
        sort_links.append(
            {"value": value, "label": label, "url": "?" + sqd.urlencode(), "current": value == sort}
        )
    export_qs = qd.urlencode()
    return {
        "query": query,
        "q": query.text,
        "base_qs": base_qs,
        "hits": hits,
        "summary": totals,
        "messages_engine": [*query.messages, *(str(m) for m in getattr(results, "messages", []) or [])],
        "suggestions": list(getattr(results, "suggestions", []) or []),
        "took_ms": getattr(results, "took_ms", None),
        "facet_groups": [g for g in build_groups(facets, qd) if g.values],
        "year_bars": year_bars(facets.get("year", []), qd),
        "date_from": getattr(query.params, "date_from", None) or "",
        "date_to": getattr(query.params, "date_to", None) or "",
        "chips": chips(qd),
        "sort": sort,
        "sorts": SORTS,
        "sort_links": sort_links,
        "pagination": pagination(
            qd, query.page, totals.total_letters, len(hits), max_page=getattr(results, "max_page", None)
        ),
        "export_url": reverse("search:export") + (f"?{export_qs}" if export_qs else ""),
        "export_limit": engine.export_limit(),
        "save_form_template": optional_template("saved/_save_form.html"),
    }
