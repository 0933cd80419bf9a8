"""Sentence splitting for same-sentence proximity (search.sentences.split_sentences): pure."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.sentences import split_sentences


def test_sentences_and_paragraphs():
    text = 'Dr. Smith saw him. No. 5 is "fine." MRI was done!\n\nNext para? Yes e.g. this. 3 more'
    assert split_sentences(text) == [
        "Dr. Smith saw him.",
        'No. 5 is "fine."',
        "MRI was done!",
        "Next para?",
        "Yes e.g. this.",
        "3 more",
    ]
    assert split_sentences("") == []
    assert split_sentences(" \n\n ") == []


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Refer to it (e.g., exercise.) This form.", ["Refer to it (e.g., exercise.)", "This form."]),
        ('It was noted as "normal." The exam.', ['It was noted as "normal."', "The exam."]),
        ('Noted (as "normal.") The exam.', ['Noted (as "normal.")', "The exam."]),
        ('Was it (really?) So. He said "no!" Then.', ["Was it (really?)", "So.", 'He said "no!"', "Then."]),
        ("It is 'fine.' (The rest.) [Done.] Next", ["It is 'fine.'", "(The rest.)", "[Done.]", "Next"]),
        ("Typographic \u201cquotes.\u201d Also end.", ["Typographic \u201cquotes.\u201d", "Also end."]),
    ],
)
def test_a_sentence_ends_after_closing_brackets_and_quotes(text, sentences):
    assert split_sentences(text) == sentences


@pytest.mark.parametrize(
    "text",
    [
        "See MTUS - 8 C.C.R. 9792.24.4 (July 28, 2016) S1-20.",  # initialism, then a section number
        "Take it q.d. Tylenol b.i.d. Norco p.o. Twice i.e. Daily.",  # dosing abbreviations
        "Seen by Dr. Smith and Mrs. Jones vs. Mr. Brown, St. Mary, Fig. 2 on p. 4.",
        "Tylenol No. 3 and Norco 7.5 mg and 2.5 mg. of it",  # decimals
        "Who require one or all of the following: 1). Skilled care by a nurse.",
        "The criteria are: 1. Physical therapy; 2. Home exercise.",
        "1. Physical therapy for the lumbar spine.",  # a list number opening the sentence
        "It was approx. 3 weeks",
        "Wrapped line.\nwith a lower case word after the break",
        "Lower case after the end mark. so it goes on",
    ],
)
def test_no_end_inside(text):
    assert split_sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        # "etc." before a capital ends a sentence in IMR letters
        (
            "Severe cardiac disease etc. These criteria are not met.",
            ["Severe cardiac disease etc.", "These criteria are not met."],
        ),
        ("Pain was 6 out of 10. Objective findings.", ["Pain was 6 out of 10.", "Objective findings."]),
        ("On 10-16-2016. Medical records.", ["On 10-16-2016.", "Medical records."]),
        ("Seen by Dr.\n\nSmith", ["Seen by Dr.", "Smith"]),  # a blank line always ends a sentence
        ("Sleep hygiene techniques.. Based on", ["Sleep hygiene techniques..", "Based on"]),
        ("A line.\nThe next line", ["A line.", "The next line"]),
        ("1. Physical therapy. 2. Home exercise.", ["1. Physical therapy.", "2. Home exercise."]),
    ],
)
def test_ends(text, sentences):
    assert split_sentences(text) == sentences


# ---- properties -------------------------------------------------------------------------------
# Sentences are built from parts that never end one, and end with an end mark and closing marks.

OPENINGS = ["The patient", "MRI", "12 sessions", '"Normal', "(The", "Dr. Smith", "Physical therapy", "ODG"]
INSIDE = [
    "pain", "was", "noted", "of the lumbar spine", "2.5 mg", "Norco 10/325mg #60", "e.g. Motrin",
    "i.e. Norco", "q.d. Tylenol", "b.i.d.", "C.C.R. 9792.24.4", "No. 3", "vs. ODG", "Dr. Smith",
    "(MVA)", "(e.g., ice)", "pain,", "follows: 1. Skilled", "as follows: 1). Skilled",
    '"why?" he', 'said "stop." then', "out of 10", "L4-L5", "Mr. Brown", "p. 4",
]  # fmt: skip
ENDS = [".", "!", "?", ".)", '."', '.)"', "?)", '!"', ".'", ".]", ".\u201d"]
SPACES = [" ", "  ", "\n", " \n "]


@st.composite
def sentences(draw: st.DrawFn, *, marked: bool = True) -> str:
    """A sentence; ``marked``: with an end mark (a paragraph's last sentence may have none)."""
    words = [draw(st.sampled_from(OPENINGS)), *draw(st.lists(st.sampled_from(INSIDE), max_size=6))]
    text = draw(st.sampled_from([" ", "\n"])).join(words)
    return text + draw(st.sampled_from(ENDS)) if marked else text


@settings(max_examples=500, deadline=None)
@given(st.lists(sentences(), min_size=1, max_size=6), st.sampled_from(SPACES))
def test_built_sentences_come_back(built, space):
    assert split_sentences(space.join(built)) == built


PARAGRAPHS = st.lists(
    st.tuples(st.lists(sentences(), max_size=3), st.lists(sentences(marked=False), max_size=1)).map(
        lambda p: [*p[0], *p[1]]
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=300, deadline=None)
@given(PARAGRAPHS)
def test_a_blank_line_ends_a_sentence_even_without_an_end_mark(paragraphs):
    text = "\n\n".join(" ".join(p) for p in paragraphs)
    assert split_sentences(text) == [s for p in paragraphs for s in p]


TEXT = st.text(alphabet=st.sampled_from(list("aZ9 .!?\n\"'()[]:;Dr.Mrsepgi,vtcFS\u201d")), max_size=80)


@settings(max_examples=2000, deadline=None)
@given(TEXT)
def test_no_word_is_lost_or_changed(text):
    assert [w for s in split_sentences(text) for w in s.split()] == text.split()


@settings(max_examples=2000, deadline=None)
@given(TEXT)
def test_a_sentence_is_one_sentence(text):
    for sentence in split_sentences(text):
        assert split_sentences(sentence) == [sentence]
