"""search.query.analysis (pure): what is analyzed for a proximity search, and token graphs read
stretch by stretch as alternative term sequences (the shapes are the engine's ``_analyze`` answers)."""

from __future__ import annotations

from ingest.taxonomy.vocabulary import equivalents, vocabulary
from search.indexes import ENGLISH, ENGLISH_SEARCH
from search.query.analysis import MAX_PATHS, Analysis, graph, read, requests
from search.query.ast import Phrase, Term
from search.query.parser import parse


def tree(q: str):
    node, _ = parse(q)
    return node


def test_only_the_words_under_a_proximity_operator_are_analyzed():
    assert requests(tree('massage "home care" -spasm (no OR not) w/3 spasm* AND "not necessary" /s pt')) == [
        (ENGLISH_SEARCH, "no"),
        (ENGLISH_SEARCH, "not"),
        (ENGLISH, "not necessary"),
        (ENGLISH_SEARCH, "pt"),
    ]
    assert requests(tree("massage therapy")) == []
    assert requests(None) == []
    # a negated proximity search is never marked, but its words are searched as the index holds them
    assert requests(tree("pain -(norco w/3 60)")) == [(ENGLISH_SEARCH, "norco"), (ENGLISH_SEARCH, "60")]


def test_a_synonym_graph_becomes_alternative_sequences():
    # "pt" as imr_english_search analyzes it: "pt" and "physiotherapy" span the two positions
    tokens = [
        {"token": "physical", "position": 0},
        {"token": "physiotherapy", "position": 0, "positionLength": 2},
        {"token": "pt", "position": 0, "positionLength": 2},
        {"token": "therapy", "position": 1},
    ]
    assert graph(tokens) == ((("physical", "therapy"), ("physiotherapy",), ("pt",)),)


def test_a_graph_with_two_routes_through_the_same_words_keeps_each_once():
    # "home exercise program": "hep" over all, and the plural's stem on a second route
    tokens = [
        {"token": "hep", "position": 0, "positionLength": 5},
        {"token": "home", "position": 0},
        {"token": "home", "position": 0, "positionLength": 3},
        {"token": "exercise", "position": 1},
        {"token": "program", "position": 2, "positionLength": 3},
        {"token": "exercise", "position": 3},
        {"token": "program", "position": 4},
    ]
    assert graph(tokens) == ((("hep",), ("home", "exercise", "program")),)


def test_words_split_by_the_tokenizer_are_one_sequence():
    assert graph([{"token": "l4", "position": 0}, {"token": "l5", "position": 1}]) == ((("l4", "l5"),),)
    assert graph([]) == ()


def test_a_word_not_analyzed_stands_for_itself():
    analysis = read({(ENGLISH_SEARCH, "spasms"): {"tokens": [{"token": "spasm", "position": 0}]}})
    assert analysis.analyzed
    assert analysis.graph(Term("spasms")) == ((("spasm",),),)
    assert analysis.graph(Phrase("Not Médically")) == ((("not", "medically"),),)
    assert not Analysis().analyzed
    assert Analysis().graph(Term("Spasms")) == ((("spasms",),),)


def test_two_synonyms_in_one_word_are_two_stretches():
    # "pt/ot": the alternatives of each, one after the other (their sum, not their product)
    tokens = [
        {"token": "physical", "position": 0},
        {"token": "physiotherapy", "position": 0, "positionLength": 2},
        {"token": "pt", "position": 0, "positionLength": 2},
        {"token": "therapy", "position": 1},
        {"token": "occupational", "position": 2},
        {"token": "ot", "position": 2, "positionLength": 2},
        {"token": "therapy", "position": 3},
    ]
    assert graph(tokens) == (
        (("physical", "therapy"), ("physiotherapy",), ("pt",)),
        (("occupational", "therapy"), ("ot",)),
    )


def test_a_word_keeps_every_form_of_the_largest_synonym_group():
    largest = max(len(equivalents(" ".join(f))) for g in vocabulary().groups for f in g.forms)
    assert largest < MAX_PATHS
    # every form kept: the engine lists the typed word last, so a cut would lose it first
    tokens = [{"token": f"form{i}", "position": 0} for i in range(largest)]
    (stretch,) = graph(tokens)
    assert sorted(stretch) == sorted((f"form{i}",) for i in range(largest))
