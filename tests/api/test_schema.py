"""The OpenAPI schema validates without warnings, the docs need no CDN, and schemathesis fuzzes every operation
(as an editor) without finding a server error or a response that breaks the schema."""

from __future__ import annotations

import io
from collections import Counter

import pytest
import schemathesis
from django.core.management import call_command
from hypothesis import HealthCheck, settings
from rest_framework.test import APIClient
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.api.conftest import token_client
from tests.factories import claim_create, evidence_create, verdict_create

MAX_EXAMPLES = 10


@pytest.mark.django_db
def test_schema_validates_without_warnings():
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", stdout=out)
    assert '"/api/claims/{id}/submit_verdict/"' in out.getvalue()


@pytest.mark.django_db
def test_every_operation_is_documented_with_an_operation_id_and_error_responses():
    schema = APIClient().get("/api/schema/?format=json").json()
    operations = [(path, method, op) for path, item in schema["paths"].items() for method, op in item.items()]
    assert len(operations) >= 25
    for path, method, op in operations:
        assert op.get("operationId"), (path, method)
        if path.startswith("/api/claims/"):
            assert {"401", "403", "429"} <= set(op["responses"]), (path, method)


@pytest.mark.django_db
def test_swagger_ui_is_served_without_a_cdn():
    page = APIClient().get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower() and "//unpkg" not in html


@pytest.fixture
def keep_test_connection():
    """Requests go straight to the WSGI app, whose request signals would close the test's DB connection (and
    with it the test transaction); the Django test client unhooks them the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def desk(db, editor, checker, other_editor):
    """A little of everything, so generated ids sometimes hit real rows in every state."""
    for status in ("new", "accepted", "assigned", "researching", "in_review", "published"):
        claim = claim_create(status=status, assignee=checker if status not in ("new", "accepted") else None)
        evidence_create(claim)
        if status in ("in_review", "published"):
            verdict_create(claim, checker)
    return token_client(editor)


def _load_schema():
    from factcheck.wsgi import application

    # Generating the schema reads no rows, so it can be loaded at collection time.
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


schema = _load_schema()
# Operation label -> examples run; tests/api/conftest.py prints the totals in the terminal summary.
FUZZ_COUNTS: Counter = Counter()


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
@pytest.mark.django_db
def test_fuzzed_requests_never_break_the_api(case, desk, keep_test_connection):
    FUZZ_COUNTS[case.operation.label] += 1
    token = desk._credentials["HTTP_AUTHORIZATION"]
    # Every other built-in check runs. "Positive data acceptance" expects any schema-valid body to succeed, but
    # business rules reject some on purpose (wrong password, a claim in the wrong state, "a url or an excerpt").
    case.call_and_validate(headers={"Authorization": token}, excluded_checks=[positive_data_acceptance])


@schema.include(method="GET").parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@pytest.mark.django_db
def test_every_request_the_schema_allows_on_reads_is_accepted(case, desk, keep_test_connection):
    """Reads have no business rules to refuse a well-formed request: whatever the schema allows (filters, page
    sizes, ids) is answered, or is a 404 for an id that does not exist."""
    token = desk._credentials["HTTP_AUTHORIZATION"]
    case.call_and_validate(headers={"Authorization": token}, checks=[positive_data_acceptance])
