"""Classify stored treatments again with the current classifier, from their stored text: no re-ingest.

A treatment's classification (category, leaf, drug, strength, quantity, sessions, body regions,
basis) and its guidelines' sections are derived data: the classifier reads them from the request,
the guideline citations and the rationale the row keeps. `reclassify` computes them again for
every letter, a batch of letters at a time (keyset pages: no cursor stays open while it writes),
writes the columns that changed (one prepared UPDATE run per batch) and announces their letters through
``ingest.signals.letters_changed`` (once per batch, on commit), so only those are reindexed.
A second run finds nothing to change.

A reclassification is not a version (ingest.versions): the letter says what it said, only what the
code derives from it moved. Its version, ``updated_at`` (shown as when the version came in) and
kept versions stay; its ``indexed_at`` is cleared, so that a lost index message is found by the
index catch-up. Letters whose version shown is a hand correction keep their treatments as
corrected, unless asked (the correction may be of the category itself).

A row is recomputed through the ingest writer's own mapping (``ingest.pipeline.rows``): its
values are what ingesting the same letter now would store. Rows are computed once without locks;
those that change are computed again, from their current values, with their letters' rows locked
(every writer of treatments locks or updates its letter first). A treatment that fails is reported
and the run goes on.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, transaction
from django.db.models import Q, QuerySet

from ingest.models import Letter, Treatment
from ingest.parsing import taxonomy_bridge
from ingest.parsing.result import Guideline
from ingest.parsing.result import Treatment as ParsedTreatment
from ingest.pipeline.rows import build_treatments
from ingest.signals import letters_changed
from ingest.taxonomy import Classification
from ingest.taxonomy.guideline_sections import guideline_sections
from ingest.updates import update_each

log = logging.getLogger(__name__)

BATCH = 500  # letters per batch: one read, one transaction, one message to the index (its bulk size)
SHOWN_FAILURES = 20
UNCLASSIFIED = "Unclassified"
_CLASSIFIED = tuple(f.name for f in dataclasses.fields(Classification))
DERIVED = (*_CLASSIFIED, "guidelines")  # the columns written; nothing else of a row changes
HAND_CORRECTED = Q(corrected_by__isnull=False) | ~Q(correction_reason="")


@dataclass(frozen=True, slots=True)
class Failure:
    letter_id: int
    treatment_id: int | None  # None: the batch's write failed
    error: str


@dataclass(slots=True)
class Move:
    """A row that changes: its reclassified values, the columns that differ, its leaf before and after."""

    row: Treatment
    new: Treatment
    columns: list[str]
    before: str = ""
    after: str = ""

    def __post_init__(self) -> None:
        self.before, self.after = leaf_label(self.row), leaf_label(self.new)

    def applied(self) -> Treatment:
        """The row with its new values (to write)."""
        for name in self.columns:
            setattr(self.row, name, getattr(self.new, name))
        return self.row


@dataclass
class Summary:
    """What a run read and moved (in a dry run: what it would write)."""

    dry_run: bool = False
    letters: int = 0  # letters to read (hand-corrected ones left out unless included)
    corrected: int = 0  # hand-corrected letters left as corrected
    letters_read: int = 0
    read: int = 0  # treatments read
    changed: int = 0  # treatments written
    reindexed: int = 0  # letters announced to the index
    moves: Counter[tuple[str, str]] = field(default_factory=Counter)  # (from, to) -> treatments
    columns: Counter[str] = field(default_factory=Counter)  # column -> treatments it changed in
    failures: list[Failure] = field(default_factory=list)  # the first SHOWN_FAILURES
    failed: int = 0

    def fail(self, letter_id: int, treatment_id: int | None, error: str) -> None:
        self.failed += 1
        if len(self.failures) < SHOWN_FAILURES:
            self.failures.append(Failure(letter_id, treatment_id, error))

    def count(self, move: Move) -> None:
        self.changed += 1
        self.columns.update(move.columns)
        if move.before != move.after:
            self.moves[(move.before, move.after)] += 1


def leaf_label(row: Treatment) -> str:
    """A treatment's category and leaf (its drug class for a medicine, else its subcategory)."""
    if not row.category:
        return UNCLASSIFIED
    leaf = row.drug_class or row.subcategory
    return f"{row.category} / {leaf}" if leaf and leaf != row.category else row.category


def _guideline(stored: Any) -> Guideline:
    if not isinstance(stored, dict):
        raise ValueError(f"a guideline is not an object: {stored!r:.80}")
    citation = stored.get("citation") or ""
    return Guideline(
        source=stored.get("source") or "",
        citation=citation,
        cited_by=stored.get("cited_by") or "",
        pages=stored.get("pages"),
        sections=guideline_sections(citation),
    )


