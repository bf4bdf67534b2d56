"""API test fixtures: claims built directly, and clients authenticated the way real callers are."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.models import Article, Claim, Evidence, Verdict
from claims.services.tokens import api_token_create

_counter = itertools.count(1)


def article_create(**extra) -> Article:
    n = next(_counter)
    defaults = {
        "url": f"https://news.example/{n}",
        "content_hash": f"{n:064d}",
        "title": f"Article {n}",
        "text": "Unemployment fell to 3 percent last year.",
    }
    return Article.objects.create(**{**defaults, **extra})


def claim_create(
    *,
    status: str = "new",
    assignee=None,
    text: str = "Unemployment fell to 3 percent last year.",
    article: Article | None = None,
    **extra,
) -> Claim:
    article = article or article_create(text=text)
    start = next(_counter)
    return Claim.objects.create(
        article=article,
        text=text,
        quote=text,
        start=start,
        end=start + len(text),
        status=status,
        assignee=assignee,
        **extra,
    )


def evidence_create(claim: Claim, **extra) -> Evidence:
    n = next(_counter)
    defaults = {"url": f"https://stats.example/{n}", "title": "Statistics", "fingerprint": f"fp-{n}"}
    return Evidence.objects.create(claim=claim, **{**defaults, **extra})


def verdict_create(claim: Claim, author, **extra) -> Verdict:
    defaults = {"version": 1, "rating": "false", "summary": "No.", "explanation": "Because."}
    return Verdict.objects.create(claim=claim, author=author, **{**defaults, **extra})


@pytest.fixture(autouse=True)
def _fresh_throttles():
    # Throttle counters live in the cache; each test starts with a clean budget.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_claim(db) -> Callable[..., Claim]:
    return claim_create


@pytest.fixture
def make_evidence(db) -> Callable[..., Evidence]:
    return evidence_create


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
