"""Direct computation of what a search should return, over the factory's letter specs, and what each
treatment facet counts of a decision of the generator's truth (``TRUTH_VALUES``)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

from ingest.parsing.guidelines import MAXIMUS
from search.facets import UNCLASSIFIED
from search.forms import SearchParams
from tests.search.factory import LetterSpec, TreatmentSpec

TREATMENT_ATTRS = {
    "decision": lambda t: [t.decision],
    "category": lambda t: [t.category or UNCLASSIFIED],
    "subcategory": lambda t: [t.subcategory] if t.subcategory else [],
    "drug_class": lambda t: [t.drug_class] if t.drug_class else [],
    "region": lambda t: t.body_regions,
    "guideline": lambda t: t.sources,  # the IMR reviewer's only
    "section": lambda t: t.sections,
    "admin_guideline": lambda t: t.admin_sources,
}


def _cited(t: Mapping[str, Any], *, reviewer: bool) -> list[Mapping[str, Any]]:
    return [g for g in t.get("guidelines") or [] if (g.get("cited_by") == MAXIMUS) is reviewer]


# The same facets over the generator's truth of a decision (``ingest.generator.case.treatment_truth``):
# what each facet should count of it.
TRUTH_VALUES: dict[str, Callable[[Mapping[str, Any]], set[str]]] = {
    "decision": lambda t: {t["decision"]},
    "category": lambda t: {t.get("category") or UNCLASSIFIED},
    "subcategory": lambda t: {t["subcategory"]} if t.get("subcategory") else set(),
    "drug_class": lambda t: {t["drug_class"]} if t.get("drug_class") else set(),
    "region": lambda t: set(t.get("body_regions") or []),
    "guideline": lambda t: {g["source"] for g in _cited(t, reviewer=True) if g.get("source")},
    "section": lambda t: {s for g in _cited(t, reviewer=True) for s in g.get("sections") or []},
    "admin_guideline": lambda t: {g["source"] for g in _cited(t, reviewer=False) if g.get("source")},
}
assert set(TRUTH_VALUES) == set(TREATMENT_ATTRS)

LETTER_ATTRS = {
    "specialty": lambda s: s.specialties,
    "state": lambda s: s.states,
    "priority": lambda s: [s.priority],
}


def text_of(spec: LetterSpec, t: TreatmentSpec) -> str:
    citations = " ".join(f"{g['source']} {g['citation']}" for g in t.guidelines())
    return " ".join([t.request, t.rationale, spec.summary, citations, t.drug_name]).lower()


def has_words(spec: LetterSpec, t: TreatmentSpec, words: list[str]) -> bool:
    text = text_of(spec, t)
    return all(re.search(rf"(?<!\w){re.escape(w.lower())}(?!\w)", text) for w in words)


def treatment_ok(
    spec: LetterSpec, t: TreatmentSpec, p: SearchParams, words: list[str], exclude: str = ""
) -> bool:
    for name, attr in TREATMENT_ATTRS.items():
        wanted = getattr(p, name)
        if name != exclude and wanted and not set(attr(t)) & set(wanted):
            return False
    return has_words(spec, t, words)


def letter_ok(spec: LetterSpec, p: SearchParams, words: list[str], exclude: str = "") -> bool:
    for name, attr in LETTER_ATTRS.items():
        wanted = getattr(p, name)
        if name != exclude and wanted and not set(attr(spec)) & set(wanted):
            return False
    if exclude != "date":
        if p.date_from and spec.decision_date < p.date_from:
            return False
        if p.date_to and spec.decision_date > p.date_to:
            return False
    if words and not any(has_words(spec, t, words) for t in spec.treatments):
        return False
    has_treatment_selection = any(getattr(p, n) for n in TREATMENT_ATTRS if n != exclude)
    if has_treatment_selection:
        return any(treatment_ok(spec, t, p, words, exclude) for t in spec.treatments)
    return True


def expected(specs: list[LetterSpec], p: SearchParams, words: list[str] | None = None) -> dict:
    words = words or []
    letters = [s for s in specs if letter_ok(s, p, words)]
    decisions = [t for s in letters for t in s.treatments if treatment_ok(s, t, p, words)]
    facets: dict[str, Counter] = {}
    for name, attr in TREATMENT_ATTRS.items():
        counter: Counter = Counter()
        for s in specs:
            if letter_ok(s, p, words, exclude=name):
                for t in s.treatments:
                    if treatment_ok(s, t, p, words, exclude=name):
                        counter.update(set(attr(t)))
        facets[name] = counter
    for name, attr in LETTER_ATTRS.items():
        facets[name] = Counter(v for s in specs if letter_ok(s, p, words, exclude=name) for v in set(attr(s)))
    facets["year"] = Counter(
        str(s.decision_date.year) for s in specs if letter_ok(s, p, words, exclude="date")
    )
    return {
        "cases": sorted(s.case_number for s in letters),
        "total_decisions": len(decisions),
        "upheld": sum(t.decision == "upheld" for t in decisions),
        "overturned": sum(t.decision == "overturned" for t in decisions),
        "facets": facets,
    }