def reclassified(row: Treatment) -> Treatment:
    """The row as ingesting its letter now would store it (unsaved): classified by the current
    classifier from its stored request, guideline citations and rationale, each guideline's sections
    read again from its citation. Only the DERIVED columns of the answer are meant to be read."""
    parsed = ParsedTreatment(
        request=row.request,
        decision=row.decision,
        rationale=row.rationale,
        guidelines=[_guideline(g) for g in row.guidelines or []],
    )
    found = taxonomy_bridge.classify_decision(parsed.request, parsed.guidelines, parsed.rationale)
    for name in _CLASSIFIED:
        value = getattr(found, name)
        setattr(parsed, name, list(value) if isinstance(value, tuple) else value)
    (new,) = build_treatments(Letter(pk=row.letter_id), [parsed])
    return new


def _changes(rows: Iterable[Treatment], summary: Summary) -> Iterator[Move]:
    """A Move for each row whose reclassified values differ from its stored ones."""
    for row in rows:
        try:
            new = reclassified(row)
        except Exception as exc:  # one treatment never stops the run
            log.exception("treatment %s of letter %s could not be reclassified", row.pk, row.letter_id)
            summary.fail(row.letter_id, row.pk, f"{type(exc).__name__}: {exc}")
            continue
        columns = [name for name in DERIVED if getattr(row, name) != getattr(new, name)]
        if columns:
            yield Move(row, new, columns)


def _pages(letters: QuerySet[Letter], size: int) -> Iterator[list[int]]:
    """The letters' ids in pages of `size`, by keyset (no cursor stays open between pages)."""
    ids = letters.order_by("pk").values_list("pk", flat=True)
    last = 0
    while page := list(ids.filter(pk__gt=last)[:size]):
        yield page
        last = page[-1]


def _write(
    letters: QuerySet[Letter], ids: list[int], planned: list[int], summary: Summary, inline: bool
) -> None:
    """Compute the planned rows again with their letters locked, write them, announce their letters."""
    with transaction.atomic():
        locked = letters.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True)
        rows = Treatment.objects.filter(pk__in=planned, letter_id__in=list(locked)).order_by("pk")
        moved = list(_changes(rows, summary))
        written = [move.applied() for move in moved]
        update_each(written, [name for name in DERIVED if any(name in move.columns for move in moved)])
        touched = sorted({row.letter_id for row in written})
        Letter.objects.filter(pk__in=touched).update(indexed_at=None)  # stale until the index writes it
        letters_changed(touched, inline=inline)
    for move in moved:  # counted once committed
        summary.count(move)
    summary.reindexed += len(touched)


def _batch(
    letters: QuerySet[Letter], ids: list[int], summary: Summary, *, dry_run: bool, inline: bool
) -> None:
    rows = list(Treatment.objects.filter(letter_id__in=ids).order_by("letter_id", "position"))
    summary.read += len(rows)
    moves = list(_changes(rows, summary))
    if dry_run:
        for move in moves:
            summary.count(move)
        summary.reindexed += len({move.row.letter_id for move in moves})
        return
    if not moves:
        return
    try:
        _write(letters, ids, [move.row.pk for move in moves], summary, inline)
    except DatabaseError as exc:  # a deadlock, a lost connection: the batch is reported, the run goes on
        log.exception("the batch of letters %s..%s could not be written", ids[0], ids[-1])
        summary.fail(ids[0], None, f"the batch of letters {ids[0]}..{ids[-1]} was not written: {exc}")


def reclassify(
    *,
    batch_size: int = BATCH,
    dry_run: bool = False,
    inline: bool = False,
    include_corrected: bool = False,
    progress: Callable[[Summary], None] | None = None,
) -> Summary:
    """Reclassify every stored treatment (see the module's docstring); `progress` is called after each
    batch. `inline` goes with ``letters_saved``: index in this process rather than queue a task."""
    letters = Letter.objects.all() if include_corrected else Letter.objects.exclude(HAND_CORRECTED)
    summary = Summary(dry_run=dry_run, letters=letters.count())
    if not include_corrected:
        summary.corrected = Letter.objects.filter(HAND_CORRECTED).count()
    for ids in _pages(letters, max(1, batch_size)):
        _batch(letters, ids, summary, dry_run=dry_run, inline=inline)
        summary.letters_read += len(ids)
        if progress is not None:
            progress(summary)
    return summary
