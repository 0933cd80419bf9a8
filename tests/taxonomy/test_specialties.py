"""Reviewer specialties spelled with a typo: read as the listed specialty when unambiguous, else kept."""

from __future__ import annotations

import random

import pytest

from ingest.parsing.reviewer import parse_reviewer
from ingest.taxonomy import SPECIALTIES, canonical_specialties, canonical_specialty
from ingest.taxonomy.categories import alias_key
from ingest.taxonomy.specialties import (
    OTHER_SPECIALTIES,
    SPECIALTY_ALIASES,
    typo_edits,
)


@pytest.mark.parametrize(
    ("typo", "specialty"),
    [
        ("Sports Medicinea", "Sports Medicine"),
        ("Orthopedic Surgey", "Orthopedic Surgery"),
        ("Physical Medicine & Rehabilitaion", "Physical Medicine & Rehabilitation"),
        ("Occupational Medicne", "Occupational Medicine"),
        ("Anesthesiolgy", "Anesthesiology"),
        ("Family Pratice", "Family Practice"),
        ("Internal Medecine", "Internal Medicine"),
        ("Pain Managment", "Pain Management"),
        ("Chiropratic", "Chiropractic"),
        ("Psychiatrst", "Psychiatry"),  # an alias's typo ("Psychiatrist") reads as its specialty
        ("Cardiolgy", "Cardiovascular Disease"),  # "Cardiology", an alias; "Radiology" is 3 edits off
        ("Urolgy", "Urology"),  # 6 characters: one edit allowed
        ("Preventative Medicine", "Preventive Medicine"),  # 21 characters: two edits allowed
        ("Physcal Medicine and Rehabilitaion", "Physical Medicine & Rehabilitation"),
        ("orthopedic  surgey.", "Orthopedic Surgery"),  # case, spacing and a final stop do not count
    ],
)
def test_an_unambiguous_typo_reads_as_the_listed_specialty(typo: str, specialty: str) -> None:
    assert canonical_specialty(typo) == specialty


@pytest.mark.parametrize(
    "name",
    [
        "Eurology",  # one edit from Neurology and from Urology
        "Ardiology",  # one edit from Cardiology and from Radiology
        "Psychologis",  # one edit from Psychologist, two from Psychology: not clearly farther
        "Pediatric Surgery",  # a specialty of its own, one edit from Podiatric Surgery
        "Pediatric Surgey",  # nearest to a specialty not on the list
        "Interventional Radiology",  # two edits from Interventional Cardiology
        "Hematology",
        "Neurlgy",  # two edits from Neurology, at 7 characters
        "Physcal Medicne and Rehabilitaion",  # three edits
        "ENR",  # under 5 characters: no typo is read
        "Underwater Basket Weaving",
    ],
)
def test_an_ambiguous_or_distant_name_is_not_read_as_a_listed_specialty(name: str) -> None:
    assert canonical_specialty(name) is None


@pytest.mark.parametrize(("length", "edits"), [(3, 0), (4, 0), (5, 1), (19, 1), (20, 2), (40, 2)])
def test_typo_edits_grow_with_the_length(length: int, edits: int) -> None:
    assert typo_edits("x" * length) == edits


def test_the_margin_to_the_next_specialty() -> None:
    # "Cardiolgy": 1 edit from Cardiology, 3 from Radiology (mapped); "Psychologis": 1 and 2 (kept).
    assert canonical_specialty("Cardiolgy") == "Cardiovascular Disease"
    assert canonical_specialty("Psychologis") is None
    assert canonical_specialty("Psychologst") is None  # Psychologist 1, Psychology 2
    assert canonical_specialty("Psychologyy") == "Psychology"  # Psychology 1, Psychologist 3


def test_exact_names_and_aliases_are_unchanged() -> None:
    for name in SPECIALTIES:
        assert canonical_specialty(name) == name
    for key, specialty in SPECIALTY_ALIASES.items():
        assert canonical_specialty(key) == specialty


def test_other_specialties_are_not_on_the_list() -> None:
    listed = set(SPECIALTY_ALIASES)
    assert [name for name in OTHER_SPECIALTIES if alias_key(name) in listed] == []


def test_a_one_edit_typo_never_reads_as_another_specialty() -> None:
    """Typos made by deleting, inserting, replacing or swapping letters of every listed name and alias."""
    rng = random.Random(14)
    letters = "abcdefghijklmnopqrstuvwxyz"
    read = kept = 0
    for name, specialty in SPECIALTY_ALIASES.items():
        if len(name) < 6:
            continue
        at = rng.randrange(1, len(name) - 2)
        typos = (
            name[:at] + name[at + 1 :],
            name[:at] + rng.choice(letters) + name[at:],
            name[:at] + rng.choice(letters.replace(name[at], "")) + name[at + 1 :],
            name[:at] + name[at + 1] + name[at] + name[at + 2 :],
        )
        for typo in typos:
            if alias_key(typo) in SPECIALTY_ALIASES:
                continue  # the typo spells a name of its own
            found = canonical_specialty(typo)
            assert found in (specialty, None), (name, typo, found)
            read += found == specialty
            kept += found is None
    assert read >= 9 * kept


def test_canonical_specialties_reads_typos_in_a_list() -> None:
    assert canonical_specialties("Physical Medicine & Rehabilitaion, Pain Managment") == [
        "Physical Medicine & Rehabilitation",
        "Pain Management",
    ]


def test_the_reviewer_reads_a_typo_without_a_warning() -> None:
    reviewer = parse_reviewer(
        "Certification(s)/Specialty: Sports Medicinea, Orthopedic Surgey\nState(s) of Licensure: California"
    )
    assert reviewer.specialties == ["Sports Medicine", "Orthopedic Surgery"]
    assert reviewer.warnings == []


def test_the_reviewer_keeps_an_ambiguous_name_as_written_and_says_so() -> None:
    reviewer = parse_reviewer(
        "Certification(s)/Specialty: Eurology, Family Practice\nState(s) of Licensure: California"
    )
    assert reviewer.specialties == ["Eurology", "Family Practice"]
    assert reviewer.warnings == ["reviewer specialty 'Eurology' is not on the state's list: kept as written"]


def test_an_older_sentence_with_a_typo() -> None:
    reviewer = parse_reviewer(
        "The expert reviewer is Board Certified in Preventative Medicine and is licensed to practice in "
        "California."
    )
    assert reviewer.specialties == ["Preventive Medicine"]
    assert reviewer.warnings == []
