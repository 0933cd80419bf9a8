"""A small corpus of generated letters, ingested through the real path, for the UI tests.

Generated files (``ingest.generator``) are written to disk and ingested like
any batch (``ingest.entry`` + ``ingest.runner.run_sync``: detect, parse, save,
index) into a private index prefix. Browser tests need committed rows (the
live server is another thread) and their transactional teardown flushes the
tables, so the rows are snapshotted once and restored when missing; the index
is built once per module and dropped afterwards.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core import serializers

LAYOUTS = ("text", "html", "2013", "pdf")


@dataclass(slots=True)
class Corpus:
    prefix: str
    batch_id: int
    letter_ids: list[int]
    snapshot: str  # serialized Letter and Treatment rows

    def restore(self) -> None:
        """Put the rows back (same primary keys as in the index) when a flush removed them."""
        from ingest.models import Letter

        if Letter.objects.filter(pk__in=self.letter_ids).count() == len(self.letter_ids):
            return
        for obj in serializers.deserialize("json", self.snapshot):
            obj.save()


def build(directory: Path, count: int, seed: int) -> Corpus:
    from ingest.entry import add_paths, create_batch
    from ingest.generator.corpus import write_corpus
    from ingest.models import Letter, Treatment
    from ingest.runner import run_sync
    from search.indexing import ensure_index, refresh

    ensure_index()
    write_corpus(directory, count, seed, LAYOUTS)
    paths = sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix != ".json")
    batch = create_batch("search UI tests")
    add_paths(batch, paths)
    run_sync(batch.pk, out=io.StringIO(), quiet=True)
    refresh()
    letters = Letter.objects.filter(records__batch=batch, indexed_at__isnull=False).distinct()
    ids = sorted(letters.values_list("pk", flat=True))
    assert ids, "the generated corpus was ingested and indexed"
    rows = [*Letter.objects.filter(pk__in=ids), *Treatment.objects.filter(letter_id__in=ids)]
    snapshot = serializers.serialize("json", rows)
    return Corpus(settings.OPENSEARCH_INDEX_PREFIX, batch.pk, ids, snapshot)


def private_prefix() -> str:
    return f"{settings.OPENSEARCH_INDEX_PREFIX}-{uuid.uuid4().hex[:8]}"


def module_corpus(
    django_db_blocker, opensearch_client, tmp_path_factory, *, count: int = 36, seed: int = 11
) -> Iterator[Corpus]:
    """Body of a module-scoped fixture (which must depend on ``django_db_setup``, so that rows go to
    the test database): build, yield, then drop the index and this corpus's rows."""
    old = settings.OPENSEARCH_INDEX_PREFIX
    settings.OPENSEARCH_INDEX_PREFIX = private_prefix()
    corpus = None
    try:
        with django_db_blocker.unblock():
            corpus = build(tmp_path_factory.mktemp("letters"), count, seed)
        yield corpus
    finally:
        if corpus is not None:
            with django_db_blocker.unblock():
                from ingest.models import IngestBatch, Letter

                Letter.objects.filter(pk__in=corpus.letter_ids).delete()
                IngestBatch.objects.filter(pk=corpus.batch_id).delete()
        opensearch_client.indices.delete(index=f"{settings.OPENSEARCH_INDEX_PREFIX}-letters*", ignore=[404])
        settings.OPENSEARCH_INDEX_PREFIX = old
