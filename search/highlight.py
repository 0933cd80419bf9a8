"""Highlighting: what to ask OpenSearch for, and making its fragments safe.

Fragments come back HTML-encoded (``encoder: html``) with ``<mark>`` tags; ``safe_fragment``
re-escapes everything again except those tags, so only ``<mark>`` survives even if
the engine's encoding changed.
"""

from __future__ import annotations

import html
import re
from typing import Any

from search.query import CompiledQuery

PRE, POST = "<mark>", "</mark>"
FRAGMENT_SIZE = 200
FRAGMENTS = 3
_TAG = re.compile(r"(</?mark>)")


def safe_fragment(fragment: str) -> str:
    parts = _TAG.split(fragment)
    out: list[str] = []
    depth = 0
    for part in parts:
        if part == PRE:
            if depth == 0:
                out.append(PRE)
            depth += 1
        elif part == POST:
            if depth == 1:
                out.append(POST)
            depth = max(0, depth - 1)
        else:
            out.append(html.escape(html.unescape(part), quote=False))
    if depth:
        out.append(POST)
    return "".join(out)


def highlight_query(compiled: CompiledQuery, fields: tuple[str, ...]) -> dict[str, Any] | None:
    """A plain query over ``fields`` with the positive words and phrases of the search."""
    if not compiled.highlight_words:
        return None
    should = [
        {"multi_match": {"query": w, "fields": list(fields), "type": "phrase" if " " in w else "best_fields"}}
        for w in compiled.highlight_words
    ]
    return {"bool": {"should": should, "minimum_should_match": 1}}


def _options(**extra: Any) -> dict[str, Any]:
    return {
        "type": "unified",
        "encoder": "html",
        "pre_tags": [PRE],
        "post_tags": [POST],
        "require_field_match": False,
        **extra,
    }


def treatment_highlight(compiled: CompiledQuery) -> dict[str, Any] | None:
    """Best rationale passages of each matching treatment, bounded in size.

    The unstemmed ``.exact`` sub-field is highlighted too only when the query has phrases.
    """
    fields = ["treatments.rationale"]
    if any(" " in w for w in compiled.highlight_words):
        fields.append("treatments.rationale.exact")
    query = highlight_query(compiled, tuple(fields))
    if query is None:
        return None
    bounded = {"fragment_size": FRAGMENT_SIZE, "number_of_fragments": FRAGMENTS}
    return _options(highlight_query=query, fields={f: bounded for f in fields})


def whole_letter_highlight(compiled: CompiledQuery, fields: tuple[str, ...]) -> dict[str, Any] | None:
    """Whole fields marked (number_of_fragments 0), for the letter page."""
    query = highlight_query(compiled, fields)
    if query is None:
        return None
    return _options(highlight_query=query, fields={f: {"number_of_fragments": 0} for f in fields})


def merge(highlight: dict[str, list[str]], field: str) -> list[str]:
    """Fragments of ``field`` and its ``.exact`` sub-field, best first, without duplicates."""
    seen: dict[str, None] = {}
    for name in (field, f"{field}.exact"):
        for fragment in highlight.get(name, []):
            seen.setdefault(safe_fragment(fragment), None)
    return list(seen)[:FRAGMENTS]
