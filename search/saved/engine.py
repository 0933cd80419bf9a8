"""The one place saved queries and alerts call the search engine.

A saved query is a raw querystring; every use re-validates it through
``search.forms.SearchForm`` (the same path as the search page and the API).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict

MAX_QUERYSTRING = 4000
IGNORED_PARAMS = ("page", "saved")


def clean_querystring(raw: str) -> str:
    """The querystring as the user had it, minus the page number and a leading '?'."""
    raw = (raw or "").strip()
    if "?" in raw:  # a pasted address
        raw = raw.split("?", 1)[1]
    raw = raw.split("#", 1)[0]
    data = QueryDict(raw, mutable=True)
    for name in IGNORED_PARAMS:
        data.pop(name, None)
    return data.urlencode()[:MAX_QUERYSTRING]


@dataclass(frozen=True)
class Validated:
    params: Any  # search.service.SearchParams
    messages: list[str] = field(default_factory=list)

    @property
    def querystring(self) -> str:
        return clean_querystring(str(self.params.to_querystring()))


def validate(raw: str) -> Validated:
    """Re-validate a stored querystring through the search form (never raises on bad input)."""
    from search.forms import SearchForm

    form = SearchForm(QueryDict(clean_querystring(raw)))
    form.is_valid()
    params = form.params() if callable(getattr(form, "params", None)) else form.params
    return Validated(params=params, messages=[str(m) for m in getattr(form, "messages", [])])


@dataclass(frozen=True)
class Counts:
    letters: int
    decisions: int


def count(validated: Validated) -> Counts:
    """How many letters and decisions match now: one ``size: 0`` request, request-cached.

    "My searches" runs this for every saved query, so it asks for the two totals only: no
    hits, no highlighting, no facet counts (``run_search`` gets the decision total from its
    facet aggregations, so even ``aggregations=False`` would not do). Same totals as the
    search page: the letters matching the query and every selection, and among them the
    treatments satisfying the treatment-level text and selections (as ``facets.decision_totals``).
    """
    from search import indexes, service
    from search.indexing import get_client
    from search.query import compile_query

    compiled = compile_query(validated.params.q)
    cond = service.conditions(validated.params, compiled)
    treatments: dict[str, Any] = {"nested": {"path": "treatments"}}
    condition = cond.treatment_condition()
    if condition != {"match_all": {}}:
        treatments["aggs"] = {"t": {"filter": condition}}
    body = {
        "query": _full_query(compiled, cond),
        "size": 0,
        "track_total_hits": True,
        "aggs": {"n": treatments},
    }
    response = get_client().search(index=indexes.alias_name(), body=body, request_cache=True)
    node = response["aggregations"]["n"]
    decisions = node.get("t", node)["doc_count"]
    return Counts(letters=int(response["hits"]["total"]["value"]), decisions=int(decisions))


def run(validated: Validated, *, page: int = 1, per_page: int = 20) -> Any:
    from search.service import run_search

    return run_search(validated.params, page=page, per_page=per_page, highlight=True)


def percolator_query(validated: Validated) -> dict[str, Any]:
    """The complete OpenSearch query of the search (every filter inside it), for the percolator.

    Built from the engine's own pieces: the compiled text query and the facet
    selections that ``run_search`` applies as ``post_filter``.
    """
    from search import service
    from search.query import compile_query

    params = validated.params
    compiled = compile_query(params.q)
    return _full_query(compiled, service.conditions(params, compiled))


def _full_query(compiled: Any, conditions: Any) -> dict[str, Any]:
    """The search's query with its facet selections as filters (``run_search`` has them as post_filter)."""
    from search import service

    query = service.build_query(compiled, conditions, None)
    selections = conditions.selections()
    if not selections:
        return query
    return {"bool": {"must": [query], "filter": selections}}
