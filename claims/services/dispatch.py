"""Hand work to the Celery workers once the data it needs is committed."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import partial
from importlib import import_module

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_on_commit(task_path: str, arguments: Iterable[int], *, keyword: str | None = None) -> None:
    """Queue the task `task_path` once per id when the current transaction commits (at once outside one).

    Tasks are looked up by name when they are sent, so services do not import the task modules. The data is
    committed by then: an id the broker refuses is logged rather than raised, its work waits in its pending
    state, and the other ids are still sent.
    """
    arguments = list(arguments)
    if arguments:
        transaction.on_commit(partial(_send, task_path, arguments, keyword), robust=True)


def _send(task_path: str, arguments: list[int], keyword: str | None) -> None:
    module, name = task_path.rsplit(".", 1)
    task = getattr(import_module(module), name)
    failed: list[int] = []
    error: Exception | None = None
    for argument in arguments:
        try:
            if keyword:
                task.delay(**{keyword: argument})
            else:
                task.delay(argument)
        except Exception as exc:  # one refused send must not keep the rest of a large job from being queued
            failed.append(argument)
            error = exc
    if failed:
        logger.error(
            "could not queue %s for %d of %d ids: %s", task_path, len(failed), len(arguments), failed, exc_info=error
        )
