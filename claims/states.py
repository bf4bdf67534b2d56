"""A claim's review states, the sets of them that rules share, and the deadline rules that read them: when a
claim is due and when it is overdue. No model imports, so models, the workflow, selectors and services all
read the states from here."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

if TYPE_CHECKING:
    from claims.models import Claim


class State(models.TextChoices):
    NEW = "new", "New"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    DUPLICATE = "duplicate", "Duplicate"
    ASSIGNED = "assigned", "Assigned"
    RESEARCHING = "researching", "Researching"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"


# Claims somebody still has to work on: an editor may (re)assign them.
OPEN_STATES = frozenset({State.ACCEPTED, State.ASSIGNED, State.RESEARCHING, State.IN_REVIEW})
# Claims no one has closed: a transition fired on a cluster's canonical claim is tried on these of its members.
UNCLOSED_STATES = OPEN_STATES | {State.NEW}
# Claims a checker is working on: they count towards the checker's workload and their deadline is watched.
WORKING_STATES = frozenset({State.ASSIGNED, State.RESEARCHING})
# Evidence is added and judged while somebody works on the claim. A published fact-check shows its evidence on
# the public page, so that changes only after a reopen.
EVIDENCE_STATES = frozenset({State.ASSIGNED, State.RESEARCHING, State.IN_REVIEW})


def sla_time(priority: str) -> timedelta:
    """How long a checker has for a claim of `priority` (FACTCHECK_SLA_HOURS; unknown priorities: normal)."""
    return timedelta(hours=settings.FACTCHECK_SLA_HOURS.get(priority, settings.FACTCHECK_SLA_HOURS["normal"]))


def sla_due_at(*, priority: str, start: datetime) -> datetime:
    """When a claim of `priority` assigned at `start` is due."""
    return start + sla_time(priority)


def claim_overdue_filter(*, now: datetime | None = None) -> Q:
    """Claims a checker still works on, past their due date: the one definition of "overdue" for the desk's
    lists, the API filter and the SLA watch."""
    return Q(status__in=WORKING_STATES, due_at__lt=now or timezone.now())


def claim_is_overdue(claim: Claim, *, now: datetime | None = None) -> bool:
    """`claim_overdue_filter` for a claim already loaded (a list column)."""
    return claim.status in WORKING_STATES and claim.due_at is not None and claim.due_at < (now or timezone.now())
