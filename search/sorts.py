"""The sort registry: each sort order's parameter value, its label on the page, and its engine sort.

The form accepts these values, the request builder sends their ``dsl``, the page lists their
labels and the OpenAPI document enumerates them. Every order ends on ``letter_id`` so that
pages never overlap. A letter without a decision date sorts last in every order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Sort:
    value: str  # the ``sort`` parameter
    label: str
    dsl: tuple[Any, ...]  # the request body's ``sort`` list


def _by_date(order: str) -> tuple[Any, ...]:
    return ({"decision_date": {"order": order, "missing": "_last"}}, {"letter_id": order})


RELEVANCE = Sort("relevance", "Relevance", ("_score", *_by_date("desc")))
NEWEST = Sort("newest", "Newest first", _by_date("desc"))
OLDEST = Sort("oldest", "Oldest first", _by_date("asc"))

SORTS: tuple[Sort, ...] = (RELEVANCE, NEWEST, OLDEST)
DEFAULT = RELEVANCE
BY_VALUE: dict[str, Sort] = {s.value: s for s in SORTS}


def sort_dsl(value: str) -> list[Any]:
    """The engine's sort list for ``value`` (the default order for an unknown one)."""
    return list(BY_VALUE.get(value, DEFAULT).dsl)
