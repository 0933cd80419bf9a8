"""The OpenAPI 3.1 description of the JSON API, built as a plain dict."""

from __future__ import annotations

from typing import Any

from ingest.parsing.guidelines import CLAIMS_ADMINISTRATOR, MAXIMUS
from ingest.taxonomy import Basis
from search import scopes
from search.api.compare import compare_path, compare_schemas
from search.facets import FACETS, LETTER_FACETS, TREATMENT_FACETS, UNCLASSIFIED, YEAR
from search.outcomes import DIMENSIONS, OUTCOME_MAX_WIDTH
from search.outcomes import SORTS as OUTCOME_ORDERS
from search.sorts import DEFAULT, SORTS

VERSION = "1.1.0"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

STRING_LIST = {"type": "array", "items": {"type": "string"}}
BASES = [b.value for b in Basis]
NULLABLE_STRING = {"type": ["string", "null"]}
NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}
API_DESCRIPTION = (
    "Full-text and faceted search over California workers' compensation Independent Medical Review final "
    "determination letters. Authentication: the portal's session (sign in first) when the portal requires "
    "an account."
)
FACETS_DESCRIPTION = (
    f"Counts per value. Treatment-level facets ({', '.join(f.param for f in TREATMENT_FACETS)}) count "
    f"disputed treatments; letter-level ones ({', '.join([*(f.param for f in LETTER_FACETS), YEAR])}) count "
    "letters. Each facet's counts ignore its own selection and respect all other filters. `guideline` and "
    "`section` count the guidelines the IMR reviewer relied on, `admin_guideline` those the claims "
    f"administrator cited; `category` lists decisions without a category as `{UNCLASSIFIED}`."
)
# The keys of a disputed treatment in search results and in a letter alike (serializers._treatment_head).
TREATMENT_HEAD: dict[str, Any] = {
    "position": {"type": ["integer", "null"], "description": "1-based order in the letter."},
    "request": {"type": "string"},
    "decision": {"type": "string", "description": "upheld or overturned"},
    "category": {
        "type": "string",
        "description": f"`{UNCLASSIFIED}` when nothing in the decision names a category (as the "
        "category facet lists it).",
    },
    "subcategory": NULLABLE_STRING,
    "drug_class": NULLABLE_STRING,
    "basis": {
        "type": ["string", "null"],
        "enum": [*BASES, None],
        "description": "What named the category: the request, the guideline citations or the rationale; "
        "null when nothing did.",
    },
    "body_regions": {**STRING_LIST, "description": "The body regions the request names (the region facet)."},
}


def _facet_param(name: str, description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "description": description + " Repeat the parameter for several values (OR within the facet).",
        "schema": STRING_LIST,
        "style": "form",
        "explode": True,
    }


def parameters() -> list[dict[str, Any]]:
    params: list[dict[str, Any]] = [
        {
            "name": "q",
            "in": "query",
            "description": (
                'Query: words (all must match), "exact phrases", OR, -exclusions, prefix*, '
                "proximity (`massage w/5 spasm`, `failed /s conservative`), fields treatment:, rationale:, "
                "summary:, guideline:, drug:, case:, or a pasted list of case numbers."
            ),
            "schema": {"type": "string"},
        }
    ]
    for spec in FACETS:
        help_text = f" {spec.help}" if spec.help else ""
        params.append(
            _facet_param(spec.param, f"Filter by {spec.label} (counts {spec.level.value}).{help_text}")
        )
    params += [
        {
            "name": "date_from",
            "in": "query",
            "description": "Decision date on or after (YYYY-MM-DD).",
            "schema": {"type": "string", "format": "date"},
        },
        {
            "name": "date_to",
            "in": "query",
            "description": "Decision date on or before (YYYY-MM-DD).",
            "schema": {"type": "string", "format": "date"},
        },
        {
            "name": "sort",
            "in": "query",
            "schema": {"type": "string", "enum": [s.value for s in SORTS], "default": DEFAULT.value},
        },
        {
            "name": "scope",
            "in": "query",
            "description": "What a matching decision is, for the words of q: "
            + " ".join(f"`{s.value}`: {s.help}" for s in scopes.SCOPES),
            "schema": {
                "type": "string",
                "enum": [s.value for s in scopes.SCOPES],
                "default": scopes.DEFAULT.value,
            },
        },
        {
            "name": "page",
            "in": "query",
            "description": "1-based page of 20 letters.",
            "schema": {"type": "integer", "minimum": 1, "default": 1},
        },
    ]
    return params


