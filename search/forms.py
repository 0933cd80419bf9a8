"""The one validation path for search parameters: the page, the API, CSV export and saved queries.

``SearchForm(data)`` never raises on bad input: it keeps what it can, drops the
rest, and collects friendly ``messages``. ``form.params()`` gives the frozen
``SearchParams`` the engine takes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.http import QueryDict

from search import scopes
from search.facets import FACET_PARAMS, FACETS
from search.sorts import BY_VALUE, DEFAULT

MAX_Q = 40_000  # a pasted list of 2,000 case numbers (search.query.cases) fits
MAX_VALUES = 50
MAX_VALUE_CHARS = 200
MAX_PAGE = 10_000
_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%Y/%m/%d", "%m-%d-%Y")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class SearchParams:
    """Cleaned search parameters (facet values as tuples, dates as dates)."""

    q: str = ""
    decision: tuple[str, ...] = ()
    category: tuple[str, ...] = ()
    subcategory: tuple[str, ...] = ()
    drug_class: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    guideline: tuple[str, ...] = ()  # the IMR reviewer's sources
    section: tuple[str, ...] = ()  # the IMR reviewer's guideline sections
    admin_guideline: tuple[str, ...] = ()  # the claims administrator's sources
    specialty: tuple[str, ...] = ()
    state: tuple[str, ...] = ()
    priority: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sort: str = DEFAULT.value
    scope: str = scopes.DEFAULT.value  # what a matching decision is (search.scopes)
    page: int = 1

    def selected(self, param: str) -> tuple[str, ...]:
        """The values selected in facet ``param`` (a name of ``search.facets.FACETS``)."""
        values: tuple[str, ...] = getattr(self, param)
        return values

    def to_pairs(self, *, include_page: bool = False) -> list[tuple[str, str]]:
        pairs: list[tuple[str, str]] = []
        if self.q:
            pairs.append(("q", self.q))
        for name in FACET_PARAMS:
            pairs += [(name, value) for value in self.selected(name)]
        if self.date_from:
            pairs.append(("date_from", self.date_from.isoformat()))
        if self.date_to:
            pairs.append(("date_to", self.date_to.isoformat()))
        if self.sort != DEFAULT.value:
            pairs.append(("sort", self.sort))
        if self.scope != scopes.DEFAULT.value:
            pairs.append(("scope", self.scope))
        if include_page and self.page > 1:
            pairs.append(("page", str(self.page)))
        return pairs

    def to_querystring(self, *, include_page: bool = False) -> str:
        """The canonical query string (stable order, no page unless asked): shareable and storable."""
        return urlencode(self.to_pairs(include_page=include_page))

    @property
    def facet_selections(self) -> dict[str, tuple[str, ...]]:
        return {name: self.selected(name) for name in FACET_PARAMS if self.selected(name)}

    @property
    def is_empty(self) -> bool:
        return not self.q.strip() and not self.facet_selections and not self.date_from and not self.date_to


def _getlist(data: Any, key: str) -> list[Any]:
    if data is None:
        return []
    if hasattr(data, "getlist"):
        return list(data.getlist(key))
    if isinstance(data, Mapping):
        value = data.get(key)
        if value is None:
            return []
        if isinstance(value, list | tuple | set | frozenset):
            return list(value)
        return [value]
    return []


def _text(value: Any) -> str:
    text = value if isinstance(value, str) else ("" if value is None else str(value))
    return _CONTROL.sub(" ", text).strip()


def parse_date_param(value: Any) -> dt.date | None:
    """A date search parameter as users type it (several formats, years 1990-2100), or None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)[:32]
    for fmt in _DATE_FORMATS:
        try:
            parsed = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if 1990 <= parsed.year <= 2100:
            return parsed
    return None


