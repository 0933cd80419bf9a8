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
    """How many letters and decisions match now (no highlighting, no result rows)."""
    from search.service import run_search

    results = run_search(validated.params, page=1, per_page=1, highlight=False)
    return Counts(letters=int(results.total_letters), decisions=int(results.total_decisions))


def run(validated: Validated, *, page: int = 1, per_page: int = 20) -> Any:
    from search.service import run_search

    return run_search(validated.params, page=page, per_page=per_page, highlight=True)


def percolator_query(validated: Validated) -> dict[str, Any]:
    """The complete OpenSearch query of the search (every filter inside it), for the percolator.

    Built from the engine's own pieces: the compiled text query and the facet
    selections that ``run_search`` applies as ``post_filter``.
    """
    from search import facets, service
    from search.query import compile_query

    params = validated.params
    compiled = compile_query(params.q)
    conditions = facets.conditions(params, compiled.treatment)
    query = service.build_query(compiled, conditions, None)
    selections = conditions.selections()
    if not selections:
        return query
    return {"bool": {"must": [query], "filter": selections}}
