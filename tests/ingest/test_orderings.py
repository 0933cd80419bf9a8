"""Every ingest model's default ordering reads its own table: none joins another to sort.

Ordering by a foreign key's name (``letter``) sorts by the related model's own ordering, which joins
its table to every query of the model: the index's read-back of treatments joined every letter so.
"""

from __future__ import annotations

import pytest

from ingest.models import IngestBatch, IngestRecord, Letter, LetterVersion, Treatment


@pytest.mark.parametrize("model", [Letter, Treatment, IngestBatch, IngestRecord, LetterVersion])
def test_the_default_ordering_joins_no_other_table(model) -> None:
    sql = str(model.objects.filter(pk__in=[1, 2]).query)
    assert "ORDER BY" in sql
    assert "JOIN" not in sql, sql


def test_a_letters_treatments_come_in_their_order() -> None:
    assert str(Letter(pk=1).treatments.all().query).endswith(
        'ORDER BY "ingest_treatment"."letter_id" ASC, "ingest_treatment"."position" ASC'
    )
