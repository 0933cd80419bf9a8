"""Sentence splitting for same-sentence proximity (search.sentences.split_sentences): pure."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from search.sentences import _NOT_AFTER, split_sentences

# The first definition (a look-behind split), kept as the reference the faster scan must equal.
_REFERENCE = re.compile(rf"(?<=[.!?]){_NOT_AFTER}\s+(?=[\"'(\[]?[A-Z0-9])|\n\s*\n")


def reference(text: str) -> list[str]:
    if not text:
        return []
    return [part.strip() for part in _REFERENCE.split(text) if part and part.strip()]


def test_sentences_and_paragraphs():
    text = 'Dr. Smith saw him. No. 5 is "fine." MRI was done!\n\nNext para? Yes e.g. this. 3 more'
    assert split_sentences(text) == [
        "Dr. Smith saw him.",
        'No. 5 is "fine." MRI was done!',  # a quote after the period: not an end
        "Next para?",
        "Yes e.g. this.",
        "3 more",
    ]
    assert split_sentences("") == []
    assert split_sentences(" \n\n ") == []


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZ9 .!?\n\"'([Dr.Mrsepgi,vtcFS")), max_size=60))
def test_equal_to_the_reference_split(text):
    assert split_sentences(text) == reference(text)
