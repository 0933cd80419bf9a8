"""The letters the outcome tests count, and the fixtures that index them.

``module_corpus`` makes a test module's ``corpus`` fixture: generated letters (the factory's) saved
and indexed into the module's private index (the ``index_prefix`` fixture), with the trap letters
when asked, deleted afterwards; the fixture's value is their ids. A test module takes it as a name of
its own::

    corpus = module_corpus(80, seed=1515)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from ingest.models import Letter
from search import indexing
from tests.search.factory import LetterSpec, TreatmentSpec, build_corpus, save_letter

WORD = "radiculopathy"  # in some rationales (the factory's findings), never in a factory summary


def trap_letters() -> list[LetterSpec]:
    """A letter whose summary alone names WORD (found, its overturned decision not about the search:
    in the letter-level buckets, never counted), and a matching decision whose outcome was kept
    verbatim (neither upheld nor overturned: not decided)."""
    mri = TreatmentSpec(
        "MRI of the lumbar spine without contrast", "overturned", "Diagnostic Imaging", "MRI",
        sources=["ACOEM"], rationale="Imaging is indicated.", body_regions=["Lumbar spine"],
    )  # fmt: skip
    verbatim = TreatmentSpec(
        "Acupuncture, 6 sessions, for the cervical spine", "partially certified", "Physical Medicine",
        "Acupuncture", sources=["MTUS"], rationale=f"The patient has {WORD}; six sessions are enough.",
    )  # fmt: skip
    return [
        LetterSpec(
            "CM97-0000001", dt.date(2016, 3, 1), "standard", ["Pain Medicine"], ["CA"],
            f"The patient has {WORD} after a fall.", [mri],
        ),
        LetterSpec(
            "CM97-0000002", dt.date(2016, 5, 1), "expedited", ["Chiropractic"], ["NY"],
            "The patient slipped.", [verbatim],
        ),
    ]  # fmt: skip


def module_corpus(
    count: int, seed: int, *, unclassified: bool = False, traps: bool = False
) -> Callable[..., Iterator[list[int]]]:
    """A module fixture: ``count`` generated letters (``build_corpus``), then ``trap_letters`` if
    ``traps``, saved and indexed; their ids."""

    @pytest.fixture(scope="module")
    def corpus(index_prefix: str, django_db_setup: None, django_db_blocker: Any) -> Iterator[list[int]]:
        with django_db_blocker.unblock():
            specs = build_corpus(count, seed=seed, unclassified=unclassified)
        yield from indexed([*specs, *(trap_letters() if traps else [])], django_db_blocker)

    return corpus


def indexed(specs: list[LetterSpec], django_db_blocker: Any) -> Iterator[list[int]]:
    """For a module fixture: ``specs`` saved (those not saved yet) and indexed; their ids, until the
    module ends; then their rows deleted."""
    with django_db_blocker.unblock():
        for spec in specs:
            if spec.pk is None:
                save_letter(spec)
        ids = [s.pk for s in specs if s.pk is not None]
        assert indexing.index_letters(ids, refresh=True) == len(specs)
    yield ids
    with django_db_blocker.unblock():
        Letter.objects.filter(pk__in=ids).delete()
