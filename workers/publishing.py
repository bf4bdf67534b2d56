"""Celery tasks for publishing: each takes ids and calls one claims service."""

from celery import shared_task

from claims.services.publishing import factcheck_publish as _factcheck_publish
from claims.services.webhooks import webhook_deliveries_retry_due as _webhook_deliveries_retry_due
from claims.services.webhooks import webhook_delivery_attempt
from workers.base import IDEMPOTENT_TASK_OPTIONS


@shared_task(name="workers.publishing.factcheck_publish", **IDEMPOTENT_TASK_OPTIONS)
def factcheck_publish(verdict_id: int) -> int:
    """Enqueued by the `publish` transition once it commits."""
    return _factcheck_publish(verdict_id=verdict_id).pk


# Not auto-retried: a failed attempt is recorded on the delivery and retried by `webhook_deliveries_retry_due`
# with the delivery's own backoff, so Celery retries would only double the attempts.
@shared_task(name="workers.publishing.webhook_delivery_send", acks_late=True, soft_time_limit=60, time_limit=90)
def webhook_delivery_send(delivery_id: int) -> str:
    return webhook_delivery_attempt(delivery_id=delivery_id).status


@shared_task(name="workers.publishing.webhook_deliveries_retry_due", acks_late=True, soft_time_limit=60, time_limit=90)
def webhook_deliveries_retry_due() -> int:
    """Beat: queues the pending deliveries whose next attempt is due."""
    return _webhook_deliveries_retry_due()
