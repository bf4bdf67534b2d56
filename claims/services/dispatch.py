"""Hand work to the Celery workers once the data it needs is committed."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from importlib import import_module

from django.db import transaction


def enqueue_on_commit(task_path: str, arguments: Iterable[int], *, keyword: str | None = None) -> None:
    """Queue the task `task_path` once per id when the current transaction commits (at once outside one).

    Tasks are looked up by name when they are sent, so services do not import the task modules. The data is
    committed by then: a broker failure is logged rather than raised, and the work waits in its pending state.
    """
    arguments = list(arguments)
    if arguments:
        transaction.on_commit(partial(_send, task_path, arguments, keyword), robust=True)


def _send(task_path: str, arguments: list[int], keyword: str | None) -> None:
    module, name = task_path.rsplit(".", 1)
    task = getattr(import_module(module), name)
    for argument in arguments:
        if keyword:
            task.delay(**{keyword: argument})
        else:
            task.delay(argument)
