"""check_index compares content, not only ids: a row changed behind the signals' back is found, repaired."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from ingest.models import Letter, Treatment
from search import indexes, indexing, unclassified
from search.documents import letter_source
from tests.search.factory import build_corpus

pytestmark = [pytest.mark.integration, pytest.mark.django_db, pytest.mark.usefixtures("empty_index")]


@pytest.fixture
def empty_index(index_prefix, opensearch_client) -> None:
    """No index yet (the database rolls back between tests; the module's index would not)."""
    opensearch_client.indices.delete(index=f"{index_prefix}-letters*", ignore=[404])


def check(*args: str) -> tuple[bool, str]:
    out = io.StringIO()
    try:
        call_command("check_index", *args, stdout=out)
    except CommandError:
        return False, out.getvalue()
    return True, out.getvalue()


def case_numbers_found(client, case_number: str) -> list[str]:
    client.indices.refresh(index=indexes.alias_name())
    body = {"query": {"term": {"case_number": case_number}}, "_source": ["case_number_display"]}
    return [
        hit["_source"]["case_number_display"]
        for hit in client.search(index=indexes.alias_name(), body=body)["hits"]["hits"]
    ]


def test_a_row_changed_without_signals_is_found_by_its_content_and_repaired(opensearch_client):
    specs = build_corpus(8, seed=11)
    ids = [s.pk for s in specs]
    indexing.index_letters(ids, refresh=True)
    ok, out = check()
    assert ok, out
    assert "database and index agree" in out

    # QuerySet.update sends no signal: the index keeps the old case number, the ids still agree.
    changed, retreated, untouched = ids[0], ids[1], ids[2]
    old_number = Letter.objects.get(pk=changed).case_number
    Letter.objects.filter(pk=changed).update(case_number="CM99-9999999")
    Treatment.objects.filter(letter_id=retreated, position=1).update(decision="verbatim decision")
    report = indexing.consistency()
    assert (report.missing_ids, report.extra_ids) == ([], [])
    assert report.differing_ids == [changed, retreated]
    ok, out = check()
    assert not ok
    assert f"indexed from other content than the database holds: 2 ([{changed}, {retreated}])" in out
    assert case_numbers_found(opensearch_client, "CM99-9999999") == []

    ok, out = check("--fix")
    assert ok, out
    assert case_numbers_found(opensearch_client, "CM99-9999999") == ["CM99-9999999"]
    assert case_numbers_found(opensearch_client, old_number) == []
    assert indexing.consistency().differing_ids == []
    assert untouched not in report.differing_ids


def test_missing_extra_and_pre_digest_documents_are_repaired(opensearch_client):
    specs = build_corpus(5, seed=12)
    ids = [s.pk for s in specs]
    indexing.index_letters(ids, refresh=True)
    old = Letter.objects.prefetch_related("treatments").get(pk=ids[0])
    document = letter_source(old, old.treatments.all())
    del document["digest"]  # indexed before digests
    opensearch_client.index(index=indexes.alias_name(), id=str(old.pk), body=document, refresh=True)
    indexing.delete_letters([ids[1]], refresh=True)
    Letter.objects.filter(pk=ids[2]).delete()  # the signal's announcement never runs: no commit here
    report = indexing.consistency()
    assert (report.missing_ids, report.extra_ids, report.differing_ids) == ([ids[1]], [ids[2]], [ids[0]])
    ok, out = check("--fix")
    assert ok, out
    assert "after the repair:" in out
    assert indexing.consistency().ok


def test_the_digest_of_a_letter_is_the_same_from_its_row_values_and_from_the_model():
    specs = build_corpus(6, seed=13)
    from_rows = dict(indexing.database_digests(size=4))  # two chunks
    letters = Letter.objects.prefetch_related("treatments").filter(pk__in=[s.pk for s in specs])
    assert from_rows == {
        letter.pk: letter_source(letter, letter.treatments.all())["digest"] for letter in letters
    }
    assert len(set(from_rows.values())) == 6


def test_the_unclassified_decisions_and_their_most_frequent_requests_are_reported():
    specs = build_corpus(8, seed=14)
    indexing.index_letters([s.pk for s in specs], refresh=True)
    rows = list(Treatment.objects.order_by("letter_id", "position"))
    assert len(rows) >= 7
    requests = [
        "Knee  brace",
        "knee brace",
        " KNEE BRACE\n",
        "Hearing aids",
        "hearing aids",
        "Grip strength test",
    ]
    for row, request in zip(rows, requests, strict=False):
        Treatment.objects.filter(pk=row.pk).update(category="", request=request)
    letters = len({row.letter_id for row in rows[: len(requests)]})
    indexing.index_letters([s.pk for s in specs], refresh=True)  # database and index agree again

    found = unclassified.unclassified()
    assert (found.decisions, found.total, found.letters) == (6, len(rows), letters)
    assert found.requests == [("knee brace", 3), ("hearing aids", 2), ("grip strength test", 1)]
    assert unclassified.unclassified(top=1).requests == [("knee brace", 3)]

    ok, out = check()
    assert ok, out
    share = f"{6 / len(rows):.1%}"
    assert f"unclassified decisions (no category): 6 of {len(rows)} ({share}), in {letters} letters" in out
    assert (
        "their 3 most frequent requests (lower case, spaces collapsed):\n  3  knee brace\n  2  hearing aids\n"
        in out
    )
    ok, out = check("--top", "0")
    assert ok, out
    assert "unclassified decisions (no category): 6" in out
    assert "most frequent" not in out


def test_the_unclassified_report_does_not_change_the_exit_status(opensearch_client):
    specs = build_corpus(3, seed=15)
    indexing.index_letters([s.pk for s in specs], refresh=True)
    Treatment.objects.filter(letter_id=specs[0].pk).update(category="")  # differs from the index too
    ok, out = check()
    assert not ok
    assert "unclassified decisions (no category): " in out
    assert "indexed from other content than the database holds: 1" in out
