"""The matching form of the treatment clause (search.query.matching): pure, no engine."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from search.query import compile_query
from search.query.fields import DEFAULT
from search.query.matching import TEXT, TEXT_EXACT, match_form, scored_form


def _match(word: str) -> dict:
    return {"match": {TEXT: {"query": word, "operator": "and"}}}


def test_a_word_is_matched_on_the_combined_field():
    assert compile_query("massage").treatment_match == _match("massage")


def test_words_without_a_multi_word_synonym_need_no_together_clause():
    assert compile_query("massage spasm").treatment_match == {
        "bool": {"must": [_match("massage"), _match("spasm")]}
    }


def test_words_holding_a_multi_word_synonym_keep_the_together_clause():
    """ "home exercise program" must still find letters that only say "HEP"."""
    clause = compile_query("home exercise program").treatment_match
    should = clause["bool"]["should"]
    assert should[1] == _match("home exercise program")
    assert should[0] == {"bool": {"must": [_match("home"), _match("exercise"), _match("program")]}}


def test_phrases_and_prefixes_use_the_exact_sub_field():
    assert compile_query('"medically necessary"').treatment_match == {
        "match_phrase": {TEXT_EXACT: {"query": "medically necessary"}}
    }
    assert compile_query("radiculopath*").treatment_match == {
        "prefix": {TEXT_EXACT: {"value": "radiculopath"}}
    }
    assert compile_query("mass*ge").treatment_match == {
        "wildcard": {TEXT_EXACT: {"value": "mass*ge", "case_insensitive": True}}
    }


def test_field_queries_proximity_and_drugs_are_left_as_they_are():
    for text in ("rationale:spasm", "guideline:MTUS", "massage w/5 spasm", "drug:norco", "spasm /s massage"):
        compiled = compile_query(text)
        assert compiled.treatment_match == compiled.treatment, text
        assert compiled.treatment_scored == compiled.treatment, text


def test_exclusions_and_or_keep_their_structure():
    clause = compile_query("massage -acupuncture").treatment_match
    assert clause == {"bool": {"must": [_match("massage")], "must_not": [_match("acupuncture")]}}
    either = compile_query("massage OR acupuncture").treatment_match
    assert either == {
        "bool": {"should": [_match("massage"), _match("acupuncture")], "minimum_should_match": 1}
    }


def test_scored_form_matches_by_the_combined_field_and_scores_by_the_fields():
    compiled = compile_query("massage")
    assert compiled.treatment_scored == {
        "bool": {"filter": [compiled.treatment_match], "should": [compiled.treatment]}
    }
    assert scored_form(None, None) is None
    assert scored_form({"term": {"a": 1}}, {"term": {"a": 1}}) == {"term": {"a": 1}}


def test_scored_form_parts():
    """Phrases and prefixes are scored on the combined field; exclusions are only matched;
    a run's "together" clause is an optional bonus when it matches nothing more."""
    phrase = compile_query('"medically necessary"')
    assert phrase.treatment_scored == phrase.treatment_match
    excluded = compile_query("massage -acupuncture").treatment_scored["bool"]
    assert excluded["must_not"] == [_match("acupuncture")]
    run = compile_query("massage spasm")
    body = run.treatment_scored["bool"]
    assert body["should"] == [run.treatment["bool"]["should"][1]]
    assert "minimum_should_match" not in body
    assert _strip_scores(run.treatment_scored) == run.treatment_match


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab pt*?"()-:/w5 OR')), max_size=40))
def test_the_scored_form_matches_exactly_what_the_matching_form_matches(text):
    """Taking the scoring-only parts out of the scored form leaves the matching form."""
    compiled = compile_query(text)
    assert _strip_scores(compiled.treatment_scored) == compiled.treatment_match


def _strip_scores(node):
    """The scored form without its optional scoring clauses (a ``should`` with no minimum)."""
    if isinstance(node, list):
        return [_strip_scores(item) for item in node]
    if not isinstance(node, dict):
        return node
    body = node.get("bool") if list(node) == ["bool"] else None
    if body is not None and "should" in body and "minimum_should_match" not in body:
        rest = {k: v for k, v in body.items() if k != "should"}
        if list(rest) in (["filter"], ["must"]) and len(rest[next(iter(rest))]) == 1:
            return _strip_scores(rest[next(iter(rest))][0])
        return {"bool": _strip_scores(rest)}
    return {key: _strip_scores(value) for key, value in node.items()}


def test_no_query_no_clause():
    assert match_form(None) is None
    assert compile_query("").treatment_match is None
    assert compile_query("CM15-0001234").treatment_match is None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab pt*?"()-:/w5 OR')), max_size=40))
def test_the_default_fields_never_survive_the_rewrite_of_words(text):
    """No default-field multi_match is left: every plain word is matched on one field."""
    compiled = compile_query(text)
    dumped = json.dumps(compiled.treatment_match)
    for mm in _multi_matches(compiled.treatment_match):
        assert sorted(mm.get("fields", [])) != sorted(DEFAULT.text), dumped


def _multi_matches(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "multi_match":
                yield value
            else:
                yield from _multi_matches(value)
    elif isinstance(node, list):
        for item in node:
            yield from _multi_matches(item)
