"""A site's refresh interval and replica count reach an index built before they changed."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from search import indexing

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _live_settings(client) -> dict[str, str]:
    name = indexing.aliased_indices(client)[0]
    stored = client.indices.get_settings(index=name)[name]["settings"]["index"]
    return {key: stored.get(key) for key in ("refresh_interval", "number_of_replicas")}


def test_the_live_index_takes_the_sites_refresh_interval(index_prefix, opensearch_client, settings):
    assert indexing.apply_site_settings() == {}  # no index yet: it is created with them
    settings.OPENSEARCH_REFRESH_INTERVAL = "1s"
    indexing.ensure_index()
    assert _live_settings(opensearch_client)["refresh_interval"] == "1s"

    settings.OPENSEARCH_REFRESH_INTERVAL = "5s"
    out = io.StringIO()
    call_command("reindex", "--if-stale", stdout=out)  # what `make run` runs after an upgrade

    assert _live_settings(opensearch_client) == {"refresh_interval": "5s", "number_of_replicas": "0"}
    assert "refresh_interval 5s" in out.getvalue()
    assert indexing.apply_site_settings() == {}  # nothing left to change
