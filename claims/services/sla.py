"""Service-level deadlines: when an assigned claim is due, and what happens when it is overdue."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings


def sla_due_at(*, priority: str, start: datetime) -> datetime:
    """When a claim of `priority` assigned at `start` is due (FACTCHECK_SLA_HOURS; unknown priorities: normal)."""
    hours = settings.FACTCHECK_SLA_HOURS.get(priority, settings.FACTCHECK_SLA_HOURS["normal"])
    return start + timedelta(hours=hours)
