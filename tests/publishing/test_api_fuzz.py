"""schemathesis on the publishing endpoints as an administrator (the desk-wide run acts as an editor, whom the
webhook endpoints refuse): no server error, no response outside the schema."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import positive_data_acceptance

from claims.services.publishing import factcheck_publish
from claims.services.webhooks import webhook_create, webhook_deliveries_queue
from tests.factories import published_verdict_create, report_claim_create

MAX_EXAMPLES = 10


def _load_schema(**only):
    from factcheck.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", application).include(
        path_regex=r"^/api/(fact-checks|webhooks)/", **only
    )


schema = _load_schema()
# One include() with both conditions: a second include() on `schema` would add to its operations, not narrow them.
reads = _load_schema(method="GET")


@pytest.fixture
def admin_token(db, admin_user, editor, checker) -> str:
    claim = report_claim_create()
    factcheck_publish(verdict_id=published_verdict_create(claim, author=checker, publisher=editor).pk)
    webhook_create(name="partner", url="https://hooks.example.org/in")
    webhook_deliveries_queue(event="factcheck.published", dedupe_key="k", payload={"a": 1})
    token, _ = Token.objects.get_or_create(user=admin_user)
    return f"Token {token.key}"


@pytest.fixture
def keep_test_connection():
    # The WSGI app's request signals would close the test's connection (and its transaction) otherwise.
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@pytest.mark.django_db
def test_publishing_endpoints_hold_their_schema_for_administrators(case, admin_token, keep_test_connection):
    # Schema-valid bodies may still be refused on purpose (a non-http URL scheme), so acceptance is not checked.
    case.call_and_validate(headers={"Authorization": admin_token}, excluded_checks=[positive_data_acceptance])


@reads.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@pytest.mark.django_db
def test_every_read_the_schema_allows_is_accepted_for_administrators(case, admin_token, keep_test_connection):
    case.call_and_validate(headers={"Authorization": admin_token}, checks=[positive_data_acceptance])