OUTCOMES_DESCRIPTION = (
    "The outcome of the search's matching decisions (the decisions about the search, as `total_decisions` "
    "of /api/search counts them), those decided: upheld or overturned (a decision whose outcome was kept "
    "verbatim is in neither, nor in `decisions`). Rates are fractions between 0 and 1, with a 95% Wilson "
    "interval. With `by`, the same per value of one dimension: treatment-level dimensions group the "
    "decisions by their own values (a decision with two guideline sources is in both groups, one without "
    "a drug class in none), letter-level ones (specialty, state, priority, decision_year, decision_quarter) "
    "by their letter's. `citation` is the IMR reviewer's guideline citation as its normalized section "
    "(the section facet), its 50 most frequent values. Groups are never hidden: `too_small` marks those "
    f"whose interval is wider than {OUTCOME_MAX_WIDTH}."
)


def outcome_parameters() -> list[dict[str, Any]]:
    """The search's parameters (no page, no sort of letters), then the breakdown and its order."""
    return [p for p in parameters() if p["name"] not in ("page", "sort")] + [
        {
            "name": "by",
            "in": "query",
            "description": "Break the decisions down by one dimension: "
            + "; ".join(f"`{d.param}`: {d.label}" for d in DIMENSIONS)
            + ". Absent: the total only. An unknown value is a 400.",
            "schema": {"type": "string", "enum": [d.param for d in DIMENSIONS]},
        },
        {
            "name": "order",
            "in": "query",
            "description": "The groups by decisions, most first (`count`), or by overturn rate, highest "
            "first, ties by decisions (`rate`). An unknown value is a 400.",
            "schema": {"type": "string", "enum": list(OUTCOME_ORDERS), "default": OUTCOME_ORDERS[0]},
        },
    ]


def _outcome_schema() -> dict[str, Any]:
    rate = {"type": ["number", "null"], "minimum": 0, "maximum": 1}
    return {
        "type": "object",
        "required": ["decisions", "upheld", "overturned", "overturn_rate", "ci_low", "ci_high", "too_small"],
        "properties": {
            "decisions": {"type": "integer", "minimum": 0, "description": "Decided matching decisions."},
            "upheld": {"type": "integer", "minimum": 0},
            "overturned": {"type": "integer", "minimum": 0},
            "overturn_rate": {**rate, "description": "overturned / decisions; null without decisions."},
            "ci_low": {**rate, "description": "The 95% Wilson interval's low end."},
            "ci_high": {**rate, "description": "The 95% Wilson interval's high end."},
            "too_small": {
                "type": "boolean",
                "description": f"The interval is wider than {OUTCOME_MAX_WIDTH} (or there are no decisions).",
            },
        },
    }


