"""The one place the UI calls the search engine (search.forms / search.service).

Views, the API and the export go through these functions, so a change in the
engine's names touches this module only.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.http import QueryDict
from opensearchpy.exceptions import ConnectionError as EngineConnectionError
from opensearchpy.exceptions import TransportError

from search.views.results import PER_PAGE

logger = logging.getLogger(__name__)

UNAVAILABLE_STATUS = {"N/A", 429, 502, 503, 504}


class EngineUnavailable(Exception):
    """OpenSearch cannot be reached (or refuses service): the UI answers 503."""


def is_unavailable(exc: BaseException) -> bool:
    if isinstance(exc, EngineConnectionError):
        return True
    return isinstance(exc, TransportError) and exc.status_code in UNAVAILABLE_STATUS


@dataclass(slots=True)
class Query:
    """A request's search parameters, validated by the engine's SearchForm."""

    params: Any  # search.service.SearchParams
    page: int
    messages: list[str] = field(default_factory=list)

    @property
    def querystring(self) -> str:
        """The cleaned parameters (no page), for links that carry the search."""
        return str(self.params.to_querystring())

    def query_dict(self) -> QueryDict:
        qd = QueryDict(self.querystring, mutable=True)
        qd.pop("page", None)
        return qd

    @property
    def text(self) -> str:
        return str(getattr(self.params, "q", "") or "")


def parse(data: QueryDict | Mapping[str, Any]) -> Query:
    from search.forms import SearchForm

    form = SearchForm(data)
    form.is_valid()  # never raises: invalid values are dropped with a message
    params = form.params() if callable(getattr(form, "params", None)) else form.params
    page = int(getattr(params, "page", None) or form.cleaned_data.get("page") or 1)
    messages = [str(m) for m in getattr(form, "messages", [])]
    return Query(params=params, page=max(1, page), messages=messages)


def search(
    query: Query,
    *,
    page: int | None = None,
    per_page: int = PER_PAGE,
    highlight: bool = True,
    facets: bool = True,
) -> Any:
    from search.service import run_search

    wanted = page or query.page
    options = {"highlight": highlight} if facets else {"highlight": highlight, "aggregations": False}
    results = guarded(run_search, query.params, page=wanted, per_page=per_page, **options)
    if page is None and per_page == PER_PAGE:
        query.page = int(getattr(results, "page", query.page) or query.page)  # the engine caps deep pages
    return results


def letter_highlighter() -> Any | None:
    """The engine's whole-letter highlighter, or None when it has none (the UI then marks words itself)."""
    try:
        from search.service import highlight_letter
    except ImportError:
        return None
    return highlight_letter


def highlight_letter(letter: Any, query: Query) -> Any | None:
    """``{"summary": html, "treatments": {position: {"request", "rationale"}}}``, or None: nothing marked."""
    highlighter = letter_highlighter()
    return guarded(highlighter, letter.public_id, query.params) if highlighter else None


def export_limit() -> int:
    return int(getattr(settings, "EXPORT_MAX_ROWS", 10_000))


def export_rows(query: Query, limit: int) -> Iterator[Mapping[str, Any]]:
    from search.service import iter_export_rows

    return iter_export_rows(query.params, limit)


def guarded(function: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return function(*args, **kwargs)
    except (EngineConnectionError, TransportError) as exc:
        if is_unavailable(exc):
            raise EngineUnavailable(str(exc)) from exc
        raise
