"""Letters ingested through the real path for the decision-matching truth tests, and what they found.

``ingest_files`` runs files through ``ingest.entry`` and ``ingest.runner.run_sync`` (detect, parse,
save, index) into the module's private index (the ``index_prefix`` fixture) and returns each file's
letter; ``drop`` removes those rows afterwards. ``found`` reads a search's export rows: the
decisions found as (letter id, position), split into matching ones and the others.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.test import override_settings

from ingest.entry import add_paths, create_batch
from ingest.models import IngestBatch, IngestRecord, Letter
from ingest.runner import run_sync
from search.engine import iter_export_rows
from search.forms import SearchParams
from search.indexing import ensure_index, refresh

Decision = tuple[int, int]  # (letter id, position)
EXPORT_LIMIT = 1_000_000


@dataclass(frozen=True, slots=True)
class Ingested:
    batch_id: int
    letters: dict[str, int]  # file name -> letter id


def ingest_files(paths: Iterable[Path], label: str, media: Path) -> Ingested:
    """Ingest ``paths`` synchronously (stored bytes under ``media``) and refresh the index."""
    ensure_index()
    with override_settings(MEDIA_ROOT=media):
        batch = create_batch(label)
        add_paths(batch, sorted(paths))
        run_sync(batch.pk, out=io.StringIO(), quiet=True)
    refresh()
    rows = IngestRecord.objects.filter(batch=batch, letter__isnull=False, letter__indexed_at__isnull=False)
    return Ingested(batch.pk, dict(rows.values_list("name", "letter_id")))


def drop(ingested: Ingested) -> None:
    Letter.objects.filter(pk__in=ingested.letters.values()).delete()
    IngestBatch.objects.filter(pk=ingested.batch_id).delete()


@dataclass(frozen=True, slots=True)
class Found:
    matching: frozenset[Decision]  # decisions about the search
    others: frozenset[Decision]  # the other decisions of the letters found

    @property
    def letters(self) -> frozenset[int]:
        return frozenset(letter for letter, _ in self.matching | self.others)


def found(q: str, scope: str) -> Found:
    """Every decision of every letter the search finds (``iter_export_rows``), by match flag."""
    matching: set[Decision] = set()
    others: set[Decision] = set()
    for letter, treatment in iter_export_rows(SearchParams(q=q, scope=scope), EXPORT_LIMIT):
        assert treatment.position is not None
        (matching if treatment.matches else others).add((letter.id, treatment.position))
    return Found(frozenset(matching), frozenset(others))


def precision_recall(got: frozenset[Decision], want: frozenset[Decision]) -> tuple[float, float]:
    """Of the decisions ``got`` against the true ones ``want`` (1.0 for an empty side)."""
    hits = len(got & want)
    return (hits / len(got) if got else 1.0, hits / len(want) if want else 1.0)
