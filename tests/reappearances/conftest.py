"""A published false fact-check and a webhook receiver listening for `claim.reappeared`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from claims.models import FactCheck, Verdict
from claims.services.matching import claim_embedding_store
from claims.services.publishing import factcheck_publish
from claims.services.webhooks import webhook_create
from tests.factories import published_verdict_create, report_claim_create
from tests.publishing.conftest import webhook_receiver  # noqa: F401

STATEMENT = "Ukraine tried to attack Putin's residence with 91 long-range drones."
REPEATING_ARTICLE = (
    "Drones and diplomacy\n\n"
    "MOSCOW, March 20 - Russian Foreign Minister Sergei Lavrov said on Friday that Ukraine tried to attack "
    "Putin's residence with 91 long-range drones. Kyiv denied the accusation.\n"
)


@pytest.fixture
def factcheck(db) -> FactCheck:
    """An imported fact-check rated false."""
    return FactCheck.objects.create(
        origin=FactCheck.Origin.IMPORTED,
        url="https://factchecks.example/drones",
        claim_text="Ukraine tried to attack Putin's residence with 91 long-range drones",
        rating="false",
        published_at=datetime(2026, 1, 5, 12, 0, tzinfo=UTC),
    )


@pytest.fixture
def published_false(db, editor, checker) -> FactCheck:
    """The desk's own fact-check rating STATEMENT false, published a week ago through the publishing service."""
    claim = report_claim_create(text=STATEMENT, claimant="Sergei Lavrov")
    claim_embedding_store(claim_ids=[claim.pk])
    verdict = published_verdict_create(claim, author=checker, publisher=editor, rating="false")
    Verdict.objects.filter(pk=verdict.pk).update(published_at=timezone.now() - timedelta(days=7))
    return factcheck_publish(verdict_id=verdict.pk)


@pytest.fixture
def reappearance_hook(webhook_receiver):  # noqa: F811
    webhook_create(name="trends", url=webhook_receiver.url, secret=webhook_receiver.secret, events=["claim.reappeared"])
    return webhook_receiver
