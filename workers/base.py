"""Shared Celery task options. Tasks are thin: they take ids, re-read state and call one service."""

from django.db import InterfaceError, OperationalError

from factcheck.brokers import TASK_TIME_LIMITS, WEBHOOK_TASK_TIME_LIMITS

# For tasks whose service is idempotent (running twice changes nothing twice): the message is acknowledged
# only after the task finishes, and re-queued if the worker dies mid-task, so no work is lost. Transient
# failures are retried with backoff: network errors, and database errors that a later attempt can get past
# (deadlock, serialization failure, dropped or closed connection). A failed task is acknowledged, so an error
# missing here loses the message.
IDEMPOTENT_TASK_OPTIONS = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (ConnectionError, TimeoutError, OSError, OperationalError, InterfaceError),
    "retry_backoff": 2,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 6,
    "soft_time_limit": TASK_TIME_LIMITS[0],
    "time_limit": TASK_TIME_LIMITS[1],
}

# Webhook attempts: a failed POST is recorded on the delivery, which queues its own retry at its backoff time,
# so only database errors (before or after the POST; the delivery's lease keeps a retry from posting twice)
# are retried by Celery.
WEBHOOK_TASK_OPTIONS = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": 2,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 6,
    "soft_time_limit": WEBHOOK_TASK_TIME_LIMITS[0],
    "time_limit": WEBHOOK_TASK_TIME_LIMITS[1],
}
