"""GET /api/outcomes: the shape its OpenAPI schema describes, the same numbers as run_outcomes, a 400
for an unknown breakdown or order, the same access as /api/search."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from django.urls import reverse

from search.forms import SearchForm
from search.outcomes import DIMENSIONS, run_outcomes
from tests.search import outcome_corpus

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


corpus = outcome_corpus.module_corpus(80, seed=1515, unclassified=True)


def validator(client, name: str) -> jsonschema.Draft202012Validator:
    spec = client.get(reverse("search:api-openapi")).json()
    return jsonschema.Draft202012Validator({"$ref": f"#/components/schemas/{name}", **spec})


def row(outcome) -> dict[str, Any]:
    keys = ("decisions", "upheld", "overturned", "overturn_rate", "ci_low", "ci_high", "too_small")
    return {k: getattr(outcome, k) for k in keys}


def test_the_openapi_document_describes_the_outcomes(client, open_search):
    spec = client.get(reverse("search:api-openapi")).json()
    get = spec["paths"]["/api/outcomes"]["get"]
    params = {p["name"]: p for p in get["parameters"]}
    assert params["by"]["schema"]["enum"] == [d.param for d in DIMENSIONS]
    assert params["order"]["schema"]["enum"] == ["count", "rate"]
    assert {"q", "category", "specialty", "date_from", "scope"} <= set(params)
    assert "page" not in params
    for schema in spec["components"]["schemas"].values():
        jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("by", [None, *(d.param for d in DIMENSIONS)])
def test_every_breakdown_has_the_schema_shape_and_the_engine_numbers(client, open_search, corpus, by):
    data = {"category": "Physical Medicine", **({"by": by} if by else {})}
    response = client.get(reverse("search:api-outcomes"), data)
    assert response.status_code == 200
    body = response.json()
    validator(client, "OutcomesResponse").validate(body)
    outcomes = run_outcomes(SearchForm({"category": ["Physical Medicine"]}).params(), by)
    assert body["by"] == by
    assert body["total"] == row(outcomes.total)
    assert body["total"]["decisions"] > 0
    assert body["groups"] == [{"value": g.value, **row(g)} for g in outcomes.groups]
    if by is None:
        assert body["groups"] == []
    for group in body["groups"]:
        assert 0 <= group["ci_low"] <= group["overturn_rate"] <= group["ci_high"] <= 1
    if by == "decision_year":
        assert all(isinstance(g["value"], int) for g in body["groups"])
    if by == "decision_quarter":
        assert all(g["value"][:4].isdigit() and g["value"][4:6] == "-Q" for g in body["groups"])


def test_the_groups_by_rate(client, open_search, corpus):
    body = client.get(reverse("search:api-outcomes"), {"by": "subcategory", "order": "rate"}).json()
    keys = [(g["overturn_rate"], g["decisions"]) for g in body["groups"]]
    assert keys == sorted(keys, reverse=True)


@pytest.mark.parametrize(("data", "word"), [({"by": "colour"}, "decision_year"), ({"order": "best"}, "rate")])
def test_an_unknown_breakdown_or_order_is_a_400_saying_what_there_is(client, open_search, corpus, data, word):
    response = client.get(reverse("search:api-outcomes"), data)
    assert response.status_code == 400
    assert word in response.json()["error"]


def test_the_search_parameters_go_through_the_search_form(client, open_search, corpus):
    body = client.get(reverse("search:api-outcomes"), {"date_from": "not a date"}).json()
    assert any("not a date" in m for m in body["messages"])
    assert body["total"] == client.get(reverse("search:api-outcomes")).json()["total"]


def test_the_outcomes_need_an_account_when_search_does(client, corpus, settings):
    settings.SEARCH_REQUIRES_LOGIN = True
    response = client.get(reverse("search:api-outcomes"), {"by": "category"})
    assert response.status_code == 401
