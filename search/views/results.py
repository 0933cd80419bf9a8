"""Plain view models of the engine's results, shared by the page, the API and the letter page.

The engine's ``SearchResults`` is read through ``_field`` so that attribute or
key access both work; templates and the API only see these dataclasses.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict

PER_PAGE = 20
CHEVRON = " \u203a "
MAX_RESULT_WINDOW = 10_000  # OpenSearch's default index.max_result_window


def _field(item: Any, *names: str, default: Any = None) -> Any:
    """An attribute of the engine's dataclasses, or a key of a dict (the API of both is accepted)."""
    is_dict = isinstance(item, dict)  # a concrete check: much cheaper than an ABC Mapping check
    for name in names:
        value = item.get(name) if is_dict else getattr(item, name, None)
        if value is not None:
            return value
    return default


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _strings(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in value if v not in (None, "")]


@dataclass(frozen=True, slots=True)
class TreatmentHit:
    position: int | None
    request: str
    decision: str
    category: str
    subcategory: str
    drug_class: str
    guidelines: list[str]
    highlights: list[str]  # safe HTML from the engine: escaped text with <mark> only
    request_html: str = ""  # the request with query terms marked (safe HTML from the engine), or ""

    @property
    def decision_class(self) -> str:
        return self.decision if self.decision in ("upheld", "overturned") else "other"

    @property
    def decision_label(self) -> str:
        return self.decision[:1].upper() + self.decision[1:]

    @property
    def anchor(self) -> str:
        return f"#t{self.position}" if self.position else ""

    @property
    def classification(self) -> str:
        """Category, subcategory and drug class joined by a chevron, without repeats."""
        parts = [self.category]
        if self.subcategory and self.subcategory != self.category:
            parts.append(self.subcategory)
        if self.drug_class and self.drug_class != self.subcategory:
            parts.append(self.drug_class)
        return CHEVRON.join(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class LetterHit:
    rank: int  # 1-based position in the whole result list
    case_number: str
    decision_date: dt.date | None
    specialties: list[str]
    states: list[str]
    priority: str
    treatments: list[TreatmentHit] = field(default_factory=list)
    url: str = ""  # the letter page, carrying the search and this rank

    @property
    def numbered(self) -> bool:
        return not self.case_number.startswith("id-")

    @property
    def label(self) -> str:
        return self.case_number if self.numbered else f"Letter without case number ({self.case_number[3:]})"

    @property
    def date_display(self) -> str:
        d = self.decision_date
        return f"{d:%b} {d.day}, {d.year}" if d else ""

    @property
    def meta(self) -> str:
        """ "Specialties · Licensed in CA, NY"."""
        parts = []
        if self.specialties:
            parts.append(", ".join(self.specialties))
        if self.states:
            parts.append("Licensed in " + ", ".join(self.states))
        return " · ".join(parts)

    @property
    def primary(self) -> list[TreatmentHit]:
        """Treatments shown in full: those with passages, or all when none has any (a filter-only search)."""
        marked = [t for t in self.treatments if t.highlights or "<mark" in t.request_html]
        return marked or self.treatments

    @property
    def others(self) -> list[TreatmentHit]:
        """The letter's other disputed treatments, listed compactly."""
        primary = self.primary
        return [t for t in self.treatments if t not in primary]


_TAG = re.compile(r"<[^>]+>")


def distinct_passages(passages: list[str]) -> list[str]:
    """Passages in order, without one whose text is already inside another (overlapping fragments)."""
    plain = [" ".join(_TAG.sub("", p).split()) for p in passages]
    kept = []
    for index, text in enumerate(plain):
        inside_other = any(
            text in other and (text != other or j < index) for j, other in enumerate(plain) if j != index
        )
        if text and not inside_other:
            kept.append(passages[index])
    return kept


def treatment_hit(item: Any) -> TreatmentHit:
    guidelines = _field(item, "guideline_sources", "guidelines", default=[])
    sources = [_field(g, "source", default="") if not isinstance(g, str) else g for g in guidelines or []]
    return TreatmentHit(
        position=_field(item, "position"),
        request=str(_field(item, "request", default="")),
        decision=str(_field(item, "decision", default="")),
        category=str(_field(item, "category", default="")),
        subcategory=str(_field(item, "subcategory", default="")),
        drug_class=str(_field(item, "drug_class", default="")),
        guidelines=list(dict.fromkeys(s for s in sources if s)),
        highlights=distinct_passages(_strings(_field(item, "highlights", default=[]))),
        request_html=str(_field(item, "request_html", default="") or ""),
    )


def letter_hits(
    results: Iterable[Any], first_rank: int, url_for: Callable[[str, int], str] | None = None
) -> list[LetterHit]:
    hits = []
    for offset, item in enumerate(results):
        case_number = str(_field(item, "case_number", "public_id", default=""))
        rank = first_rank + offset
        hits.append(
            LetterHit(
                rank=rank,
                case_number=case_number,
                decision_date=_date(_field(item, "decision_date")),
                specialties=_strings(_field(item, "reviewer_specialties", "specialties", default=[])),
                states=_strings(
                    _field(item, "reviewer_license_states", "license_states", "states", default=[])
                ),
                priority=str(_field(item, "priority", default="")),
                treatments=[treatment_hit(t) for t in _field(item, "treatments", default=[]) or []],
                url=url_for(case_number, rank) if url_for else "",
            )
        )
    return hits


@dataclass(frozen=True, slots=True)
class Summary:
    total_letters: int
    total_decisions: int
    upheld: int
    overturned: int

    @property
    def decided(self) -> int:
        return self.upheld + self.overturned

    @property
    def upheld_pct(self) -> float:
        return round(100 * self.upheld / self.decided, 1) if self.decided else 0.0

    @property
    def overturned_pct(self) -> float:
        return round(100 * self.overturned / self.decided, 1) if self.decided else 0.0


def summary(results: Any) -> Summary:
    return Summary(
        total_letters=int(_field(results, "total_letters", default=0)),
        total_decisions=int(_field(results, "total_decisions", default=0)),
        upheld=int(_field(results, "upheld", default=0)),
        overturned=int(_field(results, "overturned", default=0)),
    )


@dataclass(frozen=True, slots=True)
class PageLink:
    number: int | None  # None: an ellipsis
    url: str = ""
    current: bool = False


@dataclass(frozen=True, slots=True)
class Pagination:
    page: int
    pages: int
    prev_url: str | None
    next_url: str | None
    links: list[PageLink]
    first_rank: int
    last_rank: int


def last_page(total: int, per_page: int = PER_PAGE, max_page: int | None = None) -> int:
    pages = max(1, math.ceil(total / per_page))
    cap = max_page or MAX_RESULT_WINDOW // per_page
    return min(pages, cap)


def pagination(
    query: QueryDict, page: int, total: int, shown: int, *, max_page: int | None = None
) -> Pagination:
    pages = last_page(total, max_page=max_page)

    def url(number: int) -> str:
        qd = query.copy()
        if number > 1:
            qd["page"] = str(number)
        else:
            qd.pop("page", None)
        return "?" + qd.urlencode()

    numbers = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    links: list[PageLink] = []
    for number in numbers:
        if links and links[-1].number is not None and number - links[-1].number > 1:
            links.append(PageLink(None))
        links.append(PageLink(number, url(number), number == page))
    first = (page - 1) * PER_PAGE + 1
    return Pagination(
        page=page,
        pages=pages,
        prev_url=url(page - 1) if page > 1 else None,
        next_url=url(page + 1) if page < pages else None,
        links=links if pages > 1 else [],
        first_rank=first if shown else 0,
        last_rank=first + shown - 1 if shown else 0,
    )