def schemas() -> dict[str, Any]:
    outcome = "decided matching decisions: a treatment-level value's own, a letter-level value's or a year's"
    outcome += " those of its letters; null for the decision facet's values (the outcome itself)"
    facet_value = {
        "type": "object",
        "required": ["value", "count", "upheld", "overturned", "overturn_rate"],
        "properties": {
            "value": {"type": "string"},
            "count": {"type": "integer", "minimum": 0},
            "upheld": {
                "type": ["integer", "null"],
                "minimum": 0,
                "description": f"Upheld among the {outcome}.",
            },
            "overturned": {
                "type": ["integer", "null"],
                "minimum": 0,
                "description": f"Overturned among the {outcome}.",
            },
            "overturn_rate": {
                "type": ["number", "null"],
                "minimum": 0,
                "maximum": 1,
                "description": "overturned / (upheld + overturned), a fraction; null without decided ones.",
            },
        },
    }
    facet_names = [spec.param for spec in FACETS] + [YEAR]
    return {
        "FacetValue": facet_value,
        "Facets": {
            "type": "object",
            "description": FACETS_DESCRIPTION,
            "required": facet_names,
            "properties": {
                n: {"type": "array", "items": {"$ref": "#/components/schemas/FacetValue"}}
                for n in facet_names
            },
        },
        "TreatmentHit": {
            "type": "object",
            "required": ["request", "decision", "category", "subcategory", "highlights"],
            "properties": {
                **TREATMENT_HEAD,
                "guideline_sources": {
                    **STRING_LIST,
                    "description": "The guideline sources the IMR reviewer relied on (the guideline facet).",
                },
                "administrator_guideline_sources": {
                    **STRING_LIST,
                    "description": "The guideline sources the claims administrator cited, apart from the "
                    "reviewer's (the admin_guideline facet).",
                },
                "guideline_sections": {
                    **STRING_LIST,
                    "description": "The sections of the guidelines the IMR reviewer relied on "
                    "(the section facet).",
                },
                "highlights": {
                    "type": "array",
                    "items": {"type": "string"},
                    "description": "Best rationale passages: escaped text, <mark> around matched terms.",
                },
            },
        },
        "LetterHit": {
            "type": "object",
            "required": ["case_number", "decision_date", "treatments"],
            "properties": {
                "rank": {"type": "integer"},
                "case_number": {"type": "string"},
                "treatment_count": {"type": "integer", "minimum": 0, "description": "Disputed treatments."},
                "matching_treatments": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "Its decisions about the search (`treatments` lists the first of them).",
                },
                "mentioned_only": {
                    "type": "boolean",
                    "description": "Found because the words are elsewhere in the letter (its case summary): "
                    "none of its decisions is about the search or counted.",
                },
                "decision_date": NULLABLE_DATE,
                "reviewer_specialties": STRING_LIST,
                "reviewer_license_states": STRING_LIST,
                "priority": NULLABLE_STRING,
                "url": NULLABLE_STRING,
                "api_url": NULLABLE_STRING,
                "treatments": {"type": "array", "items": {"$ref": "#/components/schemas/TreatmentHit"}},
            },
        },
        "SearchResponse": {
            "type": "object",
            "required": ["total_letters", "total_decisions", "results", "facets"],
            "properties": {
                "total_letters": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "Letters found: those about the search, then those mentioning its words.",
                },
                "letters_about": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "Letters with a decision about the search.",
                },
                "total_decisions": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "Decisions about the search (in its scope), as the outcome split counts.",
                },
                "upheld": {"type": "integer", "minimum": 0},
                "overturned": {"type": "integer", "minimum": 0},
                "page": {"type": "integer", "minimum": 1},
                "pages": {"type": "integer", "minimum": 1},
                "per_page": {"type": "integer"},
                "sort": {"type": "string"},
                "scope": {"type": "string", "enum": [s.value for s in scopes.SCOPES]},
                "messages": {
                    **STRING_LIST,
                    "description": "Friendly notes about the query (e.g. a fixed quote).",
                },
                "took_ms": {"type": ["number", "null"]},
                "results": {"type": "array", "items": {"$ref": "#/components/schemas/LetterHit"}},
                "facets": {"$ref": "#/components/schemas/Facets"},
            },
        },
        "Guideline": {
            "type": "object",
            "properties": {
                "source": NULLABLE_STRING,
                "citation": NULLABLE_STRING,
                "cited_by": {
                    "type": ["string", "null"],
                    "description": f"`{MAXIMUS}`: the IMR reviewer; `{CLAIMS_ADMINISTRATOR}`: the claims "
                    "administrator.",
                },
                "pages": NULLABLE_STRING,
                "sections": {**STRING_LIST, "description": "The cited chapters or sections, normalized."},
            },
        },
        "Letter": {
            "type": "object",
            "required": ["case_number", "decision_date", "treatments"],
            "properties": {
                "case_number": NULLABLE_STRING,
                "public_id": {"type": "string"},
                "version": {"type": "integer"},
                "decision_date": NULLABLE_DATE,
                "date_assigned": NULLABLE_DATE,
                "date_of_injury": NULLABLE_DATE,
                "ur_denial_date": NULLABLE_DATE,
                "application_received": NULLABLE_DATE,
                "priority": NULLABLE_STRING,
                "reviewer_specialties": STRING_LIST,
                "reviewer_license_states": STRING_LIST,
                "patient_age": {"type": ["integer", "null"]},
                "patient_sex": NULLABLE_STRING,
                "case_summary": {"type": "string"},
                "mechanism_of_injury": {"type": "string"},
                "diagnoses": STRING_LIST,
                "url": {"type": "string"},
                "original_file_url": NULLABLE_STRING,
                "treatments": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["position", "request", "decision"],
                        "properties": {
                            **TREATMENT_HEAD,
                            "position": {"type": "integer"},
                            "drug_name": NULLABLE_STRING,
                            "guidelines": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/Guideline"},
                            },
                            "rationale": {"type": "string"},
                        },
                    },
                },
            },
        },
        "Outcome": _outcome_schema(),
        "OutcomeGroup": {
            "allOf": [{"$ref": "#/components/schemas/Outcome"}],
            "type": "object",
            "required": ["value"],
            "properties": {
                "value": {
                    "type": ["string", "integer"],
                    "description": "The facet value; the year as a number; the quarter as `2017-Q1`.",
                }
            },
        },
        "OutcomesResponse": {
            "type": "object",
            "description": OUTCOMES_DESCRIPTION,
            "required": ["total", "by", "groups"],
            "properties": {
                "total": {"$ref": "#/components/schemas/Outcome"},
                "by": {"type": ["string", "null"], "enum": [*(d.param for d in DIMENSIONS), None]},
                "groups": {"type": "array", "items": {"$ref": "#/components/schemas/OutcomeGroup"}},
                "messages": {**STRING_LIST, "description": "Friendly notes about the search parameters."},
            },
        },
        **compare_schemas(),
        "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
    }


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def openapi_document(server_url: str = "/") -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "IMR Decision Portal API",
            "version": VERSION,
            "description": API_DESCRIPTION,
        },
        "servers": [{"url": server_url.rstrip("/") or "/"}],
        "paths": {
            "/api/search": {
                "get": {
                    "operationId": "searchLetters",
                    "summary": "Search letters",
                    "description": "The same search as the portal's search page; invalid values never "
                    "fail the request: they are dropped and explained in `messages`.",
                    "parameters": parameters(),
                    "responses": {
                        "200": {
                            "description": "One page of matching letters, totals and facet counts.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/SearchResponse"}
                                }
                            },
                        },
                        "401": _error("Sign in required."),
                        "503": _error("The search engine is unavailable; retry later (see Retry-After)."),
                    },
                }
            },
            "/api/letters/{case_number}": {
                "get": {
                    "operationId": "getLetter",
                    "summary": "One letter in full",
                    "parameters": [
                        {
                            "name": "case_number",
                            "in": "path",
                            "required": True,
                            "description": "Case number, e.g. CM13-0012345 (or id-<n> for a letter "
                            "without one).",
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "The letter.",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/Letter"}}
                            },
                        },
                        "401": _error("Sign in required."),
                        "404": _error("No such letter."),
                    },
                }
            },
            "/api/outcomes": {
                "get": {
                    "operationId": "searchOutcomes",
                    "summary": "Outcomes of a search",
                    "description": OUTCOMES_DESCRIPTION,
                    "parameters": outcome_parameters(),
                    "responses": {
                        "200": {
                            "description": "The outcome in all and, with `by`, per group.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/OutcomesResponse"}
                                }
                            },
                        },
                        "400": _error("An unknown `by` or `order`, or a search the engine cannot run."),
                        "401": _error("Sign in required."),
                        "503": _error("The search engine is unavailable; retry later (see Retry-After)."),
                    },
                }
            },
            "/api/outcomes/phrases": {
                "get": {
                    "operationId": "outcomePhrases",
                    "summary": "What the rationales say",
                    "description": "The words and phrases that most distinguish the overturned from the "
                    "upheld rationales among the search's decided matching decisions, each side ranked by "
                    "the log-likelihood ratio G² (kept at p < 0.001, in 3 decisions or more of its side). "
                    "`foreground`: the decisions of its side whose rationale has it; `background`: the "
                    "decided matching decisions whose rationale has it. `querystring` is the search with "
                    '`rationale:"<phrase>"` added and its side as the decision (the search page marks it).',
                    "parameters": [p for p in parameters() if p["name"] not in ("page", "sort")]
                    + [
                        {
                            "name": "limit",
                            "in": "query",
                            "description": "Phrases a side, 1 to 50; otherwise a 400.",
                            "schema": {"type": "integer", "minimum": 1, "maximum": 50, "default": 15},
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "The phrases of each side, most distinguishing first.",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "decisions": {"type": "integer", "minimum": 0},
                                            "overturned_decisions": {"type": "integer", "minimum": 0},
                                            "upheld_decisions": {"type": "integer", "minimum": 0},
                                            **{
                                                side: {
                                                    "type": "array",
                                                    "items": {
                                                        "type": "object",
                                                        "properties": {
                                                            "text": {"type": "string"},
                                                            "foreground": {"type": "integer"},
                                                            "background": {"type": "integer"},
                                                            "score": {"type": "number"},
                                                            "querystring": {"type": "string"},
                                                            "url": {"type": ["string", "null"]},
                                                        },
                                                    },
                                                }
                                                for side in ("overturned", "upheld")
                                            },
                                            "messages": STRING_LIST,
                                        },
                                    }
                                }
                            },
                        },
                        "400": _error("A bad `limit`, or a search the engine cannot run."),
                        "401": _error("Sign in required."),
                        "503": _error("The search engine is unavailable; retry later (see Retry-After)."),
                    },
                }
            },
            "/api/outcomes/compare": compare_path(_error),
            **{
                f"/outcomes/export.{ext}": {
                    "get": {
                        "operationId": f"exportOutcomes{ext.capitalize()}",
                        "summary": f"An outcome table as {ext.upper()}",
                        "description": "The table of /api/outcomes (same parameters): a row for all "
                        "matching decisions, then one per group; rates as fractions.",
                        "parameters": outcome_parameters(),
                        "responses": {
                            "200": {"description": f"{ext.upper()} file.", "content": {media: {}}},
                            "400": _error("An unknown `by` or `order`."),
                            "401": _error("Sign in required."),
                        },
                    }
                }
                for ext, media in (("csv", "text/csv"), ("xlsx", XLSX))
            },
            "/export.csv": {
                "get": {
                    "operationId": "exportCsv",
                    "summary": "CSV export of a search",
                    "description": "Same parameters as /api/search (page ignored); one row per matching "
                    "disputed treatment, capped at the portal's EXPORT_MAX_ROWS (10,000 by default).",
                    "parameters": [p for p in parameters() if p["name"] != "page"],
                    "responses": {
                        "200": {"description": "CSV file.", "content": {"text/csv": {}}},
                        "401": _error("Sign in required."),
                        "403": _error("No export permission."),
                    },
                }
            },
        },
        "components": {"schemas": schemas()},
    }
