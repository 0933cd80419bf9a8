"""What the letter page marks, asked of the real OpenSearch: only what satisfies the query.

A proximity search marks the terms of the spans that satisfy it, not every occurrence of its
words; a phrase marks the phrase; nothing negated is marked; a field prefix keeps the marks in its
field, and the scope decides whether the summary is marked. The engine's analysis of the words
(``highlight.analyze``) lets a proximity search mark word forms and synonyms.
"""

from __future__ import annotations

from typing import Any

import pytest

from search import highlight, indexes
from search.query import compile_query
from search.query.builder import nested
from search.results import LetterMarks, letter_marks
from tests.search.marked_letters import CASE, indexed_marked_letter, marked

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

SHOWN = ("treatments.request", "treatments.rationale")


@pytest.fixture(scope="module")
def letter(index_prefix, django_db_setup, django_db_blocker):
    yield from indexed_marked_letter(django_db_blocker)


def marks_of(client: Any, q: str, *, scope: str = "decision", analyzed: bool = True) -> LetterMarks:
    """The letter's fields as the letter page gets them, for the search ``q``."""
    compiled = compile_query(q, scope)

    def send(analyzer: str, text: str) -> Any:
        return client.indices.analyze(index=indexes.alias_name(), body={"analyzer": analyzer, "text": text})

    analysis = highlight.analyze(compiled, send) if analyzed else None
    inner = {
        "name": "treatments",
        "size": 100,
        "_source": {"includes": ["treatments.position"]},
        "highlight": highlight.whole_letter_highlight(compiled, SHOWN, analysis),
    }
    body = {
        "query": {
            "bool": {
                "filter": [{"term": {"public_id": CASE}}],
                "should": [nested({"match_all": {}}, inner_hits=inner)],
            }
        },
        "_source": False,
        "highlight": highlight.whole_letter_highlight(compiled, ("summary",), analysis),
    }
    hit = client.search(index=indexes.alias_name(), body=body)["hits"]["hits"][0]
    return letter_marks(hit)


def places(marks: LetterMarks) -> dict[str, list[str]]:
    treatment = marks.treatments[1]
    return {
        "request": marked(treatment.request),
        "rationale": marked(treatment.rationale),
        "summary": marked(marks.summary),
    }


def test_a_proximity_search_marks_only_the_spans_that_satisfy_it(letter, opensearch_client):
    found = places(marks_of(opensearch_client, "(no OR not) w/3 spasm"))
    # "no spasm" (adjacent: one place) and "Spasm was not"; not "has not improved", "is not
    # medically", "no relief" (4 words from "Spasm"), nor the summary's (the decision scope).
    assert found == {"request": [], "rationale": ["no spasm", "Spasm", "not"], "summary": []}


def test_stray_words_of_a_proximity_search_are_not_marked(letter, opensearch_client):
    rationale = places(marks_of(opensearch_client, "(no OR not) w/3 spasm"))["rationale"]
    assert "no" not in rationale  # "no relief"
    assert rationale.count("not") == 1  # only "Spasm was not"


def test_in_order_within_a_distance(letter, opensearch_client):
    found = places(marks_of(opensearch_client, "spasm pre/3 not"))
    assert found["rationale"] == ["Spasm", "not"]


def test_a_phrase_marks_the_phrase_only(letter, opensearch_client):
    found = places(marks_of(opensearch_client, '"not medically necessary"'))
    assert found == {"request": [], "rationale": ["not medically necessary"], "summary": []}


def test_a_phrase_near_a_word(letter, opensearch_client):
    found = places(marks_of(opensearch_client, '"not medically necessary" w/2 massage'))
    # "Massage is not medically necessary"; not "massage therapy" (sentences away), nor the request
    assert found == {"request": [], "rationale": ["Massage", "not medically necessary"], "summary": []}


def test_a_two_clause_query_marks_its_real_matches(letter, opensearch_client):
    q = '(no OR not) w/3 spasm AND "not medically necessary" w/2 massage'
    found = places(marks_of(opensearch_client, q))
    assert found["rationale"] == ["no spasm", "Massage", "not medically necessary", "Spasm", "not"]
    assert sum(map(len, found.values())) == 5


def test_the_same_paragraph(letter, opensearch_client):
    found = places(marks_of(opensearch_client, "massage /p relief"))
    # the request holds "Massage" but no "relief": another passage
    assert found == {"request": [], "rationale": ["Massage", "massage", "relief"], "summary": []}


def test_negated_words_are_never_marked(letter, opensearch_client):
    found = places(marks_of(opensearch_client, "massage -spasm"))
    assert found == {"request": ["Massage"], "rationale": ["Massage", "massage"], "summary": []}
    assert places(marks_of(opensearch_client, "massage NOT (no w/3 spasm)"))["rationale"] == [
        "Massage",
        "massage",
    ]


def test_a_field_prefix_marks_its_field_only(letter, opensearch_client):
    assert places(marks_of(opensearch_client, "summary:spasm")) == {
        "request": [],
        "rationale": [],
        "summary": ["spasm"],
    }
    assert places(marks_of(opensearch_client, "rationale:massage")) == {
        "request": [],
        "rationale": ["Massage", "massage"],
        "summary": [],
    }
    assert places(marks_of(opensearch_client, "treatment:massage")) == {
        "request": ["Massage"],
        "rationale": [],
        "summary": [],
    }


def test_the_scope_decides_where_words_are_marked(letter, opensearch_client):
    decision = places(marks_of(opensearch_client, "spasm"))
    assert decision["summary"] == []
    assert decision["rationale"] == ["spasm", "Spasm", "Spasms"]
    anywhere = places(marks_of(opensearch_client, "no w/1 spasm", scope="letter"))
    assert anywhere == {"request": [], "rationale": ["no spasm"], "summary": ["no spasm"]}
    request = places(marks_of(opensearch_client, "massage", scope="request"))
    assert request == {"request": ["Massage"], "rationale": [], "summary": []}


def test_the_engine_analysis_finds_word_forms_and_synonyms(letter, opensearch_client):
    assert places(marks_of(opensearch_client, "spasms w/3 no"))["rationale"] == ["no spasm"]
    assert places(marks_of(opensearch_client, "pt w/3 prescribed"))["rationale"] == [
        "Physical therapy",
        "prescribed",
    ]


def test_without_the_analysis_words_are_found_as_typed(letter, opensearch_client):
    def rationale(q: str) -> list[str]:
        return places(marks_of(opensearch_client, q, analyzed=False))["rationale"]

    assert rationale("(no OR not) w/3 spasm") == ["no spasm", "Spasm", "not"]
    assert rationale('"not medically necessary" w/2 massage') == ["Massage", "not medically necessary"]
    assert rationale("spasms w/3 no") == []  # "spasms" is not typed in the text near "no"
    assert rationale("pt w/3 prescribed") == []


def test_the_same_sentence(letter, opensearch_client):
    found = places(marks_of(opensearch_client, '"not medically necessary" /s massage'))
    assert found == {"request": [], "rationale": ["Massage", "not medically necessary"], "summary": []}


def test_the_same_paragraph_stays_in_it(letter, opensearch_client):
    found = places(marks_of(opensearch_client, "spasms /p prescribed"))
    assert found["rationale"] == ["prescribed", "Spasms"]  # the second paragraph only
