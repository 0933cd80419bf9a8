"""/api/search, /api/letters/<case>, /api/openapi.json: shapes checked against the generated schema."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from django.urls import reverse

from ingest.models import Letter

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("open_search")]

FACETS = (
    "decision", "category", "subcategory", "drug_class", "region", "guideline", "section", "admin_guideline",
    "specialty", "state", "priority",
)  # fmt: skip


def validator(client, schema_name: str) -> jsonschema.Draft202012Validator:
    spec = client.get(reverse("search:api-openapi")).json()
    schema: dict[str, Any] = {"$ref": f"#/components/schemas/{schema_name}", "components": spec["components"]}
    return jsonschema.Draft202012Validator(schema)


def test_openapi_document(client, db):
    response = client.get(reverse("search:api-openapi"))
    spec = response.json()
    assert spec["openapi"].startswith("3.1")
    assert {"/api/search", "/api/letters/{case_number}"} <= set(spec["paths"])
    names = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert {"q", "date_from", "date_to", "sort", "page", *FACETS} <= names
    for schema in spec["components"]["schemas"].values():
        jsonschema.Draft202012Validator.check_schema(schema)
    assert client.get(reverse("search:api-docs")).status_code == 200


def test_search_json_matches_the_schema(client, corpus):
    response = client.get(reverse("search:api-search"), {"q": "request", "decision": "overturned"})
    assert response.status_code == 200
    body = response.json()
    validator(client, "SearchResponse").validate(body)
    assert set(FACETS) <= set(body["facets"])
    assert body["total_letters"] >= len(body["results"])
    for hit in body["results"]:
        assert {t["decision"] for t in hit["treatments"]} == {"overturned"}


def test_facet_parameters_repeat(client, corpus):
    everything = client.get(reverse("search:api-search")).json()
    values = [f["value"] for f in everything["facets"]["category"]][:2]
    assert len(values) == 2
    one = client.get(reverse("search:api-search"), {"category": values[0]}).json()
    both = client.get(reverse("search:api-search") + f"?category={values[0]}&category={values[1]}").json()
    assert both["total_decisions"] > one["total_decisions"]


def test_letter_json(client, corpus):
    letter = Letter.objects.exclude(case_number=None).first()
    response = client.get(reverse("search:api-letter", args=[letter.case_number]))
    assert response.status_code == 200
    body = response.json()
    validator(client, "Letter").validate(body)
    assert body["case_number"] == letter.case_number
    assert len(body["treatments"]) == letter.treatments.count()
    missing = client.get(reverse("search:api-letter", args=["CM00-0000000"]))
    assert missing.status_code == 404
    assert "error" in missing.json()


def test_api_needs_an_account_by_default(client, corpus, settings):
    settings.SEARCH_REQUIRES_LOGIN = True
    response = client.get(reverse("search:api-search"), {"q": "mri"})
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")


def test_the_api_imports_nothing_from_the_views_package():
    """The API and the pages share the engine modules (search.engine, .forms, .results), not each other."""
    imported: set[str] = set()
    for path in (Path(__file__).resolve().parents[2] / "search" / "api").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                imported.add(node.module or "")
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
    assert not {name for name in imported if name.split(".")[:2] == ["search", "views"]}


@pytest.mark.parametrize(
    "path", ["/api/saved/1.7e-96", "/api/saved/abc/results", "/api/nowhere", "/api/search/"]
)
def test_a_path_no_route_takes_is_a_json_404(client, db, path):
    """Found by schemathesis's invalid inputs: a saved query id that is not an integer missed every
    route's converter and got Django's HTML 404, which the document does not describe."""
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"error": "Not found."}
