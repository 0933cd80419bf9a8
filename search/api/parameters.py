"""The query parameters of the API, declared as typed models for the OpenAPI document only.

django-ninja does not parse them: each route hands ``request.GET`` to ``search.forms.validate`` (the
one validation path), where a bad value becomes a message, never an error. Types and enums come from
the registries (facets, sorts, scopes, outcome dimensions and orders)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field, create_model

from search import scopes
from search.facets import FACETS
from search.outcomes import DIMENSIONS, MAX_SEARCHES, MIN_SEARCHES
from search.outcomes import SORTS as OUTCOME_ORDERS
from search.sorts import DEFAULT, SORTS

PHRASES_DEFAULT_LIMIT = 15
PHRASES_MAX_LIMIT = 50

Q = (
    str,
    Field(
        "",
        description='Query: words (all must match), "exact phrases", OR, -exclusions, prefix*, proximity '
        "(`massage w/5 spasm`, `failed /s conservative`), fields treatment:, rationale:, summary:, "
        "guideline:, drug:, case:, or a pasted list of case numbers.",
    ),
)


def _facet(spec: Any) -> tuple[type, Any]:
    help_text = f" {spec.help}" if spec.help else ""
    description = f"Filter by {spec.label} (counts {spec.level.value}).{help_text} Repeat the parameter "
    return (list[str], Field([], description=description + "for several values (OR within the facet)."))


FILTERS: dict[str, Any] = {
    "q": Q,
    **{spec.param: _facet(spec) for spec in FACETS},
    "date_from": (dt.date | None, Field(None, description="Decision date on or after (YYYY-MM-DD).")),
    "date_to": (dt.date | None, Field(None, description="Decision date on or before (YYYY-MM-DD).")),
    "scope": (
        str,
        Field(
            scopes.DEFAULT.value,
            description="What a matching decision is, for the words of q: "
            + " ".join(f"`{s.value}`: {s.help}" for s in scopes.SCOPES),
            json_schema_extra={"enum": [s.value for s in scopes.SCOPES]},
        ),
    ),
}
SearchQuery: type[BaseModel] = create_model(
    "SearchQuery",
    **FILTERS,
    sort=(str, Field(DEFAULT.value, json_schema_extra={"enum": [s.value for s in SORTS]})),
    page=(int, Field(1, ge=1, description="1-based page of 20 letters.")),
)
BREAKDOWN: dict[str, Any] = {
    "by": (
        str | None,
        Field(
            None,
            description="Break the decisions down by one dimension: "
            + "; ".join(f"`{d.param}`: {d.label}" for d in DIMENSIONS)
            + ". Absent: the total only. An unknown value is a 400.",
            json_schema_extra={"enum": [d.param for d in DIMENSIONS]},
        ),
    ),
}
OutcomesQuery: type[BaseModel] = create_model(
    "OutcomesQuery",
    **FILTERS,
    **BREAKDOWN,
    order=(
        str,
        Field(
            OUTCOME_ORDERS[0],
            description="The groups by decisions, most first (`count`), or by overturn rate, highest "
            "first, ties by decisions (`rate`). An unknown value is a 400.",
            json_schema_extra={"enum": list(OUTCOME_ORDERS)},
        ),
    ),
)
PhrasesQuery: type[BaseModel] = create_model(
    "PhrasesQuery",
    **FILTERS,
    limit=(
        int,
        Field(
            PHRASES_DEFAULT_LIMIT,
            ge=1,
            le=PHRASES_MAX_LIMIT,
            description=f"Phrases a side, 1 to {PHRASES_MAX_LIMIT}; otherwise a 400.",
        ),
    ),
)
CompareQuery: type[BaseModel] = create_model(
    "CompareQuery",
    s=(
        list[str],
        Field(
            min_length=MIN_SEARCHES,
            max_length=MAX_SEARCHES,
            description="A search as its query string, e.g. `q=acupuncture&scope=request` (URL-encoded), "
            f"repeated {MIN_SEARCHES} to {MAX_SEARCHES} times; the first is the one the others are "
            "compared with.",
        ),
    ),
    **BREAKDOWN,
)
SavedListQuery: type[BaseModel] = create_model(
    "SavedListQuery",
    counts=(
        str,
        Field(
            "1",
            description="`0`: without each query's counts (no search is run).",
            json_schema_extra={"enum": ["0", "1"]},
        ),
    ),
)
PageQuery: type[BaseModel] = create_model(
    "PageQuery", page=(int, Field(1, ge=1, description="1-based page of 20 letters."))
)


def _plain(schema: dict[str, Any]) -> dict[str, Any]:
    """A property's schema without pydantic's title, ``T | None`` as T (an absent parameter is null)."""
    schema = {k: v for k, v in schema.items() if k not in ("title", "description")}
    options = [s for s in schema.pop("anyOf", []) if s.get("type") != "null"]
    if options:
        schema.update(options[0])
    return schema


def query_parameters(model: type[BaseModel]) -> dict[str, Any]:
    """``openapi_extra`` of a route: the model's fields as OpenAPI query parameters."""
    schema = model.model_json_schema()
    required = set(schema.get("required", []))
    parameters = []
    for name, prop in schema["properties"].items():
        parameter: dict[str, Any] = {"name": name, "in": "query", "required": name in required}
        if "description" in prop:
            parameter["description"] = prop["description"]
        parameter["schema"] = _plain(prop)
        if parameter["schema"].get("type") == "array":
            parameter.update(style="form", explode=True)
        parameters.append(parameter)
    return {"parameters": parameters}


def request_body(model: type[BaseModel], description: str) -> dict[str, Any]:
    """``openapi_extra`` of a write route: its body, as JSON or a form (the route validates it itself)."""
    schema = model.model_json_schema()
    schema["properties"] = {
        k: _plain(v) | ({"description": v["description"]} if "description" in v else {})
        for k, v in schema["properties"].items()
    }
    schema.pop("title", None)
    content = {
        media: {"schema": schema} for media in ("application/json", "application/x-www-form-urlencoded")
    }
    return {"requestBody": {"required": True, "description": description, "content": content}}
