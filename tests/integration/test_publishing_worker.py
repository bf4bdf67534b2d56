"""Publishing with a real worker: the `publish` transition yields a FactCheck and a signed, delivered webhook;
a correction yields version 2 and a `factcheck.corrected` delivery."""

from __future__ import annotations

import itertools
import time

import pytest

from claims.models import Evidence, FactCheck, WebhookDelivery
from claims.services.transitions import claim_transition
from claims.services.webhooks import webhook_create
from claims.workflow import State
from tests.factories import report_claim_create
from tests.publishing.receiver import running_receiver
from tests.support import purge_broker, start_worker, stop_worker, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _submit(claim, checker, rating: str) -> None:
    claim_transition(
        claim_id=claim.pk,
        transition="submit_verdict",
        user=checker,
        data={"rating": rating, "summary": f"Rated {rating}.", "explanation": "The records show otherwise."},
    )


def test_publish_and_correct_through_the_workflow(webhook_worker, editor, checker):
    claim = report_claim_create(status=State.RESEARCHING, assignee=checker)
    Evidence.objects.create(
        claim=claim, url="https://mil.example.org/s", title="Statement", stance="refutes", fingerprint="s"
    )
    with running_receiver(secret="integration-secret") as receiver:
        webhook = webhook_create(name="partner", url=receiver.url, secret=receiver.secret)
        _submit(claim, checker, "false")

        claim_transition(claim_id=claim.pk, transition="publish", user=editor)

        factcheck = wait_for(lambda: FactCheck.objects.filter(claim=claim).first(), message="the fact-check")
        delivered = wait_for(
            lambda: WebhookDelivery.objects.filter(webhook=webhook, status="delivered").first(),
            message="the published webhook delivery",
        )
        assert (factcheck.version, factcheck.rating, factcheck.origin) == (1, "false", "published")
        assert delivered.event == "factcheck.published" and delivered.attempts == 1
        (request,) = receiver.requests
        assert request.signature_valid
        assert receiver.payloads()[0]["factcheck"]["url"] == factcheck.url

        claim_transition(claim_id=claim.pk, transition="reopen", user=editor)
        _submit(claim, checker, "mostly-false")
        claim_transition(
            claim_id=claim.pk, transition="publish", user=editor, data={"correction_note": "Recounted: 19 drones."}
        )

        wait_for(
            lambda: WebhookDelivery.objects.filter(event="factcheck.corrected", status="delivered").exists(),
            message="the corrected webhook delivery",
        )
        factcheck.refresh_from_db()
        assert (factcheck.version, factcheck.rating) == (2, "mostly-false")
        assert len(receiver.requests) == 2 and all(request.signature_valid for request in receiver.requests)
        corrected = receiver.payloads()[1]
        assert corrected["event"] == "factcheck.corrected"
        assert corrected["factcheck"]["correction_note"] == "Recounted: 19 drones."
        assert FactCheck.objects.count() == 1
        # Both published versions stay in the history.
        assert claim.verdicts.filter(published_at__isnull=False).count() == 2


@pytest.fixture
def quick_retry_worker(transactional_db, settings):
    settings.FACTCHECK_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1:*/32"]
    purge_broker()
    process = start_worker(
        concurrency=1,
        extra_env={"FACTCHECK_WEBHOOK_ALLOWED_NETWORKS": "127.0.0.1:*/32", "FACTCHECK_WEBHOOK_RETRY_BASE_SECONDS": "3"},
    )
    try:
        yield process
    finally:
        stop_worker(process)
        purge_broker()


def test_a_failed_delivery_is_retried_at_its_backoff_time_not_at_the_next_beat(quick_retry_worker, editor, checker):
    claim = report_claim_create(status=State.RESEARCHING, assignee=checker)
    Evidence.objects.create(claim=claim, url="https://mil.example.org/r", title="Statement", fingerprint="r")
    with running_receiver(secret="retry-secret") as receiver:
        receiver.statuses = [503, 503]  # two failures, then 200
        webhook_create(name="partner", url=receiver.url, secret=receiver.secret)
        _submit(claim, checker, "false")
        claim_transition(claim_id=claim.pk, transition="publish", user=editor)  # no beat runs here

        arrivals: list[float] = []  # when the receiver saw each attempt

        def delivered() -> WebhookDelivery | None:
            while len(arrivals) < len(receiver.requests):
                arrivals.append(time.monotonic())
            return WebhookDelivery.objects.filter(status="delivered").first()

        delivery = wait_for(delivered, timeout=60, interval=0.05, message="the delivery after two failed attempts")
        assert delivery.attempts == 3 and len(arrivals) == 3
        gaps = [later - earlier for earlier, later in itertools.pairwise(arrivals)]
        # Backoff of 3 s, then 6 s, each honoured by its own countdown (beat's cycle would be a minute).
        assert 2.5 <= gaps[0] < 30 and 5.5 <= gaps[1] < 30, gaps
