"""The query language parser: fast, no services."""

from __future__ import annotations

import pytest

from search.query.ast import And, Near, Not, Or, Phrase, Prefix, Term
from search.query.parser import parse


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("massage", Term("massage")),
        ("massage spasm", And((Term("massage"), Term("spasm")))),
        ('"physical therapy"', Phrase("physical therapy")),
        ("massage OR acupuncture", Or((Term("massage"), Term("acupuncture")))),
        ("massage -spasm", And((Term("massage"), Not(Term("spasm"))))),
        ("massage NOT spasm", And((Term("massage"), Not(Term("spasm"))))),
        ("massag*", Prefix("massag*")),
        ("massage w/5 spasm", Near(Term("massage"), Term("spasm"), 5)),
        ("massage W/5 spasm", Near(Term("massage"), Term("spasm"), 5)),
        ("massage /5 spasm", Near(Term("massage"), Term("spasm"), 5)),
        ("massage pre/3 spasm", Near(Term("massage"), Term("spasm"), 3, "words", True)),
        ("massage /s spasm", Near(Term("massage"), Term("spasm"), 0, "sentence")),
        ("massage w/p spasm", Near(Term("massage"), Term("spasm"), 0, "paragraph")),
        ("treatment:massage", Term("massage", "treatment")),
        ('rationale:"no spasm"', Phrase("no spasm", "rationale")),
        ("drug:(oxycodone OR norco)", Or((Term("oxycodone", "drug"), Term("norco", "drug")))),
        ('region:"low back"', Phrase("low back", "region")),
        ("regions:lumbar", Term("lumbar", "region")),
        ("L4-L5", Term("L4-L5")),
        ("(a OR b) c", And((Or((Term("a"), Term("b"))), Term("c")))),
        ("a OR b c", Or((Term("a"), And((Term("b"), Term("c")))))),
        ("\u201cphysical therapy\u201d \u2013spasm", And((Phrase("physical therapy"), Not(Term("spasm"))))),
    ],
)
def test_parse(text, expected):
    node, messages = parse(text)
    assert node == expected
    assert messages == []


@pytest.mark.parametrize(
    ("text", "expected", "fragment"),
    [
        ('"unclosed phrase', Phrase("unclosed phrase"), "quotation mark"),
        ("(massage OR acupuncture", Or((Term("massage"), Term("acupuncture"))), "not closed"),
        ("massage)", Term("massage"), "closing parenthesis"),
        ("OR", None, '"OR"'),
        ("massage OR", Term("massage"), '"OR"'),
        ("AND massage", Term("massage"), '"AND"'),
        ("w/5", None, "needs a term"),
        ("massage w/5", Term("massage"), "needs a term"),
        ("-", None, "lone"),
        ("foo:bar", And((Term("foo"), Term("bar"))), "not a search field"),
        ("treatment:", None, "needs a word"),
        ("ma*", Term("ma"), "wildcard"),
        ("massage w/5 -spasm", And((Term("massage"), Not(Term("spasm")))), "needs a term"),
    ],
)
def test_bad_input_degrades_with_a_message(text, expected, fragment):
    node, messages = parse(text)
    assert node == expected
    assert any(fragment in m for m in messages), messages


def test_deep_parentheses_do_not_recurse_forever():
    node, messages = parse("(" * 5000 + "massage" + ")" * 5000)
    assert node == Term("massage")
    assert messages
