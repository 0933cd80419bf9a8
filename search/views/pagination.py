"""Page links of the search page."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import QueryDict

from search.engine import PER_PAGE


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


def pagination(query: QueryDict, page: int, pages: int, shown: int) -> Pagination:
    """Links around ``page`` of ``pages`` (the engine's ``max_page``), ``shown`` letters on this one."""

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
