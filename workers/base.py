"""Shared Celery task options. Tasks are thin: they take ids, re-read state and call one service."""

from django.db import InterfaceError, OperationalError

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
    "soft_time_limit": 120,
    "time_limit": 180,
}
