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
from search.indexes import ENGLISH_SEARCH, PASSAGE_GAP, SENTENCE_GAP, LetterDocument
from search.query import TOO_MANY_FORMS, compile_query
from search.query.analysis import MAX_PATHS, Analysis, Graph
from search.query.ast import And, Near, Or, Phrase, Prefix, Term
from search.query.fields import TARGETS, bare
from search.query.proximity import (
    EXACT_TERMS,
    PASSAGE_GAPS,
    SENTENCE_GAPS,
    TooManyForms,
    exact_field,
    interval_rule,
    size,
)
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


def test_every_field_of_a_proximity_search_is_searched_as_the_words_are_analyzed():
    """The engine's analysis of a word (``ENGLISH_SEARCH``) names the terms of every such field."""
    mapping = LetterDocument.mapping_dict()

    def analyzer(field: str) -> str:
        spec = mapping
        for name in field.split("."):
            spec = spec["properties"][name]
        return str(spec["search_analyzer"])

    assert {f: analyzer(f) for f in _fields_of_proximity_searches()} == dict.fromkeys(
        _fields_of_proximity_searches(), ENGLISH_SEARCH
    )


# ---- words read from the engine's analysis (pure: hand-written token graphs) -------------------

F = "treatments.paragraphs"
HYDROCODONE = (("norco",), ("hydrocodone",), ("hydrocodone", "bitartrate"), ("vicodin",))
WHOLE = {"not_overlapping": {"match": {"query": "no term", "analyzer": "keyword"}}}


def analyzed(graphs: dict[str, Graph]) -> Analysis:
    return Analysis({(ENGLISH_SEARCH, text): graph for text, graph in graphs.items()})


def terms(*words: str) -> dict[str, Any]:
    return {"match": {"query": " ".join(words), "analyzer": "whitespace", "max_gaps": 0, "mode": "ordered"}}


def test_a_word_keeps_every_form_by_length_while_its_rule_is_small():
    words = analyzed({"norco/lortab": (HYDROCODONE, HYDROCODONE), "60": ((("60",),),)})
    rule = interval_rule(Near(Term("norco/lortab"), Term("60"), 3), F, words)
    one_word = {
        "any_of": {"intervals": [terms("norco"), terms("hydrocodone"), terms("vicodin")], "filter": WHOLE}
    }
    stretch = {"any_of": {"intervals": [one_word, terms("hydrocodone", "bitartrate")]}}
    word = {"all_of": {"intervals": [stretch, stretch], "mode": "ordered", "max_gaps": 0}}
    assert rule == {"all_of": {"intervals": [word, terms("60")], "mode": "unordered", "max_gaps": 3}}
    assert size(rule).readings == 4  # a length of each stretch: the engine expands them
    assert size(rule).terms <= EXACT_TERMS


def test_a_large_rule_reads_each_stretch_by_its_shortest_forms_whole():
    """Many stretches: their forms' combinations would exceed the budget, their sum does not."""
    stretches = 6
    words = analyzed({"norco-norco": (HYDROCODONE,) * stretches, "60": ((("60",),),)})
    rule = interval_rule(Near(Term("norco-norco"), Term("60"), 3), F, words)
    assert rule is not None
    shortest = {
        "any_of": {"intervals": [terms("norco"), terms("hydrocodone"), terms("vicodin")], "filter": WHOLE}
    }
    word = {"all_of": {"intervals": [shortest] * stretches, "mode": "ordered", "max_gaps": 0}}
    assert rule["all_of"]["intervals"] == [word, terms("60")]
    assert size(rule).readings == 1
    assert size(rule).terms == stretches * (3 + 1) + 1  # the sum: a term a form, a filter a stretch


def test_the_searchs_ors_are_whole_too_in_a_large_rule():
    graphs: dict[str, Graph] = {f"drug{i}": (tuple((f"form{i}x{j}",) for j in range(15)),) for i in range(4)}
    words = analyzed({**graphs, "60": ((("60",),),)})
    node = Near(
        Or((Term("drug0"), Term("drug1"))), Near(Or((Term("drug2"), Term("drug3"))), Term("60"), 2), 5
    )
    rule = interval_rule(node, F, words)
    assert rule is not None
    assert size(rule).readings == 1
    left = rule["all_of"]["intervals"][0]["any_of"]
    assert left["filter"] == WHOLE
    assert len(left["intervals"]) == 2


def test_words_beyond_the_budget_are_too_many_forms():
    """Five stretches of thirty forms: 155 terms, more than ``MAX_TERMS`` even read whole."""
    forms = tuple((f"form{j}",) for j in range(30))
    words = analyzed({"a-b-c-d-e": (forms,) * 5, "60": ((("60",),),)})
    node = Near(Term("a-b-c-d-e"), Term("60"), 3)
    with pytest.raises(TooManyForms):
        interval_rule(node, F, words)
    compiled = compile_query("a-b-c-d-e w/3 60", analysis=words)
    assert compiled.refused == TOO_MANY_FORMS
    assert compiled.treatment is None


def test_a_stretch_that_may_have_lost_forms_is_too_many_forms():
    forms = tuple((f"form{j}",) for j in range(MAX_PATHS))
    with pytest.raises(TooManyForms):
        interval_rule(Near(Term("x"), Term("y"), 3), F, analyzed({"x": (forms,), "y": ((("y",),),)}))


def test_without_the_analysis_the_engine_reads_the_words():
    assert compile_query("norco/lortab w/3 60").refused == ""
    rule = interval_rule(Near(Term("norco/lortab"), Term("60"), 3), F)
    assert rule is not None
    assert rule["all_of"]["intervals"][0] == {
        "match": {"query": "norco/lortab", "max_gaps": 0, "mode": "ordered"}
    }


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