class SearchForm:
    """Validates search parameters from a QueryDict or a dict; see the module docstring."""

    def __init__(self, data: Mapping[str, Any] | None = None) -> None:
        self.data = data if data is not None else {}
        self.messages: list[str] = []
        self._params: SearchParams | None = None

    def params(self) -> SearchParams:
        """The cleaned parameters (problems become ``messages``, never errors)."""
        if self._params is None:
            self._params = self._clean()
        return self._params

    def note(self, message: str) -> None:
        if message not in self.messages:
            self.messages.append(message)

    def _clean(self) -> SearchParams:
        values: dict[str, Any] = {"q": self._clean_q()}
        for facet in FACETS:
            values[facet.param] = self._clean_values(facet.param, facet.clean)
        date_from = self._clean_date("date_from", "from")
        date_to = self._clean_date("date_to", "to")
        if date_from and date_to and date_from > date_to:
            self.note("The date range was reversed; the dates were swapped.")
            date_from, date_to = date_to, date_from
        values.update(
            date_from=date_from,
            date_to=date_to,
            sort=self._clean_sort(),
            scope=self._clean_scope(),
            page=self._clean_page(),
        )
        return SearchParams(**values)

    def _clean_q(self) -> str:
        raw = _getlist(self.data, "q")
        text = " ".join(_text(v) for v in raw if _text(v))
        if len(text) > MAX_Q:
            self.note(f"The query was cut to {MAX_Q:,} characters.")
            text = text[:MAX_Q]
        return text

    def _clean_values(self, name: str, clean: Callable[[str], str]) -> tuple[str, ...]:
        cleaned: list[str] = []
        for raw in _getlist(self.data, name):
            value = _text(raw)[:MAX_VALUE_CHARS]
            if value:
                cleaned.append(clean(value))
        unique = tuple(dict.fromkeys(cleaned))
        if len(unique) > MAX_VALUES:
            self.note(f"Only the first {MAX_VALUES} values of {name} were used.")
            unique = unique[:MAX_VALUES]
        return unique

    def _clean_date(self, key: str, label: str) -> dt.date | None:
        raw = [v for v in _getlist(self.data, key) if _text(v)]
        if not raw:
            return None
        parsed = parse_date_param(raw[-1])
        if parsed is None:
            self.note(
                f'The "{label}" date "{_text(raw[-1])[:40]}" is not a date (use YYYY-MM-DD); it was ignored.'
            )
        return parsed

    def _clean_sort(self) -> str:
        raw = [_text(v).lower() for v in _getlist(self.data, "sort") if _text(v)]
        if not raw:
            return DEFAULT.value
        if raw[-1] in BY_VALUE:
            return raw[-1]
        self.note(f"Unknown sort order; sorted by {DEFAULT.label.lower()}.")
        return DEFAULT.value

    def _clean_scope(self) -> str:
        raw = [_text(v).lower() for v in _getlist(self.data, "scope") if _text(v)]
        if not raw:
            return scopes.DEFAULT.value
        if raw[-1] in scopes.BY_VALUE:
            return raw[-1]
        self.note(f"Unknown scope; searched {scopes.DEFAULT.label[:1].lower()}{scopes.DEFAULT.label[1:]}.")
        return scopes.DEFAULT.value

    def _clean_page(self) -> int:
        raw = [_text(v) for v in _getlist(self.data, "page") if _text(v)]
        if not raw:
            return 1
        try:
            page = int(float(raw[-1]))
        except (ValueError, OverflowError):
            self.note("The page number was not a number; showing page 1.")
            return 1
        if page < 1:
            self.note("Pages start at 1; showing page 1.")
            return 1
        return min(page, MAX_PAGE)


@dataclass
class ValidSearch:
    """A request's search, validated: the parameters, the notes about dropped input, the page shown."""

    params: SearchParams
    messages: list[str] = field(default_factory=list)
    page: int = 1  # the engine may move it (a deep page is capped)

    @property
    def querystring(self) -> str:
        """The cleaned parameters (no page), for links that carry the search."""
        return self.params.to_querystring()

    def query_dict(self) -> QueryDict:
        return QueryDict(self.querystring, mutable=True)

    @property
    def text(self) -> str:
        return self.params.q


def validate(data: Mapping[str, Any] | None) -> ValidSearch:
    """The one validation path: a QueryDict or a dict in, never an error (bad values become messages)."""
    form = SearchForm(data)
    params = form.params()
    return ValidSearch(params=params, messages=list(form.messages), page=params.page)


MAX_QUERYSTRING = 4000
IGNORED_PARAMS = ("page", "saved")


def clean_querystring(raw: str) -> str:
    """A search as a stored querystring: what the user had, minus the page number and a leading '?'."""
    raw = (raw or "").strip()
    if "?" in raw:  # a pasted address
        raw = raw.split("?", 1)[1]
    raw = raw.split("#", 1)[0]
    data = QueryDict(raw, mutable=True)
    for name in IGNORED_PARAMS:
        data.pop(name, None)
    return data.urlencode()[:MAX_QUERYSTRING]


def validate_querystring(raw: str) -> ValidSearch:
    """A stored (saved) querystring re-validated through the same form as a live search."""
    return validate(QueryDict(clean_querystring(raw)))
