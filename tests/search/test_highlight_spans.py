"""search.highlight_spans (pure): a proximity search as the span query the highlighter reads."""

from __future__ import annotations

from search.highlight_spans import span_query
from search.indexes import ENGLISH_SEARCH
from search.query.analysis import Analysis
from search.query.ast import Near, Term

F = "treatments.paragraphs"


def term(t: str) -> dict:
    return {"span_term": {F: t}}


def test_a_word_is_its_stretches_in_order_each_any_of_its_forms():
    # "pt/ot w/3 60": (PT's forms) then (OT's forms), adjacent, within 3 words of "60"
    analysis = Analysis(
        {
            (ENGLISH_SEARCH, "pt/ot"): (
                (("physical", "therapy"), ("pt",)),
                (("occupational", "therapy"), ("ot",)),
            ),
            (ENGLISH_SEARCH, "60"): ((("60",),),),
        }
    )
    adjacent = {"slop": 0, "in_order": True}
    pt = {
        "span_or": {
            "clauses": [
                {"span_near": {"clauses": [term("physical"), term("therapy")], **adjacent}},
                term("pt"),
            ]
        }
    }
    ot = {
        "span_or": {
            "clauses": [
                {"span_near": {"clauses": [term("occupational"), term("therapy")], **adjacent}},
                term("ot"),
            ]
        }
    }
    word = {"span_near": {"clauses": [pt, ot], **adjacent}}
    assert span_query(Near(Term("pt/ot"), Term("60"), 3), F, analysis) == {
        "span_near": {"clauses": [word, term("60")], "slop": 3, "in_order": False}
    }


def test_a_word_of_one_stretch_is_a_sequence_of_its_terms():
    analysis = Analysis({(ENGLISH_SEARCH, "l4-5"): ((("l4", "5"),),)})
    assert span_query(Term("l4-5"), F, analysis) == {
        "span_near": {"clauses": [term("l4"), term("5")], "slop": 0, "in_order": True}
    }
