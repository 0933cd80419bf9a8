"""Hand-written letters for the highlighting tests, with the places a search should mark in them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from ingest.models import Letter
from search import indexing
from tests.search.factory import LetterSpec, TreatmentSpec, save_letter

# One paragraph on spasm and massage, one on physical therapy.
RATIONALE = (
    "There is no spasm noted on examination. The patient has not improved with prior care. "
    "Massage is not medically necessary at this time. The request for massage therapy was reviewed. "
    "Spasm was not present and no relief was reported.\n\n"
    "Physical therapy was prescribed twice. Spasms were documented at the last visit."
)
REQUEST = "Massage therapy, 6 sessions"
SUMMARY = "The patient reports no spasm at home. Massage was tried before."
CASE = "CM98-0000001"

_MARK = re.compile(r"<mark\b[^>]*>(.*?)</mark>", re.S)


def marked_letter() -> LetterSpec:
    treatment = TreatmentSpec(
        REQUEST, "upheld", "Physical Medicine", "Massage Therapy", sources=["MTUS"], rationale=RATIONALE
    )
    return LetterSpec(CASE, dt.date(2016, 3, 1), "standard", ["Pain Medicine"], ["CA"], SUMMARY, [treatment])


def marked(html: str | None) -> list[str]:
    """The marked places of an HTML text, in order."""
    return _MARK.findall(html or "")


def indexed_marked_letter(django_db_blocker: Any) -> Iterator[LetterSpec]:
    """The body of a module fixture: the marked letter saved and indexed, deleted afterwards."""
    with django_db_blocker.unblock():
        spec = marked_letter()
        save_letter(spec)
        assert indexing.index_letters([spec.pk], refresh=True) == 1
    yield spec
    with django_db_blocker.unblock():
        Letter.objects.filter(pk=spec.pk).delete()
