"""What the search vocabulary's synonyms mark, asked of the real OpenSearch (the letter page's marks).

Words side by side are marked together too: a multi-word synonym they form is marked ("urine drug
screen" marks "UDS"), as a phrase where it has several words ("urine toxicology screen"), never
its words alone. A proximity word marks every form of its group, the one typed included, and no
word of another group.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from ingest.models import Letter
from ingest.taxonomy.vocabulary import equivalents
from search import indexing
from search.engine import highlight_letter
from search.forms import SearchForm
from tests.search.factory import LetterSpec, TreatmentSpec, save_letter
from tests.search.marked_letters import marked

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

CASE = "CM98-0000014"
# Each form of hydrocodone's group (its generic, brands and combinations: the vocabulary's largest
# group, twenty forms) near "60", as written.
HYDROCODONE = [" ".join(f).capitalize() for f in equivalents("hydrocodone")]
RATIONALE = (
    " ".join(f"{name} 60 tablets were prescribed for the pain." for name in HYDROCODONE)
    + " Oxycodone 60 tablets were denied earlier in the year. Norco was stopped long before the last visit."
    "\n\nA urine toxicology screen was consistent. The toxicology report and a strength test were "
    "reviewed with the drug list."
)


@pytest.fixture(scope="module")
def letter(index_prefix, django_db_setup, django_db_blocker) -> Iterator[LetterSpec]:
    with django_db_blocker.unblock():
        treatment = TreatmentSpec(
            "Retrospective UDS", "upheld", "Pharmaceuticals", "Opioids", rationale=RATIONALE
        )
        spec = LetterSpec(CASE, dt.date(2016, 3, 1), "standard", ["Pain Medicine"], ["CA"], "", [treatment])
        save_letter(spec)
        assert indexing.index_letters([spec.pk], refresh=True) == 1
    yield spec
    with django_db_blocker.unblock():
        Letter.objects.filter(pk=spec.pk).delete()


def places(q: str) -> dict[str, list[str]]:
    """The marked places of the letter's request and rationale on its page, for the search ``q``."""
    marks = highlight_letter(CASE, SearchForm({"q": q}).params())
    assert marks is not None, q
    treatment = marks.treatments[1]
    return {"request": marked(treatment.request), "rationale": marked(treatment.rationale)}


@pytest.mark.parametrize("q", ["Norco w/3 60", "hydrocodone w/3 60", "vicodin pre/1 60"])
def test_a_proximity_word_marks_every_form_of_its_group(letter, q):
    # each brand and the generic, the typed word too; not Oxycodone's 60, nor Norco far from 60
    assert places(q) == {"request": [], "rationale": [f"{name} 60" for name in HYDROCODONE]}


def test_words_together_mark_the_synonym_they_form(letter):
    # "UDS" (the request) and "urine toxicology screen" (a phrase of the group); the words alone
    # where they stand ("drug"), not "toxicology" or "test" (words of the group's other phrases)
    assert places("urine drug screen") == {
        "request": ["UDS"],
        "rationale": ["urine toxicology screen", "drug"],
    }


def test_the_words_together_are_marked_behind_a_field_prefix_too(letter):
    assert places("treatment:(urine drug screen)") == {"request": ["UDS"], "rationale": []}
    assert places("rationale:(urine drug screen)")["request"] == []


def test_a_phrase_marks_no_synonym(letter):
    assert places('"urine drug screen"') == {"request": [], "rationale": []}
