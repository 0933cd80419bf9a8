"""schemathesis against the generated OpenAPI document, on the running portal (pytest-django's live
server) with the generated corpus: every operation with generated inputs, as a member with a write
token. No 500, every answer valid against the schema, every status code documented.

Each operation is its own Hypothesis test, built here from the loaded schema (schemathesis's lazy
pytest fixture loader does not run under this pytest)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from accounts.models import TokenScope
from accounts.services import create_account
from accounts.tokens import issue_token

pytestmark = [pytest.mark.integration, pytest.mark.slow]

EXAMPLES = 15  # per operation: 13 operations in well under two minutes on two cores
OPERATIONS = 13


@pytest.fixture
def api_schema(live_server, corpus_module, transactional_db):
    """The document as the portal serves it; positive inputs only (the routes turn bad search values
    into messages by design, so a schema-invalid value is not a request to reject)."""
    corpus_module.restore()
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/openapi.json")
    schema.config.generation.update(
        modes=[GenerationMode.POSITIVE], max_examples=EXAMPLES, deterministic=True
    )
    return schema


@pytest.fixture
def bearer(transactional_db) -> dict[str, str]:
    member = create_account("schemathesis", "schemathesis@example.com", "schemathesis long passphrase")
    return {"Authorization": f"Bearer {issue_token(member, 'fuzz', scope=TokenScope.WRITE).plaintext}"}


def test_every_operation_conforms(api_schema, bearer):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == OPERATIONS, "every route is in the document"
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        )
        def conforms(case) -> None:
            case.call_and_validate(headers=bearer)

        conforms()
