"""Template context of the search page (and its htmx partial)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.http import QueryDict
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse

from search import scopes
from search.engine import PER_PAGE
from search.facets import FACETS, YEAR
from search.forms import ValidSearch
from search.results import SearchResults
from search.sorts import SORTS
from search.views.export import export_limit
from search.views.pagination import pagination
from search.views.render import hits_html
from search.views.sidebar import build_groups, year_bars


@dataclass(frozen=True, slots=True)
class Chip:
    label: str
    value: str
    remove_url: str


def letter_url(case_number: str, querystring: str, rank: int | None = None) -> str:
    """The letter page, carrying the search's querystring and the letter's rank in it."""
    url = reverse("search:letter", args=[case_number])
    query = "&".join(part for part in (querystring, f"i={rank}" if rank else "") if part)
    return f"{url}?{query}" if query else url


def letter_url_maker(querystring: str) -> Callable[[str, int], str]:
    """letter_url for many results: one reverse(), then string formatting per result."""
    marker = "CASE-NUMBER-PLACEHOLDER"
    template = reverse("search:letter", args=[marker])
    suffix = f"?{querystring}&i=" if querystring else "?i="

    def make(case_number: str, rank: int) -> str:
        return template.replace(marker, quote(case_number, safe="")) + suffix + str(rank)

    return make


def chips(query: QueryDict) -> list[Chip]:
    found = []
    for spec in FACETS:
        for value in query.getlist(spec.param):
            qd = query.copy()
            qd.setlist(spec.param, [v for v in qd.getlist(spec.param) if v != value])
            found.append(Chip(spec.label, spec.display(value), "?" + qd.urlencode()))
    for param, label in (("date_from", "Decided on or after"), ("date_to", "Decided on or before")):
        if query.get(param):
            qd = query.copy()
            qd.pop(param)
            found.append(Chip(label, str(query[param]), "?" + qd.urlencode()))
    return found


def suggestion_links(suggestions: list[str], query: QueryDict) -> list[dict[str, str]]:
    """ "Did you mean" links: the suggested query with the current filters kept."""
    links = []
    for suggestion in suggestions:
        qd = query.copy()
        qd["q"] = str(suggestion)
        links.append({"text": str(suggestion), "url": "?" + qd.urlencode()})
    return links


def decisions_label(count: int, query: ValidSearch, *, plain: bool) -> str:
    """What the matching decisions are, in words: "decisions requesting “acupuncture”".

    ``plain``: the search has a positive word without a field. Otherwise (filters, fields, case
    numbers, exclusions) they are the matching decisions of the letters found.
    """
    noun = "decision" if count == 1 else "decisions"
    words = " ".join(query.text.split())
    if not plain or not words:
        return f"matching {noun}"
    shown = words if len(words) <= 60 else words[:59] + "…"
    return f"{noun} {scopes.scope(query.params.scope).noun} \u201c{shown}\u201d"


def optional_template(name: str) -> str | None:
    """A template another app ships (e.g. the save-search form), or None while it is absent."""
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return None
    return name


def search_context(query: ValidSearch, results: SearchResults) -> dict[str, Any]:
    qd = query.query_dict()
    base_qs = qd.urlencode()
    first_rank = (query.page - 1) * PER_PAGE + 1
    hits = results.results
    sort = query.params.sort
    suggestions = suggestion_links(results.suggestions, qd)
    messages = [*query.messages, *results.messages]
    if suggestions:  # the "Did you mean" line below has the links; don't say it twice
        messages = [m for m in messages if "did you mean" not in m.lower()]
    return {
        "query": query,
        "q": query.text,
        "base_qs": base_qs,
        "hits": hits,
        "hits_html": hits_html(
            hits, first_rank, letter_url_maker(base_qs), scopes.scope(query.params.scope).elsewhere
        ),
        "summary": results,
        "messages_engine": messages,
        "suggestions": suggestions,
        "took_ms": results.took_ms,
        "facet_groups": [g for g in build_groups(results.facets) if g.values],
        "year_bars": year_bars(results.facets.get(YEAR, []), qd),
        "date_from": query.params.date_from or "",
        "date_to": query.params.date_to or "",
        "chips": chips(qd),
        "sort": sort,
        "sorts": SORTS,
        "scope": scopes.scope(query.params.scope),
        "scopes": scopes.SCOPES,
        "decisions_label": decisions_label(results.total_decisions, query, plain=results.plain),
        "decided_label": decisions_label(results.decided, query, plain=results.plain),
        "pagination": pagination(qd, query.page, results.max_page, len(hits)),
        "export_url": reverse("search:export") + (f"?{base_qs}" if base_qs else ""),
        "export_limit": export_limit(),
        "save_form_template": optional_template("saved/_save_form.html"),
    }
