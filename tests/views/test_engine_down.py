"""OpenSearch unreachable: a friendly 503, never a traceback."""

from __future__ import annotations

import pytest
from django.urls import reverse
from opensearchpy.exceptions import ConnectionError as EngineConnectionError

pytestmark = pytest.mark.usefixtures("open_search")


@pytest.fixture
def engine_down(settings):
    """Point the OpenSearch connection at a closed port."""
    from opensearchpy.connection import connections

    connections.create_connection(alias="default", hosts=["http://127.0.0.1:9"], timeout=1, max_retries=0)
    yield
    connections.create_connection(alias="default", **settings.OPENSEARCH_DSL["default"])


def raise_connection_error(*args, **kwargs):
    raise EngineConnectionError("N/A", "connection refused", None)


@pytest.mark.django_db
def test_search_page_is_a_friendly_503(client, engine_down):
    response = client.get(reverse("search:search"), {"q": "mri"})
    assert response.status_code == 503
    assert "temporarily unavailable" in response.content.decode()
    assert response["Retry-After"]


@pytest.mark.django_db
def test_htmx_request_gets_the_message_partial(client, engine_down):
    response = client.get(
        reverse("search:search"), {"q": "mri"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="search-body"
    )
    html = response.content.decode()
    assert response.status_code == 503
    assert html.lstrip().startswith('<div id="search-body"')
    assert "<html" not in html


@pytest.mark.django_db
def test_api_is_a_json_503(client, engine_down):
    response = client.get(reverse("search:api-search"), {"q": "mri"})
    assert response.status_code == 503
    assert "unavailable" in response.json()["error"]


@pytest.mark.django_db
def test_export_is_a_503_before_streaming(client, monkeypatch):
    import search.views.export

    monkeypatch.setattr(search.views.export, "iter_export_rows", raise_connection_error)
    response = client.get(reverse("search:export"))
    assert response.status_code == 503


@pytest.mark.django_db
def test_letter_page_still_shows_the_letter(client, engine_down):
    from ingest.models import Letter, Treatment

    letter = Letter.objects.create(case_number="CM20-0000001", fingerprint="f1", content_sha256="s1")
    Treatment.objects.create(letter=letter, position=1, request="Acupuncture x 6", decision="upheld")
    response = client.get(reverse("search:letter", args=["CM20-0000001"]), {"q": "acupuncture", "i": "2"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Acupuncture x 6" in html
    assert "search engine is unavailable" in html
