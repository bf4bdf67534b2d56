"""Service-level deadlines: when an assigned claim is due, and what happens once it is overdue."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from claims.models import Claim, Notification
from claims.services.assignment import checker_pick
from claims.services.notifications import editors, users_notify
from claims.services.transitions import claim_transition_with_cluster
from claims.states import WORKING_STATES, claim_overdue_filter

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SlaReport:
    flagged: int
    reassigned: int


def claim_flag_overdue(*, claim_id: int, now: datetime) -> bool:
    """Flag the claim overdue and tell the editors, once: a claim already flagged is left alone."""
    with transaction.atomic():
        # The conditional update is the idempotency guard: of two concurrent watches only one flags the claim.
        flagged = Claim.objects.filter(claim_overdue_filter(now=now), pk=claim_id, overdue_since__isnull=True).update(
            overdue_since=now
        )
        if not flagged:
            return False
        claim = Claim.objects.select_related("assignee").get(pk=claim_id)
        who = claim.assignee.get_username() if claim.assignee else "nobody"
        users_notify(
            claim=claim,
            users=editors(),
            kind=Notification.Kind.OVERDUE,
            subject=f"Claim {claim.pk} is overdue",
            message=f"Claim {claim.pk} ({claim.status}, assigned to {who}) was due {claim.due_at:%Y-%m-%d %H:%M %Z}.",
        )
    return True


def claim_reassign_overdue(*, claim_id: int, now: datetime) -> bool:
    """Reassign a claim overdue for longer than the grace period to another fitting checker, if there is one."""
    grace = timedelta(hours=settings.FACTCHECK_SLA_REASSIGN_AFTER_HOURS)
    with transaction.atomic():
        claim = Claim.objects.select_for_update().filter(pk=claim_id).first()
        if (
            claim is None
            or claim.status not in WORKING_STATES
            or claim.overdue_since is None
            or claim.overdue_since > now - grace
        ):
            return False
        checker = checker_pick(claim=claim, exclude_ids=frozenset({claim.assignee_id} - {None}))
        if checker is None:
            return False
        overdue_since = claim.overdue_since
        # As an editor's assignment does, it takes the open members of the claim's cluster along.
        claim = claim_transition_with_cluster(
            claim_id=claim_id,
            transition="assign",
            user=None,
            data={"assignee": checker.pk},
            note=f"Reassigned automatically: overdue since {overdue_since:%Y-%m-%d %H:%M %Z}.",
        ).claim
        # The previous checker hears of it from the assignment itself.
        users_notify(
            claim=claim,
            users=editors(),
            kind=Notification.Kind.REASSIGNED,
            subject=f"Claim {claim.pk} was reassigned",
            message=f"Claim {claim.pk} was overdue and has been reassigned to {checker.get_username()}.",
        )
    return True


def sla_watch(*, now: datetime | None = None) -> SlaReport:
    """Flag newly overdue claims and, when FACTCHECK_SLA_REASSIGN_AFTER_HOURS is set, reassign those overdue
    for longer than that. Running it again changes nothing and sends nothing twice."""
    now = now or timezone.now()
    due = Claim.objects.filter(claim_overdue_filter(now=now), overdue_since__isnull=True)
    flagged = sum(claim_flag_overdue(claim_id=pk, now=now) for pk in due.values_list("pk", flat=True))
    reassigned = 0
    if settings.FACTCHECK_SLA_REASSIGN_AFTER_HOURS > 0:
        cutoff = now - timedelta(hours=settings.FACTCHECK_SLA_REASSIGN_AFTER_HOURS)
        stale = Claim.objects.filter(status__in=WORKING_STATES, overdue_since__lte=cutoff)
        reassigned = sum(claim_reassign_overdue(claim_id=pk, now=now) for pk in stale.values_list("pk", flat=True))
    if flagged or reassigned:
        logger.info("SLA watch: %s claims flagged overdue, %s reassigned", flagged, reassigned)
    return SlaReport(flagged=flagged, reassigned=reassigned)
