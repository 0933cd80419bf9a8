"""A letter's versions: keeping every version that is not shown, and hand corrections.

The Letter row is the version shown; every other one is a LetterVersion, whole (text, fields,
treatments as data, where it came from). Which version is shown is ingest.pipeline.deduplicate's
rule. The ingest writer (ingest.pipeline.save) keeps versions through `keep_shown` and
`keep_parsed`; a hand correction in the admin goes through `correct`, which keeps the version
it changes and records who made the new one and why.

Version numbers count the versions of a letter in the order they came in. Two writers adding
a version to one letter at once would give the same number: the unique (letter, number)
constraint refuses the second, and `check_unchanged` lets a writer that decided from an older
read decide again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import DatabaseError, transaction
from django.db.models import Max
from django.utils import timezone

from ingest.models import IngestRecord, Letter, LetterVersion, Treatment
from ingest.records import Action

Status = LetterVersion.Status
# A version's fields as data: every column of the letter but those a LetterVersion has of its own
# (text, fingerprint, where it came from) and the row's bookkeeping.
_OWN_COLUMNS = frozenset(
    {
        "id", "text", "fingerprint", "content_sha256", "source_name", "original_file", "corrected_by",
        "correction_reason", "version", "created_at", "updated_at", "indexed_at",
    }
)  # fmt: skip
_FIELDS = tuple(f.name for f in Letter._meta.concrete_fields if f.name not in _OWN_COLUMNS)
_TREATMENT_FIELDS = tuple(f.name for f in Treatment._meta.concrete_fields if f.name not in ("id", "letter"))


class Changed(DatabaseError):
    """The letter changed since it was read: the writer decides again (as after a lost race)."""


def latest_numbers(letter_ids: list[int]) -> dict[int, int]:
    """The highest version number given to each letter, shown or kept."""
    kept = dict(
        LetterVersion.objects.filter(letter_id__in=letter_ids)
        .values("letter_id")
        .annotate(high=Max("number"))
        .values_list("letter_id", "high")
    )
    shown = Letter.objects.filter(pk__in=letter_ids).values_list("pk", "version")
    return {pk: max(version, kept.get(pk, 0)) for pk, version in shown}


def check_unchanged(letter_id: int, version: int, latest: int) -> None:
    """Lock the letter's row; raise Changed when its version shown or its latest number moved on."""
    shown = Letter.objects.select_for_update().filter(pk=letter_id).values_list("version", flat=True).first()
    if shown != version or latest_numbers([letter_id]).get(letter_id) != latest:
        raise Changed(f"letter {letter_id} changed since it was read")


def version_fields(letter: Letter) -> dict[str, Any]:
    """The letter's fields as data (dates stay dates: the JSON field's encoder writes them)."""
    return {name: getattr(letter, name) for name in _FIELDS}


def version_treatments(treatments: list[Treatment]) -> list[dict[str, Any]]:
    """Each treatment's fields as data, in their order in the letter."""
    ordered = sorted(treatments, key=lambda t: t.position)
    return [{name: getattr(t, name) for name in _TREATMENT_FIELDS} for t in ordered]


def snapshot(
    letter: Letter, treatments: list[Treatment], *, number: int, status: str, arrived_at: dt.datetime
) -> LetterVersion:
    """An unsaved LetterVersion holding this letter (a stored row or one built from a parsed file)."""
    return LetterVersion(
        letter_id=letter.pk,
        number=number,
        status=status,
        fingerprint=letter.fingerprint,
        case_number=letter.case_number or "",
        decision_date=letter.decision_date,
        text=letter.text,
        fields=version_fields(letter),
        treatments=version_treatments(treatments),
        source_name=letter.source_name,
        original_file=letter.original_file.name or "",
        content_sha256=letter.content_sha256,
        corrected_by_id=letter.corrected_by_id,
        correction_reason=letter.correction_reason,
        arrived_at=arrived_at,
    )


def keep_shown(letter: Letter, status: str) -> LetterVersion:
    """Keep the letter's stored version (as read now from the database) before it is replaced."""
    stored = Letter.objects.get(pk=letter.pk)
    version = snapshot(
        stored,
        list(Treatment.objects.filter(letter_id=letter.pk)),
        number=stored.version,
        status=status,
        arrived_at=stored.updated_at,
    )
    if not (stored.corrected_by_id or stored.correction_reason):  # read from a file: the record that wrote it
        written = (Action.CREATE.value, Action.UPDATE.value)
        version.record = (
            IngestRecord.objects.filter(letter_id=letter.pk, action__in=written).order_by("-pk").first()
        )
    version.save()
    return version


def keep_parsed(
    letter: Letter, treatments: list[Treatment], *, number: int, record: IngestRecord
) -> LetterVersion:
    """Keep a version read from a file that is older than the one shown (`letter`: unsaved, built from it)."""
    version = snapshot(letter, treatments, number=number, status=Status.OLDER, arrived_at=timezone.now())
    version.record = record
    version.save()
    return version


def correct(letter: Letter, *, by_id: int, reason: str, save: Callable[[], None]) -> LetterVersion:
    """A hand correction: `letter` holds the corrected fields (not saved yet); `save` writes it (and
    its treatments). The version it corrects is kept; the correction is the next version, by whom, why.

    Returns the version kept. The letter's index copy follows on commit (ingest.signals).
    """
    with transaction.atomic():
        Letter.objects.select_for_update().filter(pk=letter.pk).values_list("pk", flat=True).first()
        kept = keep_shown(letter, Status.CORRECTED)
        letter.version = latest_numbers([letter.pk])[letter.pk] + 1
        letter.corrected_by_id = by_id
        letter.correction_reason = reason
        save()
    return kept
