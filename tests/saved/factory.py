"""Letters with known content for saved-query and alert tests, written to the database and the index."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable

from ingest.models import Letter, Treatment

_seq = itertools.count(1)


def make_letter(
    *treatments: tuple[str, str, str, str],
    case_number: str | None = None,
    decision_date: dt.date | None = None,
    summary: str = "The injured worker has chronic low back pain after lifting boxes at work.",
) -> Letter:
    """A letter with treatments given as (request, decision, subcategory, rationale)."""
    n = next(_seq)
    case_number = case_number or f"CM{20_000_000 + n * 7919 % 9_000_000:08d}"
    letter = Letter.objects.create(
        case_number=case_number,
        fingerprint=f"test-{case_number}-{n}",
        content_sha256=f"sha-{case_number}-{n}",
        decision_date=decision_date or dt.date(2024, 1, 1) + dt.timedelta(days=n),
        reviewer_specialties=["Orthopedic Surgery"],
        reviewer_license_states=["CA"],
        priority="standard",
        case_summary=summary,
        text=summary,
    )
    for position, (request, decision, subcategory, rationale) in enumerate(treatments, start=1):
        Treatment.objects.create(
            letter=letter,
            position=position,
            request=request,
            decision=decision,
            category="Physical Medicine",
            subcategory=subcategory,
            rationale=rationale,
            body_regions=["Lumbar spine"] if "lumbar" in request.lower() else [],
            guidelines=[
                {
                    "source": "ODG",
                    "citation": "Official Disability Guidelines",
                    "cited_by": "claims_administrator",
                },
                {
                    "source": "MTUS",
                    "citation": "Chronic Pain Medical Treatment Guidelines",
                    "cited_by": "maximus",
                },
            ],
        )
    return letter


def acupuncture(decision: str = "overturned", **kwargs) -> Letter:
    return make_letter(
        (
            "6 sessions of acupuncture for the lumbar spine",
            decision,
            "Acupuncture",
            "Acupuncture is recommended as an option when pain medication is reduced or not tolerated.",
        ),
        **kwargs,
    )


def massage(decision: str = "upheld", **kwargs) -> Letter:
    return make_letter(
        (
            "8 sessions of massage therapy for the cervical spine",
            decision,
            "Massage Therapy",
            "Massage therapy should be an adjunct to other recommended treatment such as exercise.",
        ),
        **kwargs,
    )


def index(letters: Iterable[Letter]) -> list[int]:
    from search.indexing import index_letters

    ids = [letter.pk for letter in letters]
    index_letters(ids, refresh=True)
    return ids
