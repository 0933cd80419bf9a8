"""ingest.reclassify and ``manage.py reclassify``: stored treatments classified again from their stored
text; only the rows that changed are written, only their letters reindexed, once per batch."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from ingest import reclassify
from ingest.generator import iter_letters
from ingest.models import Letter, Treatment
from ingest.parsing import parse_bytes
from ingest.pipeline.rows import build_treatments, fill_letter
from search import indexes, indexing

pytestmark = pytest.mark.django_db


def stored_letters(count: int, seed: int = 5) -> list[int]:
    """`count` generated letters parsed and stored as the ingest writer stores them, each with a request
    that names a body region and guidelines with sections among them; made in a savepoint of their own
    (its message is never the one the reclassifier's writes join)."""
    ids = []
    with transaction.atomic():
        for generated in iter_letters(count, seed, ("text",)):
            parsed = parse_bytes(generated.content, generated.filename)
            letter = Letter()
            fill_letter(letter, parsed, content_sha256="0" * 64, source_name=generated.filename)
            letter.save()
            Treatment.objects.bulk_create(build_treatments(letter, parsed.treatments))
            ids.append(letter.pk)
    return ids


def values(row: Treatment) -> dict[str, Any]:
    return {name: getattr(row, name) for name in reclassify.DERIVED}


def snapshot() -> dict[int, dict[str, Any]]:
    return {row.pk: values(row) for row in Treatment.objects.all()}


def pick(rows: list[Treatment], test: Any, taken: set[int]) -> Treatment:
    found = next((row for row in rows if row.letter_id not in taken and test(row)), None)
    assert found is not None, "the generated letters have no treatment of this kind: change the seed"
    taken.add(found.letter_id)
    return found


def spoil(ids: list[int]) -> dict[str, Treatment]:
    """Make four treatments of four letters wrong behind the signals' back (QuerySet.update)."""
    rows = list(Treatment.objects.filter(letter_id__in=ids).order_by("letter_id", "position"))
    taken: set[int] = set()
    spoiled = {
        "unclassified": pick(rows, lambda r: r.category and r.basis, taken),
        "misfiled": pick(rows, lambda r: r.category not in ("", "Surgery"), taken),
        "regions": pick(rows, lambda r: r.body_regions and any(g["sections"] for g in r.guidelines), taken),
        "basis": pick(rows, lambda r: r.basis, taken),
    }
    Treatment.objects.filter(pk=spoiled["unclassified"].pk).update(
        category="", subcategory="", drug_class="", drug_name="", basis=""
    )
    Treatment.objects.filter(pk=spoiled["misfiled"].pk).update(
        category="Surgery", subcategory="Spine", drug_class=""
    )
    row = spoiled["regions"]
    before_sections = [{k: v for k, v in g.items() if k != "sections"} for g in row.guidelines]
    Treatment.objects.filter(pk=row.pk).update(body_regions=[], guidelines=before_sections)
    Treatment.objects.filter(pk=spoiled["basis"].pk).update(basis="")
    return spoiled


def documents(client, ids: list[int]) -> dict[int, dict[str, Any]]:
    """Each letter's index document: its _version and its treatments' classification."""
    client.indices.refresh(index=indexes.alias_name())
    found = {}
    for pk in ids:
        doc = client.get(index=indexes.alias_name(), id=str(pk))
        found[pk] = {
            "version": doc["_version"],
            "treatments": [
                (t["category"], t["subcategory"], t["basis"], t["body_regions"], t["guideline_sections"])
                for t in doc["_source"]["treatments"]
            ],
        }
    return found


def test_a_letter_just_ingested_is_what_reclassify_makes_it() -> None:
    ids = stored_letters(12, seed=6)
    summary = reclassify.reclassify()
    assert summary.read == Treatment.objects.filter(letter_id__in=ids).count() > 0
    assert (summary.changed, summary.moves, summary.columns, summary.failed) == (0, {}, {}, 0)


def test_a_row_is_reclassified_from_its_request_guidelines_and_rationale() -> None:
    row = Treatment(letter_id=1, position=3, request="Norco 10/325mg #60", decision="upheld")
    citation = "MTUS Chronic Pain Medical Treatment Guidelines, Section(s): Opioids"
    row.guidelines = [{"source": "MTUS", "citation": citation, "cited_by": "maximus", "sections": []}]
    new = reclassify.reclassified(row)
    assert (new.category, new.basis) == ("Pharmaceuticals", "request")
    assert new.drug_name
    assert new.guidelines == [
        {
            "source": "MTUS",
            "citation": citation,
            "cited_by": "maximus",
            "pages": None,
            "sections": ["MTUS Chronic Pain: Opioids"],
        }
    ]
    assert reclassify.leaf_label(row) == "Unclassified"
    assert reclassify.leaf_label(new) == f"Pharmaceuticals / {new.drug_class}"


@pytest.mark.integration
def test_spoiled_rows_are_fixed_and_only_their_letters_reindexed(
    clean_index, opensearch_client, announced, django_capture_on_commit_callbacks
) -> None:
    ids = stored_letters(8)
    right = snapshot()
    spoiled = spoil(ids)
    wrong = snapshot()
    indexing.index_letters(ids, refresh=True)  # the index holds the spoiled rows
    before = documents(opensearch_client, ids)
    changed_letters = sorted(row.letter_id for row in spoiled.values())

    with django_capture_on_commit_callbacks(execute=True):
        dry = reclassify.reclassify(dry_run=True, inline=True)
    assert snapshot() == wrong, "a dry run writes nothing"
    assert announced == []
    assert Letter.objects.filter(pk__in=ids, indexed_at__isnull=True).count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        summary = reclassify.reclassify(batch_size=3, inline=True)
    assert snapshot() == right, "every spoiled column is back, nothing else moved"
    labels = {name: reclassify.leaf_label(Treatment(**right[row.pk])) for name, row in spoiled.items()}
    assert summary.moves == {
        ("Unclassified", labels["unclassified"]): 1,
        ("Surgery / Spine", labels["misfiled"]): 1,
    }
    expected_columns: dict[str, int] = {}
    for row in spoiled.values():
        for name in reclassify.DERIVED:
            if wrong[row.pk][name] != right[row.pk][name]:
                expected_columns[name] = expected_columns.get(name, 0) + 1
    assert dict(summary.columns) == expected_columns
    assert (summary.read, summary.changed, summary.reindexed, summary.failed) == (len(right), 4, 4, 0)
    assert (summary.letters, summary.letters_read) == (8, 8)
    # one message per batch of three letters, naming the batch's changed letters only
    pages = [ids[i : i + 3] for i in range(0, len(ids), 3)]
    assert announced == [
        [pk for pk in page if pk in changed_letters] for page in pages if set(page) & set(changed_letters)
    ]
    for field in ("moves", "columns", "changed", "reindexed", "read"):
        assert getattr(dry, field) == getattr(summary, field), field

    after = documents(opensearch_client, ids)
    for pk in ids:
        if pk in changed_letters:
            assert after[pk]["version"] > before[pk]["version"], pk
            assert after[pk]["treatments"] != before[pk]["treatments"]
        else:
            assert after[pk] == before[pk], "a letter that did not change is not reindexed"
    assert indexing.consistency().ok

    with django_capture_on_commit_callbacks(execute=True):
        again = reclassify.reclassify(batch_size=3, inline=True)
    assert (again.changed, again.reindexed, again.moves, again.columns) == (0, 0, {}, {})
    assert len(announced) == 2, "the second run announces nothing"


def test_a_treatment_that_fails_is_reported_and_the_run_goes_on(
    announced, django_capture_on_commit_callbacks
):
    ids = stored_letters(4, seed=8)
    broken, spoiled = Treatment.objects.filter(letter_id__in=ids[:2]).order_by("letter_id")[:2]
    Treatment.objects.filter(pk=broken.pk).update(guidelines=["not an object"])
    Treatment.objects.filter(pk=spoiled.pk).update(category="", subcategory="", drug_class="")
    with django_capture_on_commit_callbacks(execute=True):
        summary = reclassify.reclassify()
    assert summary.failed == 1
    (failure,) = summary.failures
    assert (failure.letter_id, failure.treatment_id) == (broken.letter_id, broken.pk)
    assert "not an object" in failure.error
    assert Treatment.objects.get(pk=spoiled.pk).category == spoiled.category
    assert Treatment.objects.get(pk=broken.pk).guidelines == ["not an object"]
    assert announced == [[spoiled.letter_id]]


def test_a_hand_corrected_letter_keeps_its_treatments_unless_included() -> None:
    ids = stored_letters(3, seed=9)
    Letter.objects.filter(pk=ids[0]).update(correction_reason="category fixed by hand")
    row = Treatment.objects.filter(letter_id=ids[0]).first()
    assert row is not None
    Treatment.objects.filter(pk=row.pk).update(category="Programs", subcategory="Programs", drug_class="")
    summary = reclassify.reclassify()
    assert (summary.letters, summary.corrected, summary.changed) == (2, 1, 0)
    assert Treatment.objects.get(pk=row.pk).category == "Programs"
    summary = reclassify.reclassify(include_corrected=True)
    assert (summary.letters, summary.corrected, summary.changed) == (3, 0, 1)
    assert Treatment.objects.get(pk=row.pk).category == row.category


def test_a_reclassified_letter_is_not_a_new_version(django_capture_on_commit_callbacks) -> None:
    (pk,) = stored_letters(1, seed=10)
    stamped = timezone.now()
    Letter.objects.filter(pk=pk).update(indexed_at=stamped)
    letter = Letter.objects.get(pk=pk)
    Treatment.objects.filter(letter_id=pk).update(basis="")
    reclassify.reclassify()
    after = Letter.objects.get(pk=pk)
    assert (after.version, after.updated_at, after.versions.count()) == (letter.version, letter.updated_at, 0)
    assert after.indexed_at is None, "its index copy is stale until the index writes it"


def test_the_command_prints_what_moved(announced, django_capture_on_commit_callbacks) -> None:
    ids = stored_letters(3, seed=11)
    row = Treatment.objects.filter(letter_id__in=ids, category__gt="").first()
    assert row is not None
    Treatment.objects.filter(pk=row.pk).update(category="", subcategory="", drug_class="", basis="")
    label = reclassify.leaf_label(row)
    out = io.StringIO()
    call_command("reclassify", "--dry-run", stdout=out)
    text = out.getvalue()
    assert f"Unclassified  ->  {label}: 1" in text
    assert "would change: 1; letters to reindex: 1" in text
    assert Treatment.objects.get(pk=row.pk).category == ""
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("reclassify", "--batch-size", "2", stdout=out)
    assert f"Unclassified  ->  {label}: 1" in out.getvalue()
    assert "changed: 1; letters queued for reindexing: 1" in out.getvalue()
    assert "3/3 letters" in out.getvalue(), "the progress line (a plain line: not a terminal)"
    assert announced == [[row.letter_id]]
    assert Treatment.objects.get(pk=row.pk).category == row.category


def test_the_command_exits_1_after_a_failure_with_the_others_done() -> None:
    ids = stored_letters(2, seed=12)
    broken = Treatment.objects.filter(letter_id=ids[0]).first()
    assert broken is not None
    Treatment.objects.filter(pk=broken.pk).update(guidelines=[7])
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 treatments or batches failed"):
        call_command("reclassify", "--quiet", stdout=out)
    assert f"letter {broken.letter_id}, treatment {broken.pk}: ValueError" in out.getvalue()
