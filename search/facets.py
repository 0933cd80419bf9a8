"""Facet filters and counts. Pure functions: search parameters in, DSL out, and back.

Treatment-level facets (decision, category, subcategory, drug class, guideline)
filter and count disputed treatments: all their conditions, together with the
treatment-level text of the query, hold within ONE treatment (one nested query).
Letter-level facets (specialty, state, priority, decision year) count letters.

Selections go to ``post_filter``; each facet's aggregation applies every
selection except its own, so its counts ignore its own selection (multi-select
is OR within a facet, AND across facets).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from search.forms import SearchParams

Clause = dict[str, Any]

TREATMENT_FACETS: dict[str, str] = {
    "decision": "treatments.decision",
    "category": "treatments.category",
    "subcategory": "treatments.subcategory",
    "drug_class": "treatments.drug_class",
    "guideline": "treatments.guideline_sources",
}
LETTER_FACETS: dict[str, str] = {
    "specialty": "reviewer_specialties",
    "state": "reviewer_license_states",
    "priority": "priority",
}
DATE = "date"  # the date range counts as a letter-level selection (the year histogram ignores it)
FACET_SIZE = 100


@dataclass(frozen=True)
class Conditions:
    """What a search asks for, split by level, to assemble queries and aggregations."""

    treatment_text: Clause | None  # text clause evaluated inside one treatment, scored
    treatment: dict[str, Clause]  # facet name -> filter on treatments.*
    letter: dict[str, Clause]  # facet name (or "date") -> letter-level filter
    treatment_match: Clause | None = None  # the same treatments as treatment_text, cheaper, no scores

    def text(self, *, scored: bool) -> Clause | None:
        """The treatment text clause: scored (a page of hits), or only matched (filters, counts)."""
        return self.treatment_text if scored else (self.treatment_match or self.treatment_text)

    def treatment_condition(self, exclude: str | None = None, *, scored: bool = False) -> Clause:
        """One treatment satisfies the text and every treatment-level selection (but ``exclude``).

        Unless ``scored``, the text is its matching form (the filters and counts need no scores).
        """
        text = self.text(scored=scored)
        must = [text] if text else []
        filters = [c for name, c in self.treatment.items() if name != exclude]
        if not must and not filters:
            return {"match_all": {}}
        body: dict[str, Any] = {}
        if must:
            body["must"] = must
        if filters:
            body["filter"] = filters
        return {"bool": body}

    def selections(self, exclude: str | None = None) -> list[Clause]:
        """Letter-level filters for every selection but ``exclude`` (the post_filter when None)."""
        clauses: list[Clause] = []
        if any(name != exclude for name in self.treatment):
            clauses.append(nested(self.treatment_condition(exclude)))
        clauses += [c for name, c in self.letter.items() if name != exclude]
        return clauses


def nested(query: Clause, **extra: Any) -> Clause:
    return {"nested": {"path": "treatments", "query": query, **extra}}


def date_range(params: SearchParams) -> Clause | None:
    if not params.date_from and not params.date_to:
        return None
    bounds: dict[str, str] = {}
    if params.date_from:
        bounds["gte"] = params.date_from.isoformat()
    if params.date_to:
        bounds["lte"] = params.date_to.isoformat()
    return {"range": {"decision_date": bounds}}


def conditions(
    params: SearchParams, treatment_text: Clause | None, treatment_match: Clause | None = None
) -> Conditions:
    treatment = {
        name: {"terms": {field: list(getattr(params, name))}}
        for name, field in TREATMENT_FACETS.items()
        if getattr(params, name)
    }
    letter = {
        name: {"terms": {field: list(getattr(params, name))}}
        for name, field in LETTER_FACETS.items()
        if getattr(params, name)
    }
    dates = date_range(params)
    if dates:
        letter[DATE] = dates
    return Conditions(
        treatment_text=treatment_text, treatment=treatment, letter=letter, treatment_match=treatment_match
    )


def _filtered(filters: list[Clause], inner: dict[str, Any]) -> dict[str, Any]:
    return {"filter": {"bool": {"filter": filters}} if filters else {"match_all": {}}, "aggs": inner}


def aggregations(cond: Conditions) -> dict[str, Any]:
    """Facet counts, decision totals and the year histogram.

    Facets without a selection all see the same filter (every selection), so they share one
    filtered aggregation (``all``); a selected facet gets its own, with its selection left out.
    """
    treatment_terms = {
        name: {"terms": {"field": field, "size": FACET_SIZE}} for name, field in TREATMENT_FACETS.items()
    }
    letter_terms = {
        name: {"terms": {"field": field, "size": FACET_SIZE}} for name, field in LETTER_FACETS.items()
    }
    years = {
        "date_histogram": {
            "field": "decision_date",
            "calendar_interval": "year",
            "format": "yyyy",
            "min_doc_count": 1,
        }
    }
    aggs: dict[str, Any] = {}
    shared_t: dict[str, Any] = {}
    if "decision" in cond.treatment:  # else the shared facet_decision has the same counts
        shared_t["decision_totals"] = {"terms": {"field": "treatments.decision", "size": 20}}
    shared_l: dict[str, Any] = {}
    for name, terms in treatment_terms.items():
        if name in cond.treatment:
            inner = _treatments(cond.treatment_condition(exclude=name), {"values": terms})
            aggs[f"facet_{name}"] = _filtered(
                cond.selections(exclude=name), {"n": {"nested": {"path": "treatments"}, "aggs": inner}}
            )
        else:
            shared_t[f"facet_{name}"] = terms
    for name, terms in letter_terms.items():
        if name in cond.letter:
            aggs[f"facet_{name}"] = _filtered(cond.selections(exclude=name), {"values": terms})
        else:
            shared_l[f"facet_{name}"] = terms
    if DATE in cond.letter:
        aggs["facet_year"] = _filtered(cond.selections(exclude=DATE), {"values": years})
    else:
        shared_l["facet_year"] = years
    treatments = _treatments(cond.treatment_condition(), shared_t)
    aggs["all"] = _filtered(
        cond.selections(), {"n": {"nested": {"path": "treatments"}, "aggs": treatments}, **shared_l}
    )
    return aggs


def _treatments(condition: Clause, inner: dict[str, Any]) -> dict[str, Any]:
    """Treatment-level aggregations under the condition ``t``; without one, directly under ``n``."""
    if condition == {"match_all": {}}:
        return inner
    return {"t": {"filter": condition, "aggs": inner}}


def _buckets(aggs: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """Buckets of facet ``name``, from its own aggregation or the shared one."""
    own = aggs.get(f"facet_{name}")
    if own is not None:
        node = _treatment_node(own.get("n")) or own
        return list(node.get("values", {}).get("buckets", []))
    shared = aggs.get("all", {})
    node = shared.get(f"facet_{name}") or _treatment_node(shared.get("n")).get(f"facet_{name}", {})
    return list(node.get("buckets", []))


def _treatment_node(nested: dict[str, Any] | None) -> dict[str, Any]:
    """The treatment-level node under a nested aggregation (its condition ``t`` when it has one)."""
    if nested is None:
        return {}
    return nested.get("t", nested)


def parse_facets(response_aggs: dict[str, Any], params: SearchParams) -> dict[str, list[dict[str, Any]]]:
    """``{"decision": [{"value", "count", "selected"}, ...], ..., "year": [...]}``.

    Selected values are always listed, with a zero count when nothing matches them.
    """
    facets: dict[str, list[dict[str, Any]]] = {}
    for name in (*TREATMENT_FACETS, *LETTER_FACETS):
        selected = set(getattr(params, name))
        values = [
            {"value": str(b["key"]), "count": int(b["doc_count"]), "selected": str(b["key"]) in selected}
            for b in _buckets(response_aggs, name)
        ]
        seen = {v["value"] for v in values}
        values += [{"value": s, "count": 0, "selected": True} for s in getattr(params, name) if s not in seen]
        facets[name] = values
    facets["year"] = [
        {"value": str(b.get("key_as_string", b["key"])), "count": int(b["doc_count"]), "selected": False}
        for b in _buckets(response_aggs, "year")
    ]
    return facets


def total_letters(response: dict[str, Any]) -> int:
    """Letters matching the query and every selection: the ``all`` aggregation's count."""
    return int(response.get("aggregations", {}).get("all", {}).get("doc_count", 0))


def decision_totals(response_aggs: dict[str, Any]) -> tuple[int, int, int]:
    """(matching decisions, upheld, overturned) among the matching letters."""
    node = _treatment_node(response_aggs.get("all", {}).get("n"))
    totals = node.get("decision_totals") or node.get("facet_decision") or {}
    counts = {b["key"]: int(b["doc_count"]) for b in totals.get("buckets", [])}
    return int(node.get("doc_count", 0)), counts.get("upheld", 0), counts.get("overturned", 0)
