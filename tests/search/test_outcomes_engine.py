"""search.outcomes against the real OpenSearch: every breakdown of several searches equals a count
made straight from the database (the ORM over Letter and Treatment rows), and the total equals the
results page's outcome split."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db.models import Q

from ingest.models import Treatment
from ingest.parsing.guidelines import MAXIMUS
from search.engine import run_search
from search.facets import UNCLASSIFIED
from search.forms import SearchForm, SearchParams
from search.outcomes import (
    CITATIONS,
    DIMENSIONS,
    Outcomes,
    UnknownDimension,
    run_breakdowns,
    run_outcomes,
    wilson,
)
from tests.search.outcome_corpus import WORD, module_corpus

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

CORPUS = 200
corpus = module_corpus(CORPUS, seed=15, unclassified=True, traps=True)


# --- the count straight from the database -------------------------------------------------------


@dataclass(frozen=True)
class Row:
    decision: str
    category: str
    subcategory: str
    drug_class: str
    sources: frozenset[str]  # the IMR reviewer's
    sections: frozenset[str]  # the IMR reviewer's
    text: str  # request, rationale, guideline citations, drug name: a decision's own words
    specialties: frozenset[str]
    states: frozenset[str]
    priority: str
    decision_date: dt.date | None


def _reviewer(guidelines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [g for g in guidelines or [] if g.get("cited_by") == MAXIMUS]


def db_rows(ids: list[int], where: Q) -> list[Row]:
    """The decisions of the corpus letters satisfying ``where`` (a filter on Treatment rows)."""
    rows = Treatment.objects.filter(where, letter_id__in=ids).select_related("letter")
    return [
        Row(
            decision=t.decision,
            category=t.category,
            subcategory=t.subcategory,
            drug_class=t.drug_class,
            sources=frozenset(g["source"] for g in _reviewer(t.guidelines) if g.get("source")),
            sections=frozenset(s for g in _reviewer(t.guidelines) for s in g.get("sections") or []),
            text=" ".join(
                [t.request, t.rationale, t.drug_name]
                + [f"{g.get('source')} {g.get('citation')}" for g in t.guidelines or []]
            ).lower(),
            specialties=frozenset(t.letter.reviewer_specialties),
            states=frozenset(t.letter.reviewer_license_states),
            priority=t.letter.priority,
            decision_date=t.letter.decision_date,
        )
        for t in rows
    ]


def _quarter(day: dt.date | None) -> list[str]:
    return [f"{day.year}-Q{(day.month - 1) // 3 + 1}"] if day else []


VALUES: dict[str, Callable[[Row], Iterable[str | int]]] = {
    "category": lambda r: [r.category or UNCLASSIFIED],
    "subcategory": lambda r: [r.subcategory] if r.subcategory else [],
    "drug_class": lambda r: [r.drug_class] if r.drug_class else [],
    "specialty": lambda r: r.specialties,
    "state": lambda r: r.states,
    "guideline": lambda r: r.sources,
    "citation": lambda r: r.sections,
    "priority": lambda r: [r.priority] if r.priority else [],
    "decision_year": lambda r: [r.decision_date.year] if r.decision_date else [],
    "decision_quarter": lambda r: _quarter(r.decision_date),
}
assert set(VALUES) == {d.param for d in DIMENSIONS}


def truth(rows: list[Row], by: str | None) -> dict[Any, tuple[int, int]]:
    """{value: (decided decisions, overturned)} of ``rows``, by ``by`` (the total under None)."""
    decided = [r for r in rows if r.decision in ("upheld", "overturned")]
    groups: dict[Any, list[Row]] = {}
    for r in decided:
        for value in VALUES[by](r) if by else [None]:
            groups.setdefault(value, []).append(r)
    counts = {v: (len(rs), sum(r.decision == "overturned" for r in rs)) for v, rs in groups.items()}
    if by == "citation":
        top = sorted(counts, key=lambda v: (-counts[v][0], str(v)))[:CITATIONS]
        counts = {v: counts[v] for v in top}
    return counts


def got(outcomes: Outcomes) -> dict[Any, tuple[int, int]]:
    return {g.value: (g.decisions, g.overturned) for g in outcomes.groups}


def has_word(word: str) -> Callable[[Row], bool]:
    pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
    return lambda r: bool(pattern.search(r.text))


def specialty_is(value: str) -> Q:
    return Q(letter__reviewer_specialties__contains=[value])


def state_is(value: str) -> Q:
    return Q(letter__reviewer_license_states__contains=[value])


# (search parameters, the ORM filter of its matching decisions, a further test in Python or None)
SEARCHES: list[tuple[dict[str, Any], Q, Callable[[Row], bool] | None]] = [
    ({}, Q(), None),
    ({"category": ["Physical Medicine"]}, Q(category="Physical Medicine"), None),
    (
        {"category": ["Unclassified", "Pharmaceuticals"]},
        Q(category="") | Q(category="Pharmaceuticals"),
        None,
    ),
    ({"specialty": ["Pain Medicine"]}, specialty_is("Pain Medicine"), None),
    (
        {"date_from": "2014-01-01", "date_to": "2015-06-30", "priority": ["expedited"]},
        Q(letter__decision_date__range=(dt.date(2014, 1, 1), dt.date(2015, 6, 30)))
        & Q(letter__priority="expedited"),
        None,
    ),
    (
        {"guideline": ["ODG"], "state": ["CA", "TX"]},
        Q(guidelines__contains=[{"cited_by": MAXIMUS, "source": "ODG"}])
        & (state_is("CA") | state_is("TX")),
        None,
    ),
    (
        {"decision": ["overturned"], "subcategory": ["Acupuncture"]},
        Q(decision="overturned", subcategory="Acupuncture"),
        None,
    ),
    ({"q": WORD}, Q(), has_word(WORD)),
    ({"q": WORD, "specialty": ["Chiropractic"]}, specialty_is("Chiropractic"), has_word(WORD)),
]  # fmt: skip


@pytest.mark.parametrize(("data", "where", "test"), SEARCHES)
def test_every_breakdown_equals_the_count_from_the_database(corpus, data, where, test):
    params = SearchForm(data).params()
    rows = [r for r in db_rows(corpus, where) if test is None or test(r)]
    want_total = truth(rows, None).get(None, (0, 0))
    page = run_search(params, per_page=1, highlight=False)
    assert (page.upheld + page.overturned, page.overturned) == want_total  # the results page's split
    for dim in DIMENSIONS:
        outcomes = run_outcomes(params, dim.param)
        assert outcomes.by == dim.param
        assert (outcomes.total.decisions, outcomes.total.overturned) == want_total
        assert got(outcomes) == truth(rows, dim.param), dim.param
    every = run_breakdowns(params, [d.param for d in DIMENSIONS])  # one request, every breakdown
    assert [o.by for o in every] == [d.param for d in DIMENSIONS]
    for outcomes in every:
        assert got(outcomes) == truth(rows, outcomes.by), outcomes.by


def test_the_total_alone_and_its_interval(corpus):
    outcomes = run_outcomes(SearchParams())
    assert outcomes.by is None
    assert outcomes.groups == []
    total = outcomes.total
    assert total.value is None
    assert total.upheld + total.overturned == total.decisions > CORPUS
    assert total.overturn_rate == total.overturned / total.decisions
    assert (total.ci_low, total.ci_high) == wilson(total.overturned, total.decisions)


def test_a_decision_kept_verbatim_is_not_counted_and_a_mention_is_not_about_the_search(corpus):
    verbatim = run_outcomes(SearchParams(q="enough"))  # only in the verbatim decision's rationale
    assert verbatim.total.decisions == 0
    assert verbatim.total.overturn_rate is None
    assert verbatim.total.too_small
    assert run_search(SearchParams(q=WORD, specialty=("Pain Medicine",))).letters_mentioning >= 1
    mentioned = run_outcomes(SearchParams(q=WORD, specialty=("Pain Medicine",)), "specialty")
    rows = db_rows(corpus, Q(letter__reviewer_specialties__contains=["Pain Medicine"]))
    assert got(mentioned) == truth([r for r in rows if has_word(WORD)(r)], "specialty")


def test_sorted_by_count_or_by_rate(corpus):
    by_count = run_outcomes(SearchParams(), "subcategory").groups
    assert [g.decisions for g in by_count] == sorted((g.decisions for g in by_count), reverse=True)
    by_rate = run_outcomes(SearchParams(), "subcategory", sort="rate").groups
    keys = [(g.overturn_rate, g.decisions) for g in by_rate]
    assert keys == sorted(keys, reverse=True)
    assert sorted(map(str, (g.value for g in by_rate))) == sorted(map(str, (g.value for g in by_count)))


def test_small_groups_are_marked_not_hidden(corpus):
    quarters = run_outcomes(SearchParams(category=("Injections",)), "decision_quarter").groups
    assert any(g.too_small for g in quarters)
    assert (
        sum(g.decisions for g in quarters)
        == run_outcomes(SearchParams(category=("Injections",))).total.decisions
    )
    for g in quarters:
        assert g.too_small == (g.ci_high - g.ci_low > 0.3)
    assert Counter(type(g.value) for g in run_outcomes(SearchParams(), "decision_year").groups) == Counter(
        {int: 4}
    )


def test_an_unknown_breakdown_is_refused(corpus):
    with pytest.raises(UnknownDimension, match="decision_year"):
        run_outcomes(SearchParams(), "colour")
