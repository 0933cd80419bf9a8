"""search.highlight_marks and highlight.merge (pure): the engine's fragments read as text and marked
ranges, written back safe, adjacent marks as one place, and the marks of a sentence or paragraph
array carried back to the field's text."""

from __future__ import annotations

from search.highlight import merge, safe_fragment
from search.highlight_marks import Marked


def test_only_mark_tags_survive_and_text_is_escaped():
    fragment = "a &lt;script&gt; <b>x</b> <mark>spasm</mark> &amp; <mark>unclosed"
    assert safe_fragment(fragment) == (
        "a &lt;script&gt; &lt;b&gt;x&lt;/b&gt; <mark>spasm</mark> &amp; <mark>unclosed</mark>"
    )
    assert safe_fragment("<mark><mark>nested</mark></mark> </mark>stray") == "<mark>nested</mark> stray"


def test_marks_with_only_white_space_between_are_one_place():
    assert safe_fragment(
        "<mark>not</mark> <mark>medically</mark>\n<mark>necessary</mark>, <mark>no</mark>"
    ) == ("<mark>not medically\nnecessary</mark>, <mark>no</mark>")


def test_marks_of_a_piece_are_placed_where_it_stands():
    text = Marked.read("One. <mark>Massage</mark> is not needed. Another massage. Massage is not needed.")
    sentence = Marked.read("Massage is <mark>not</mark> needed.")
    placed = text.with_marks_of(sentence)
    assert placed is not None
    assert placed.html() == (
        "One. <mark>Massage</mark> is <mark>not</mark> needed. Another massage. "
        "Massage is <mark>not</mark> needed."
    )
    assert text.with_marks_of(Marked.read("Not in it.")) is None


def test_merge_combines_a_field_its_exact_subfield_and_its_arrays():
    highlight = {
        "treatments.request": ["Massage therapy, 6 sessions"],
        "treatments.rationale": ["No spasm. Massage is not necessary.\n\nTwice."],
        "treatments.rationale.exact": ["<mark>No</mark> spasm. Massage is not necessary.\n\nTwice."],
        "treatments.sentences": [
            "<mark>Massage</mark> is <mark>not</mark> necessary.",
            "<mark>Massage</mark> therapy",
        ],
    }
    assert merge(highlight, "treatments.rationale") == [
        "<mark>No</mark> spasm. <mark>Massage</mark> is <mark>not</mark> necessary.\n\nTwice."
    ]
    assert merge(highlight, "treatments.request") == ["<mark>Massage</mark> therapy, 6 sessions"]


def test_a_card_passage_can_come_from_an_array_but_not_from_the_request():
    highlight = {
        "treatments.request": ["Massage therapy, 6 sessions"],
        "treatments.paragraphs": [
            "<mark>Massage</mark> therapy",
            "the <mark>massage</mark> was <mark>denied</mark>",
        ],
    }
    assert merge(highlight, "treatments.rationale") == ["the <mark>massage</mark> was <mark>denied</mark>"]
