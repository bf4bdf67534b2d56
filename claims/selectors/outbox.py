"""Reads on the outbox: how far the relay is behind, and whether a task is already queued."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Min
from django.utils import timezone

from claims.models import OutboxMessage


@dataclass(frozen=True)
class OutboxBacklog:
    unsent: int
    oldest_unsent_seconds: float | None  # None when nothing waits


def outbox_backlog(*, now: datetime | None = None) -> OutboxBacklog:
    """Rows that could be sent now but were not, and how long the oldest of them has waited."""
    now = now or timezone.now()
    row = OutboxMessage.objects.filter(sent_at__isnull=True, available_at__lte=now).aggregate(
        unsent=Count("pk"), oldest=Min("available_at")
    )
    oldest = row["oldest"]
    return OutboxBacklog(
        unsent=row["unsent"],
        oldest_unsent_seconds=max(0.0, (now - oldest).total_seconds()) if oldest is not None else None,
    )


def outbox_queued(task_path: str, *, keyword: str, argument: int, not_before: datetime) -> bool:
    """Is the task `task_path` for `argument` already recorded to run at `not_before` or later, and not finished?"""
    return OutboxMessage.objects.filter(
        task=task_path, finished_at__isnull=True, eta__gte=not_before, **{f"kwargs__{keyword}": argument}
    ).exists()
