"""API test fixtures: clients authenticated the way real callers are, and throttles that start afresh."""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.services.tokens import api_token_create


@pytest.fixture(autouse=True)
def _fresh_throttles():
    # Throttle counters live in the cache; each test starts with a clean budget.
    cache.clear()
    yield
    cache.clear()


def token_client(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def scoped_client(user, *scopes: str) -> APIClient:
    client = APIClient()
    _, key = api_token_create(user=user, name="bot", scopes=scopes)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def client_for() -> Callable[..., APIClient]:
    """client_for(user) authenticates with the user's personal token; client_for(None) is anonymous."""

    def make(user=None) -> APIClient:
        return APIClient() if user is None else token_client(user)

    return make


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    module = sys.modules.get("tests.api.test_schema")
    counts = getattr(module, "FUZZ_COUNTS", None)
    if counts:
        terminalreporter.write_line(
            f"schemathesis: {len(counts)} operations, {sum(counts.values())} requests "
            f"(max_examples={module.MAX_EXAMPLES} per operation and generation phase)"
        )
