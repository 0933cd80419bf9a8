"""A result card's passages and request, from the real OpenSearch: they mark what satisfies the
search (for a proximity search, the spans that satisfy it), not every occurrence of its words."""

from __future__ import annotations

import pytest

from search.engine import run_search
from search.forms import SearchForm
from search.results import TreatmentResult
from tests.search.marked_letters import CASE, indexed_marked_letter, marked

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture(scope="module")
def letter(index_prefix, django_db_setup, django_db_blocker):
    yield from indexed_marked_letter(django_db_blocker)


def card(q: str, **params: str) -> TreatmentResult:
    results = run_search(SearchForm({"q": q, **params}).params())
    (found,) = [r for r in results.results if r.case_number == CASE]
    return found.treatments[0]


def passage_marks(treatment: TreatmentResult) -> list[str]:
    return [place for passage in treatment.passages for place in marked(passage)]


def test_passages_of_a_proximity_search_mark_its_spans(letter):
    treatment = card("(no OR not) w/3 spasm")
    assert set(passage_marks(treatment)) == {"no spasm", "Spasm", "not"}
    assert marked(treatment.request_html) == []


def test_passages_mark_a_phrase_as_one(letter):
    assert passage_marks(card('"not medically necessary"')) == ["not medically necessary"]


def test_the_request_is_marked_where_the_search_looks(letter):
    treatment = card("massage")
    assert marked(treatment.request_html) == ["Massage"]
    assert set(passage_marks(treatment)) == {"Massage", "massage"}
    by_rationale = card("rationale:massage")
    assert marked(by_rationale.request_html) == []


def test_negated_words_are_not_marked_in_passages(letter):
    treatment = card("massage -tramadol NOT (spasm w/1 zebra)")
    assert "spasm" not in {p.lower() for p in passage_marks(treatment)}
