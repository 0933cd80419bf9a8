"""CSV export: one row per matching disputed treatment, streamed, capped."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from ingest.models import Treatment

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("open_search")]


def read_csv(response) -> list[dict[str, str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_export_has_one_row_per_matching_treatment(client, corpus):
    response = client.get(reverse("search:export"), {"decision": "upheld"})
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    expected = Treatment.objects.filter(letter_id__in=corpus.letter_ids, decision="upheld").count()
    assert len(rows) == expected
    assert {r["Decision"] for r in rows} == {"upheld"}
    assert {"Case number", "Request", "Category", "Subcategory", "Drug class", "Rationale"} <= set(rows[0])
    assert all(r["Case number"] for r in rows)


def test_export_is_capped(client, corpus, settings):
    settings.EXPORT_MAX_ROWS = 3
    rows = read_csv(client.get(reverse("search:export")))
    assert len(rows) == 3


def test_export_cap_is_stated_on_the_page(client, corpus, settings):
    settings.EXPORT_MAX_ROWS = 10_000
    html = client.get(reverse("search:search")).content.decode()
    assert "10,000 rows" in html
