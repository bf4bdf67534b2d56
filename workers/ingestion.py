"""Celery tasks for ingestion: each takes ids and calls one claims service."""

import logging

from celery import shared_task

from claims.errors import NotFound
from claims.services import cross_language, feeds, ingestion
from factcheck.brokers import ITEM_TASK_TIME_LIMITS
from workers.base import IDEMPOTENT_TASK_OPTIONS

# Extracting claims from a long article on a busy machine can take minutes; Redis's visibility timeout is
# derived from this limit (factcheck/brokers.py).
ITEM_TASK_OPTIONS = {
    **IDEMPOTENT_TASK_OPTIONS,
    "soft_time_limit": ITEM_TASK_TIME_LIMITS[0],
    "time_limit": ITEM_TASK_TIME_LIMITS[1],
}


logger = logging.getLogger(__name__)


@shared_task(name="workers.ingestion.ingestion_item_process", **ITEM_TASK_OPTIONS)
def ingestion_item_process(item_id: int) -> None:
    try:
        ingestion.ingestion_item_process(item_id=item_id)
    except NotFound:
        # its job was deleted since the item was queued: nothing is left to ingest
        logger.warning("Ingestion item %s no longer exists; nothing to process.", item_id)


@shared_task(name="workers.ingestion.feed_poll", **IDEMPOTENT_TASK_OPTIONS)
def feed_poll(feed_id: int) -> None:
    feeds.feed_poll(feed_id=feed_id)


@shared_task(name="workers.ingestion.feeds_poll_due", **IDEMPOTENT_TASK_OPTIONS)
def feeds_poll_due() -> None:
    feeds.feeds_poll_due()


@shared_task(name="workers.ingestion.factcheck_multilingual_embed", **IDEMPOTENT_TASK_OPTIONS)
def factcheck_multilingual_embed(factcheck_id: int) -> bool:
    """Queued for each fact-check stored or changed in a known language: its multilingual embedding, so claims in
    other languages find it. On the ingestion queue: a bulk import queues thousands, which must not hold up the
    workflow's tasks."""
    return cross_language.factcheck_multilingual_embed(factcheck_id=factcheck_id)
