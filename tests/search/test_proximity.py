"""Proximity searches (search.query.proximity): the rules (pure), then their answers from the real
OpenSearch for a few hand-written letters: ``/s`` and ``/p`` never cross a sentence or a passage,
and a phrase, prefix or wildcard inside a proximity search means what it means on its own."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from ingest.models import Letter
from search import indexing
from search.engine import run_search
from search.forms import SearchParams
from search.indexes import PASSAGE_GAP, SENTENCE_GAP
from search.query.ast import And, Near, Phrase, Prefix, Term
from search.query.fields import TARGETS, bare
from search.query.proximity import PASSAGE_GAPS, SENTENCE_GAPS, exact_field, interval_rule
from tests.search.factory import LetterSpec, TreatmentSpec, save_letter

# ---- the rules (pure) -------------------------------------------------------------------------


def _fields_of_proximity_searches() -> set[str]:
    fields = {bare(f) for t in TARGETS.values() for f in (*t.proximity, *t.sentences)}
    return fields | {"treatments.context_sentences", "summary_sentences"}


def test_every_field_of_a_proximity_search_has_an_unstemmed_subfield():
    fields = _fields_of_proximity_searches()
    assert {"treatments.sentences", "treatments.context", "treatments.request", "summary"} <= fields
    assert {f: exact_field(f) for f in fields} == {f: f"{f}.exact" for f in fields}


def test_a_field_without_an_exact_subfield_is_used_itself():
    assert exact_field("treatments.vocabulary") == "treatments.vocabulary"  # unstemmed itself
    rule = interval_rule(Phrase("oxy contin"), "treatments.vocabulary")
    assert rule == {"match": {"query": "oxy contin", "max_gaps": 0, "mode": "ordered"}}


def test_phrases_prefixes_and_wildcards_match_the_exact_subfield_and_words_the_field():
    field = "treatments.sentences"
    rule = interval_rule(
        Near(Phrase("not documented"), Near(Prefix("brac*"), Prefix("sp?int"), 3), 0, "sentence"),
        field,
    )
    assert rule is not None
    phrase, near = rule["all_of"]["intervals"]
    assert phrase["match"]["use_field"] == "treatments.sentences.exact"
    prefix, wildcard = near["all_of"]["intervals"]
    assert prefix == {"prefix": {"prefix": "brac", "use_field": "treatments.sentences.exact"}}
    assert wildcard == {"wildcard": {"pattern": "sp?int", "use_field": "treatments.sentences.exact"}}
    word = interval_rule(Near(Term("documented"), Term("brace"), 0, "sentence"), field)
    assert word is not None
    assert all("use_field" not in r["match"] for r in word["all_of"]["intervals"])


def _max_gaps(rule: Any) -> list[int]:
    """Every max_gaps of an all_of in ``rule``, outermost first."""
    if isinstance(rule, dict):
        own = [rule["all_of"]["max_gaps"]] if "all_of" in rule else []
        return own + [g for value in rule.values() for g in _max_gaps(value)]
    if isinstance(rule, list):
        return [g for value in rule for g in _max_gaps(value)]
    return []


@pytest.mark.parametrize(
    ("node", "gaps"),
    [
        (Near(Term("a"), Term("b"), 0, "sentence"), [SENTENCE_GAPS]),
        (Near(Term("a"), Term("b"), 0, "paragraph"), [PASSAGE_GAPS]),
        (Near(Term("a"), Term("b"), 5), [5]),
        # everything inside a unit keeps to it: an AND, a w/N, a paragraph inside a sentence
        (Near(And((Term("a"), Term("b"))), Term("c"), 0, "sentence"), [SENTENCE_GAPS] * 2),
        (Near(And((Term("a"), Term("b"))), Term("c"), 0, "paragraph"), [PASSAGE_GAPS] * 2),
        (Near(Near(Term("a"), Term("b"), 0, "paragraph"), Term("c"), 0, "sentence"), [SENTENCE_GAPS] * 2),
        (Near(Near(Term("a"), Term("b"), 7), Term("c"), 0, "sentence"), [SENTENCE_GAPS, 7]),
        (Near(And((Term("a"), Term("b"))), Term("c"), 5), [5, -1]),  # as before: an AND within w/N
    ],
)
def test_gaps(node, gaps):
    assert _max_gaps(interval_rule(node, "treatments.sentences")) == gaps


def test_units_stay_inside_the_position_gaps():
    assert SENTENCE_GAPS < SENTENCE_GAP
    assert SENTENCE_GAPS < PASSAGE_GAPS < PASSAGE_GAP


# ---- answers from the engine ------------------------------------------------------------------


def _treatment(request: str, rationale: str) -> TreatmentSpec:
    return TreatmentSpec(request, "upheld", "Physical Medicine", "Physical Therapy", rationale=rationale)


def _letters() -> list[tuple[LetterSpec, str, list[str]]]:
    """(letter, mechanism of injury, diagnoses): the words are rare so that each search is exact."""
    first = LetterSpec(
        "CM98-0000001", dt.date(2016, 1, 4), "standard", ["Pain Medicine"], ["CA"],
        'The worker hurt her knee at work (near the loading dock.) Zolpidem was prescribed for sleep. '
        'The gait was described as "antalgic." Tizanidine was started.',
        [_treatment(
            "Physical therapy for the shoulder",
            "Therapy was tried for the shoulder (without a kestrel sign.) Osprey testing was normal. "
            'The record does not document functional gains with the brace. It was called "heronlike." '
            "Wagtail tests were not done.",
        )],
    )  # fmt: skip
    second = LetterSpec(
        "CM98-0000002", dt.date(2016, 2, 4), "standard", ["Pain Medicine"], ["CA"],
        "The worker slipped on a wet floor.",
        [_treatment(
            "Physical therapy for the wrist",
            "Functional gains were not documented with the splint. Plover signs were absent.",
        )],
    )  # fmt: skip
    return [
        (first, "", ["knee sprain"]),
        (second, "lifting a heavy crate", ["lumbar sprain", "curlew syndrome"]),
    ]


@pytest.fixture(scope="module")
def letters(index_prefix, django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        specs = []
        for spec, mechanism, diagnoses in _letters():
            save_letter(spec)
            Letter.objects.filter(pk=spec.pk).update(mechanism_of_injury=mechanism, diagnoses=diagnoses)
            specs.append(spec)
        assert indexing.index_letters([s.pk for s in specs], refresh=True) == len(specs)
    yield specs
    with django_db_blocker.unblock():
        Letter.objects.filter(pk__in=[s.pk for s in specs]).delete()


def found(q: str, scope: str = "letter") -> list[str]:
    """The case numbers of the letters found (scope ``letter``: none only mentions the words)."""
    results = run_search(SearchParams(q=q, scope=scope), per_page=100, aggregations=False)
    return sorted(letter.case_number for letter in results.results)


FIRST, SECOND = "CM98-0000001", "CM98-0000002"


@pytest.mark.integration
@pytest.mark.django_db
class TestAgainstTheEngine:
    @pytest.mark.parametrize(
        ("q", "expected"),
        [
            ("kestrel /s osprey", []),  # "(... kestrel sign.) Osprey"
            ("shoulder /s kestrel", [FIRST]),
            ("osprey /s normal", [FIRST]),
            ("heronlike /s wagtail", []),  # 'called "heronlike." Wagtail'
            ("called /s heronlike", [FIRST]),
            ("(shoulder AND osprey) /s normal", []),  # an AND inside /s stays in the sentence
            ("(osprey AND testing) /s normal", [FIRST]),
        ],
    )
    def test_same_sentence_in_a_rationale(self, letters, q, expected):
        assert found(q) == expected
        assert found(q, scope="decision") == expected

    @pytest.mark.parametrize(
        ("q", "expected"),
        [
            ("dock /s zolpidem", []),  # "(near the loading dock.) Zolpidem"
            ("zolpidem /s sleep", [FIRST]),
            ("antalgic /s tizanidine", []),  # 'as "antalgic." Tizanidine'
            ("gait /s antalgic", [FIRST]),
        ],
    )
    def test_same_sentence_in_a_summary(self, letters, q, expected):
        assert found(q) == expected
        assert found(f"summary:({q})") == expected

    def test_a_phrase_inside_a_proximity_search_means_what_it_means_alone(self, letters):
        # The first letter says "does not document": the phrase alone does not match it.
        assert found('"not documented"') == [SECOND]
        assert found('"not documented" /s brace') == []
        assert found('"not documented" /s splint') == [SECOND]
        assert found('"not documented" w/5 splint') == [SECOND]
        # A word is stemmed, inside a proximity search as alone.
        assert found("documented") == [FIRST, SECOND]
        assert found("documented /s brace") == [FIRST]

    def test_prefixes_and_wildcards_inside_a_proximity_search_are_unstemmed_as_alone(self, letters):
        # The stemmed field holds "document" for "documented": only the exact sub-field has "documented".
        assert found("documented*", scope="decision") == [SECOND]
        assert found("documented* /s splint") == [SECOND]
        assert found("documented* /s brace") == []
        assert found("docum?nted /s splint") == [SECOND]
        assert found("docum?nted /s brace") == []

    @pytest.mark.parametrize(
        ("q", "expected"),
        [
            ("lifting /p crate", [SECOND]),  # the mechanism of injury
            ("wet /p floor", [SECOND]),  # the summary
            ("floor /p crate", []),  # the summary and the mechanism of injury
            ("crate /p curlew", []),  # the mechanism and a diagnosis
            ("lumbar /p curlew", []),  # two diagnoses
            ("curlew /p syndrome", [SECOND]),
            ("(crate AND curlew) /p syndrome", []),  # an AND inside /p stays in the passage
        ],
    )
    def test_same_passage(self, letters, q, expected):
        assert found(q) == expected
