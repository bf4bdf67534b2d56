"""Celery tasks for publishing: each takes ids and calls one claims service."""

from celery import shared_task

from claims.services.webhooks import webhook_deliveries_retry_due as _webhook_deliveries_retry_due
from claims.services.webhooks import webhook_delivery_attempt
from workers.base import WEBHOOK_TASK_OPTIONS


@shared_task(name="workers.publishing.webhook_delivery_send", **WEBHOOK_TASK_OPTIONS)
def webhook_delivery_send(delivery_id: int) -> str:
    """Queued with each delivery, and again at the time of each retry its backoff sets."""
    return webhook_delivery_attempt(delivery_id=delivery_id).status


@shared_task(name="workers.publishing.webhook_deliveries_retry_due", **WEBHOOK_TASK_OPTIONS)
def webhook_deliveries_retry_due() -> int:
    """Beat: queues the pending deliveries whose next attempt is overdue (one whose worker died mid-attempt)."""
    return _webhook_deliveries_retry_due()
