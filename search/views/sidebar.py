"""The facet sidebar: the engine's facet counts as checkbox lists, and the decision-year bars."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from html import escape as e

from django.http import QueryDict
from django.utils.safestring import SafeString, mark_safe

from search.facets import FACETS
from search.results import FacetCount

FILTER_OVER = 8  # longer lists get a filter box and scroll
COLLAPSE_OVER = 15  # longer lists start collapsed (unless a value is selected)


@lru_cache(maxsize=8192)
def dom_id(param: str, value: str) -> str:
    """Stable across htmx swaps (so focus stays on the checkbox just clicked), unique per value."""
    return f"f-{param}-{hashlib.blake2s(value.encode(), digest_size=5).hexdigest()}"


@dataclass(frozen=True, slots=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    dom_id: str
    html: SafeString  # the <li> with its checkbox: built here because facet lists are long and hot


@lru_cache(maxsize=8192)
def _item_parts(param: str, value: str, label: str) -> tuple[str, str, str]:
    """The <li> around its checked flag and count; the same for every search, so escaped once."""
    element_id = dom_id(param, value)
    head = (
        f'<li class="facet__item" data-label="{e(label.lower())}">'
        f'<input class="js-auto" type="checkbox" name="{param}" value="{e(value)}" '
        f'id="{element_id}"'
    )
    middle = (
        f'><label for="{element_id}"><span class="facet__value">{e(label)}</span> <span class="facet__count">'
    )
    return element_id, head, middle


def percent(overturned: int, decided: int) -> str:
    """The overturn rate in whole percent, never rounded to 0% or 100% when it is neither ("<1%")."""
    whole = round(100 * overturned / decided)
    if whole == 0 < overturned:
        return "<1%"
    if whole == 100 and overturned < decided:
        return ">99%"
    return f"{whole}%"


def rate_html(item: FacetCount) -> str:
    """The value's "9% overturned", titled with its counts; "" without decided decisions (and for the
    decision facet's values)."""
    if not item.decided:
        return ""
    rate = percent(item.overturned, item.decided)
    sep = '<span class="visually-hidden">· </span>'  # the rate has a line of its own on the page
    return f' <span class="facet__rate" title="{rate_counts(item)}">{sep}{rate} overturned</span>'


def rate_counts(item: FacetCount) -> str:
    """ "12 of 130 decided decisions overturned, 118 upheld" ("" without decided decisions)."""
    if not item.decided:
        return ""
    upheld = item.decided - item.overturned
    return f"{item.overturned:,} of {item.decided:,} decided decisions overturned, {upheld:,} upheld"


def facet_value(param: str, value: str, label: str, count: int, selected: bool, rate: str = "") -> FacetValue:
    """A value and its <li> (f-string + html.escape: facet lists are long and rendered on every click);
    ``rate``: its overturn rate's HTML (``rate_html``)."""
    element_id, head, middle = _item_parts(param, value, label)
    checked = " checked" if selected else ""
    html = mark_safe(f"{head}{checked}{middle}{count:,}</span>{rate}</label></li>")
    return FacetValue(value, label, count, selected, element_id, html)


@dataclass(frozen=True, slots=True)
class FacetGroup:
    param: str
    label: str
    counts: str
    values: tuple[FacetValue, ...]
    searchable: bool
    has_selection: bool
    help: str = ""
    folded: bool = False  # closed until a value is selected (search.facets.Facet.folded)

    @property
    def open(self) -> bool:
        return self.has_selection or (not self.folded and len(self.values) <= COLLAPSE_OVER)


def build_groups(facets: dict[str, list[FacetCount]]) -> list[FacetGroup]:
    """The registry's facets in order; selected values are already listed by ``results.facet_counts``."""
    groups = []
    for spec in FACETS:
        values = [
            facet_value(
                spec.param, item.value, spec.display(item.value), item.count, item.selected, rate_html(item)
            )
            for item in facets.get(spec.param, [])
            if item.value
        ]
        # By count only (a facet's counts ignore its own selection, so a click never reorders the list).
        values.sort(key=lambda v: (-v.count, v.label.lower()))
        groups.append(
            FacetGroup(
                param=spec.param,
                label=spec.label,
                counts=spec.level.value,
                values=tuple(values),
                searchable=len(values) > FILTER_OVER,
                has_selection=any(v.selected for v in values),
                help=spec.help,
                folded=spec.folded,
            )
        )
    return groups


@dataclass(frozen=True, slots=True)
class YearBar:
    year: str
    count: int
    percent: int  # bar height relative to the busiest year
    url: str
    selected: bool
    rate: str = ""  # "9% overturned (12 of 130 decided decisions overturned, 118 upheld)", or ""


def year_bars(buckets: list[FacetCount], query: QueryDict) -> list[YearBar]:
    items = sorted((b.value[:4], b.count) for b in buckets if b.value[:4].isdigit())
    rates = {
        b.value[:4]: f"{percent(b.overturned, b.decided)} overturned ({rate_counts(b)})"
        for b in buckets
        if b.decided
    }
    peak = max((c for _, c in items), default=0) or 1
    date_from, date_to = query.get("date_from", ""), query.get("date_to", "")
    rest = query.copy()
    for name in ("date_from", "date_to", "page"):
        rest.pop(name, None)
    base = rest.urlencode()
    prefix = f"{base}&" if base else ""
    bars = []
    for year, count in items:
        selected = date_from == f"{year}-01-01" and date_to == f"{year}-12-31"
        url = base if selected else f"{prefix}date_from={year}-01-01&date_to={year}-12-31"
        height = max(2, round(100 * count / peak)) if count else 0
        bars.append(YearBar(year, count, height, url, selected, rates.get(year, "")))
    return bars
