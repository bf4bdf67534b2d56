"""The outbox relay task, and the worker hooks that start it and mark finished tasks."""

from __future__ import annotations

import logging

from celery import current_task, shared_task, states
from celery.signals import before_task_publish, task_postrun, worker_ready

from claims.services.outbox import OUTBOX_HEADER, outbox_finish
from claims.services.outbox import outbox_relay as _outbox_relay
from workers.base import IDEMPOTENT_TASK_OPTIONS

logger = logging.getLogger(__name__)


@shared_task(name="workers.outbox.outbox_relay", **IDEMPOTENT_TASK_OPTIONS)
def outbox_relay() -> int:
    """Beat, and each worker as it starts: send what the outbox holds unsent; how many were sent."""
    return _outbox_relay()


@worker_ready.connect
def _relay_when_a_worker_starts(sender=None, **kwargs) -> None:
    # Whatever the broker refused while no worker ran goes out now rather than at the next beat.
    try:
        outbox_relay.delay()
    except Exception:
        logger.exception("could not queue the outbox relay at worker start; beat will run it")


@task_postrun.connect
def _mark_outbox_row_finished(sender=None, task=None, state=None, retval=None, **kwargs) -> None:
    if task is None:
        return
    message_id = _outbox_id(task)
    if message_id is None or state not in (states.SUCCESS, states.FAILURE):
        return  # not sent by the outbox, or retried: the row is finished by the last attempt
    error = f"{type(retval).__name__}: {retval}" if state == states.FAILURE else ""
    outbox_finish(message_id=int(message_id), error=error)


def _outbox_id(task) -> str | None:
    # A worker's request carries custom headers as attributes; an eager one (unit tests) keeps them apart.
    return getattr(task.request, OUTBOX_HEADER, None) or (task.request.headers or {}).get(OUTBOX_HEADER)


@before_task_publish.connect
def _retries_keep_their_outbox_row(sender=None, headers=None, **kwargs) -> None:
    """A retry is published from the request, whose custom headers Celery drops: put the row id back, so the
    last attempt marks the row finished and the relay does not send the task again."""
    task = current_task  # a proxy: false, not None, outside a task (a web process, a command)
    if headers is None or not task or headers.get(OUTBOX_HEADER) is not None:
        return
    if headers.get("id") == task.request.id and (message_id := _outbox_id(task)) is not None:
        headers[OUTBOX_HEADER] = message_id
