"""A reappearance through the real worker: an ingested article repeating a published false claim is matched by the
worker, which marks the claim (and scores it for triage), records the reappearance, tells the editors and delivers
one signed `claim.reappeared` webhook; the matching task delivered twice more changes nothing."""

from __future__ import annotations

import pytest

from claims.models import Claim, Notification, Reappearance, WebhookDelivery
from claims.services.ingestion import article_ingest
from claims.services.webhooks import webhook_create
from tests.publishing.receiver import running_receiver
from tests.reappearances.conftest import REPEATING_ARTICLE, published_false  # noqa: F401
from tests.support import wait_drained, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_a_reappearance_is_recorded_and_announced_once(published_false, webhook_worker, editor):  # noqa: F811
    with running_receiver(secret="integration-secret") as receiver:
        webhook_create(name="trends", url=receiver.url, secret=receiver.secret, events=["claim.reappeared"])
        article, _ = article_ingest(
            text=REPEATING_ARTICLE, url="https://wire.example/lavrov-drones", publisher="Wire Daily"
        )
        reappearance = wait_for(lambda: Reappearance.objects.first(), message="the reappearance")
        wait_for(
            lambda: WebhookDelivery.objects.filter(event="claim.reappeared", status="delivered").exists(),
            message="the claim.reappeared delivery",
        )
        claim = Claim.objects.get(pk=reappearance.claim_id)
        assert claim.article_id == article.pk and claim.already_checked_id == published_false.pk
        # Scored for the queue, the mark among its reasons, once matching has regrouped it.
        wait_for(
            lambda: Claim.objects.filter(pk=claim.pk, triage_reasons__contains=["already rated False"]).exists(),
            message="the claim's triage reasons",
        )

        from workers.review import claim_match_suggest

        claim_match_suggest.delay(claim.pk)
        claim_match_suggest.delay(claim.pk)
        wait_drained(timeout=120)

        assert Reappearance.objects.count() == 1
        assert Notification.objects.filter(kind="reappeared", user=editor, claim=claim).count() == 1
        assert WebhookDelivery.objects.filter(event="claim.reappeared").count() == 1
        (request,) = receiver.requests
        assert request.signature_valid and request.headers["X-Factcheck-Event"] == "claim.reappeared"
        assert receiver.payloads()[0]["factcheck"]["rating"] == "false"
