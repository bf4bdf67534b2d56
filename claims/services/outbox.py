"""The transactional outbox: the one way work is handed to the Celery workers.

`outbox_enqueue` records each task in the transaction of the change that needs it, so the change and its
tasks commit together or not at all. Once that transaction commits, `outbox_send` hands the new rows to the
broker; what the broker refused then is sent by `outbox_relay`, run by beat every few seconds and by every
worker as it starts. The worker that runs a task marks its row finished; a row sent long ago that no worker
finished (a broker restarted without persistence lost it) is sent again. A row may so be sent twice: every
task is idempotent.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable
from datetime import datetime, timedelta
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import EncodeError

from claims.models import OutboxMessage
from factcheck.brokers import COUNTDOWN_HORIZON_SECONDS

logger = logging.getLogger(__name__)

# The message header naming the outbox row, read back by the worker to mark the row finished.
OUTBOX_HEADER = "outbox_message"
_BATCH = 200


def outbox_enqueue(
    task_path: str, arguments: Iterable[int], *, keyword: str | None = None, eta: datetime | None = None
) -> list[int]:
    """Record the task `task_path` once per id in the current transaction (run at `eta`, or at once); they
    are sent as soon as it commits. Returns the outbox rows' ids."""
    arguments = list(arguments)
    if not arguments:
        return []
    now = timezone.now()
    # A task due later is handed to the broker shortly before it is due, as a countdown (see factcheck.brokers).
    available_at = now if eta is None else max(now, eta - timedelta(seconds=COUNTDOWN_HORIZON_SECONDS))
    rows = OutboxMessage.objects.bulk_create(
        OutboxMessage(
            task=task_path,
            args=[] if keyword else [argument],
            kwargs={keyword: argument} if keyword else {},
            eta=eta,
            available_at=available_at,
        )
        for argument in arguments
    )
    ids = [row.pk for row in rows]
    if available_at <= now:

        def send_committed() -> None:
            outbox_send(message_ids=ids)

        # Robust: a failure (the database went away right after the commit) is logged; the relay sends later.
        # A named function, as Django's robust on_commit logs the callback's __qualname__.
        transaction.on_commit(send_committed, robust=True)
    return ids


class Unsendable(Exception):
    """A row no broker could ever take (its task does not exist, or its arguments cannot be encoded)."""


def _publish(message: OutboxMessage, now: datetime) -> None:
    module, _, name = message.task.rpartition(".")
    try:
        task = getattr(import_module(module), name)
    except (ImportError, AttributeError, ValueError) as exc:
        raise Unsendable(f"no task {message.task!r}") from exc
    # Whole seconds, rounded up: RabbitMQ's native delayed delivery (quorum queues) takes whole seconds and refuses
    # a countdown under one, and one cut short lets the task run before it is due.
    countdown = math.ceil(max(0.0, (message.eta - now).total_seconds())) if message.eta else None
    task.apply_async(
        args=message.args, kwargs=message.kwargs, countdown=countdown or None, headers={OUTBOX_HEADER: message.pk}
    )


def outbox_send(*, message_ids: Iterable[int] | None = None, limit: int = _BATCH) -> int:
    """Hand unsent, available rows (these ids, or the oldest) to the broker and mark them sent; stops at the
    first the broker refuses, recording its error. Rows another process is sending are skipped. Returns how
    many were sent."""
    now = timezone.now()
    sent: list[int] = []
    with transaction.atomic():
        rows = OutboxMessage.objects.select_for_update(skip_locked=True).filter(
            sent_at__isnull=True, available_at__lte=now
        )
        if message_ids is not None:
            rows = rows.filter(pk__in=list(message_ids))
        for message in rows.order_by("available_at", "pk")[:limit]:
            try:
                # A savepoint: in eager mode (unit tests) the task runs right here and may fail.
                with transaction.atomic():
                    _publish(message, now)
            except (Unsendable, EncodeError) as exc:
                # Sending it again could never succeed: set it aside, recorded, so it does not hold up the rest.
                error = f"{type(exc).__name__}: {exc}"
                OutboxMessage.objects.filter(pk=message.pk).update(
                    attempts=F("attempts") + 1, sent_at=now, finished_at=now, last_error=error
                )
                logger.error("outbox %s can never be sent and is set aside: %s", message.pk, error)
                continue
            except Exception as exc:  # the broker refused: the relay tries again, the rest waits with it
                error = f"{type(exc).__name__}: {exc}"
                OutboxMessage.objects.filter(pk=message.pk).update(attempts=F("attempts") + 1, last_error=error)
                logger.warning("could not send %s (outbox %s); the relay will retry: %s", message, message.pk, error)
                break
            sent.append(message.pk)
        if sent:
            OutboxMessage.objects.filter(pk__in=sent).update(sent_at=timezone.now(), attempts=F("attempts") + 1)
    return len(sent)


def outbox_relay() -> int:
    """Send what could not be sent at commit, send again what was sent long ago and never finished, and drop
    rows finished long ago. Returns how many rows were sent."""
    now = timezone.now()
    resend_before = now - timedelta(seconds=settings.FACTCHECK_OUTBOX_RESEND_SECONDS)
    lost = OutboxMessage.objects.filter(sent_at__lte=resend_before, finished_at__isnull=True).update(
        sent_at=None, available_at=now, last_error="not finished in time; sent again"
    )
    if lost:
        logger.warning("%d outbox tasks were sent but never finished; sending them again", lost)
    total = 0
    while True:
        sent = outbox_send()
        total += sent
        if sent < _BATCH:
            break
    keep_after = now - timedelta(days=settings.FACTCHECK_OUTBOX_KEEP_DAYS)
    OutboxMessage.objects.filter(finished_at__lt=keep_after).delete()
    return total


def outbox_finish(*, message_id: int, error: str = "") -> None:
    """Mark a row finished by the worker that ran its task (with the error it ended with, if any)."""
    updates: dict = {"finished_at": timezone.now()}
    if error:
        updates["last_error"] = error
    OutboxMessage.objects.filter(pk=message_id, finished_at__isnull=True).update(**updates)
