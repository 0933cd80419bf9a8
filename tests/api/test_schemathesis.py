"""schemathesis against the generated OpenAPI document, on the running portal (pytest-django's live
server) with the generated corpus: every operation with generated inputs, as a member with a write
token, first valid ones (positive), then invalid ones (negative: every parameter of every route out of
its type, enum, range or pattern, or missing when required). No 500, every answer valid against the
schema, every status code documented.

Each operation is its own Hypothesis test, built here from the loaded schema (schemathesis's lazy
pytest fixture loader does not run under this pytest)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import negative_data_rejection

from accounts.models import TokenScope
from accounts.services import create_account
from accounts.tokens import issue_token

pytestmark = [pytest.mark.integration, pytest.mark.slow]

EXAMPLES = 15  # per operation: 13 operations in well under two minutes on two cores
NEGATIVE_EXAMPLES = 10
OPERATIONS = 13


@pytest.fixture
def api_schema(live_server, corpus_module, transactional_db):
    """The document as the portal serves it; each test asks for its generation mode."""
    corpus_module.restore()
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/openapi.json")
    schema.config.generation.update(
        modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=EXAMPLES, deterministic=True
    )
    return schema


@pytest.fixture
def bearer(transactional_db) -> dict[str, str]:
    member = create_account("schemathesis", "schemathesis@example.com", "schemathesis long passphrase")
    return {"Authorization": f"Bearer {issue_token(member, 'fuzz', scope=TokenScope.WRITE).plaintext}"}


def test_every_operation_conforms(api_schema, bearer):
    run_every_operation(api_schema, bearer, GenerationMode.POSITIVE, EXAMPLES)


def test_every_operation_answers_invalid_inputs(api_schema, bearer):
    """Invalid values of every parameter: no 500, and an answer the document describes. They need not
    be refused (schemathesis's ``negative_data_rejection``): the search routes turn a bad search value
    into a message on a 200 by design (an unknown sort, a date that is not one, page 0)."""
    run_every_operation(
        api_schema, bearer, GenerationMode.NEGATIVE, NEGATIVE_EXAMPLES, excluded=[negative_data_rejection]
    )


def run_every_operation(
    api_schema, bearer, mode: GenerationMode, examples: int, excluded: list | None = None
) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == OPERATIONS, "every route is in the document"
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=examples,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        )
        def conforms(case) -> None:
            case.call_and_validate(headers=bearer, excluded_checks=excluded)

        conforms()
