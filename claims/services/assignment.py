"""Automatic assignment: an accepted claim goes to the least-loaded available checker who fits it."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from claims.errors import DomainError
from claims.models import CheckerProfile, Claim
from claims.selectors.review import checker_workload_list
from claims.services.transitions import claim_transition, claim_transition_with_cluster
from claims.states import UNCLOSED_STATES
from claims.workflow import State

logger = logging.getLogger(__name__)


def _fits(profile: CheckerProfile, claim: Claim) -> bool:
    """A checker fits a claim when their languages and topics (if they declared any) cover the claim's."""
    if profile.languages and claim.language and claim.language not in profile.languages:
        return False
    return not (profile.topics and claim.topics and not set(profile.topics) & set(claim.topics))


def checker_pick(*, claim: Claim, exclude_ids: frozenset[int] = frozenset()):
    """The active, available checker fitting `claim` with the lowest open workload (assigned + researching);
    ties go to the one assigned longest ago (round-robin). None when nobody fits.

    Call inside a transaction: the candidates' profiles are locked, so concurrent assignments see each other's
    workload and spread out instead of piling onto the same checker.
    """
    candidates = list(checker_workload_list().exclude(pk__in=exclude_ids))
    if not candidates:
        return None
    # Every checker gets a profile (defaults: available, no tags) so there is a row to lock and to round-robin on.
    CheckerProfile.objects.bulk_create([CheckerProfile(user=user) for user in candidates], ignore_conflicts=True)
    profiles = {
        profile.user_id: profile
        for profile in CheckerProfile.objects.select_for_update()
        .filter(user__in=candidates, is_available=True)
        .order_by("pk")
    }
    fitting = [user for user in candidates if user.pk in profiles and _fits(profiles[user.pk], claim)]
    if not fitting:
        return None
    # Counted again now that the profiles are locked: assignments committed while waiting for the lock count.
    workload = dict(checker_workload_list().filter(pk__in=[user.pk for user in fitting]).values_list("pk", "workload"))

    def rank(user):
        last = profiles[user.pk].last_assigned_at
        return (workload[user.pk], last is not None, last, user.pk)

    return min(fitting, key=rank)


def checkers_availability_set(*, profile_ids: Iterable[int], available: bool) -> int:
    """Open (or close) checkers to automatic assignment; the claims they hold stay theirs. Returns how many
    profiles were set."""
    return CheckerProfile.objects.filter(pk__in=list(profile_ids)).update(is_available=available)


def claim_assign_auto(*, claim_id: int) -> Claim | None:
    """Assign an accepted, unassigned claim automatically (idempotent: any other claim is left alone).

    Returns the claim, or None if it does not exist.
    """
    with transaction.atomic():
        claim = Claim.objects.select_for_update().filter(pk=claim_id).first()
        if claim is None:
            return None
        if claim.status != State.ACCEPTED or claim.assignee_id is not None:
            return claim
        if claim.canonical_id is not None:
            canonical = Claim.objects.filter(pk=claim.canonical_id).values_list("status", "assignee_id").first()
            if canonical is not None and canonical[0] in UNCLOSED_STATES:
                if canonical[1] is None:
                    # Accepted with its canonical claim, whose assignment takes the cluster along.
                    return claim
                try:
                    return claim_transition(
                        claim_id=claim_id,
                        transition="assign",
                        user=None,
                        data={"assignee": canonical[1]},
                        note=f"Assigned with claim {claim.canonical_id}, the canonical claim of its cluster.",
                    )
                except DomainError:
                    pass  # the canonical claim's checker can no longer take claims: pick as for any claim
        checker = checker_pick(claim=claim)
        if checker is None:
            logger.warning("claim %s: no available checker fits it; it stays in the accepted queue", claim_id)
            return claim
        # A canonical claim's open cluster members go to the same checker.
        return claim_transition_with_cluster(
            claim_id=claim_id,
            transition="assign",
            user=None,
            data={"assignee": checker.pk},
            note="Assigned automatically (lowest open workload).",
        ).claim


def claims_assign_waiting(*, idle_for: timedelta = timedelta(minutes=5), limit: int = 500) -> int:
    """Assign accepted claims still waiting for a checker: none was free when they were accepted, or the
    assignment message was lost with the broker. Claims touched within `idle_for` are left to their task."""
    cutoff = timezone.now() - idle_for
    waiting = Claim.objects.filter(status=State.ACCEPTED, assignee__isnull=True, updated_at__lt=cutoff).order_by(
        "updated_at"
    )
    assigned = 0
    for claim_id in waiting.values_list("pk", flat=True)[:limit]:
        claim = claim_assign_auto(claim_id=claim_id)
        assigned += bool(claim is not None and claim.assignee_id is not None)
    return assigned
