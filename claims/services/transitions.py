"""The one entry point for every workflow transition, from the admin, the API and the Celery tasks, and the
effects the transitions declared in `claims.workflow` name.

`claim_transition` locks the claim, asks `claims.workflow` whether the transition is allowed (raising 409 or 403
errors with the reason), validates its typed inputs, applies its effect, writes one ClaimEvent in the same
transaction and records the declared tasks in the outbox, sent once that transaction commits.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from claims.errors import DomainError, NotFound, TransitionForbidden, TransitionNotAllowed
from claims.models import CheckerProfile, Claim, ClaimEvent, Notification
from claims.services.outbox import outbox_enqueue
from claims.services.publishing import factcheck_publish
from claims.services.verdicts import verdict_create, verdict_publish
from claims.states import UNCLOSED_STATES, sla_due_at
from claims.workflow import PERMISSION, TRANSITIONS, refusal, validate_data

logger = logging.getLogger(__name__)

# An effect changes the locked claim (and related rows) for one transition and returns what the event records.
Effect = Callable[[Claim, object, dict], dict]


@cache
def transition_effect(path: str) -> Effect:
    """The effect a transition's `effect` names (claims.checks reports one that does not import)."""
    return import_string(path)


def _assign(claim: Claim, assignee_id: int) -> dict:
    now = timezone.now()
    claim.assignee_id = assignee_id
    claim.due_at = sla_due_at(priority=claim.priority, start=now)
    claim.overdue_since = None
    # Round-robin bookkeeping for automatic assignment; checkers without a profile get one with the defaults.
    updated = CheckerProfile.objects.filter(user_id=assignee_id).update(last_assigned_at=now)
    if not updated:
        CheckerProfile.objects.get_or_create(user_id=assignee_id, defaults={"last_assigned_at": now})
    Notification.objects.create(
        user_id=assignee_id,
        claim=claim,
        kind=Notification.Kind.ASSIGNED,
        message=f"Claim {claim.pk} was assigned to you; due {claim.due_at:%Y-%m-%d %H:%M %Z}.",
    )
    return {"assignee": assignee_id, "due_at": claim.due_at.isoformat()}


def reject_apply(claim: Claim, user, data: dict) -> dict:
    """Record why the claim is not worth checking."""
    claim.reject_reason = data["reason"]
    return {"reason": data["reason"]}


def mark_duplicate_apply(claim: Claim, user, data: dict) -> dict:
    """Link the claim to the claim or fact-check it repeats; a suggested match for it is confirmed."""
    claim.duplicate_of_id = data["duplicate_of"]
    claim.duplicate_of_factcheck_id = data["duplicate_of_factcheck"]
    # A suggested match for the same target is now confirmed.
    matches = claim.matches.filter(
        matched_claim_id=claim.duplicate_of_id, matched_factcheck_id=claim.duplicate_of_factcheck_id
    )
    matches.update(status="confirmed", decided_by=user, decided_at=timezone.now())
    return {key: value for key, value in data.items() if value is not None}


def assign_apply(claim: Claim, user, data: dict) -> dict:
    """Give the claim to the checker with a fresh deadline; a previous checker hears of it."""
    previous = claim.assignee_id
    payload = _assign(claim, data["assignee"])
    if previous and previous != data["assignee"]:
        payload["previous_assignee"] = previous
        Notification.objects.create(
            user_id=previous,
            claim=claim,
            kind=Notification.Kind.REASSIGNED,
            message=f"Claim {claim.pk} was reassigned to someone else.",
        )
    return payload


def take_apply(claim: Claim, user, data: dict) -> dict:
    """Give the claim to the checker firing the transition, with a fresh deadline."""
    return _assign(claim, user.pk)


def release_apply(claim: Claim, user, data: dict) -> dict:
    """Take the claim from its checker and clear its deadline."""
    payload = {"previous_assignee": claim.assignee_id}
    claim.assignee = None
    claim.due_at = None
    claim.overdue_since = None
    return payload


def submit_verdict_apply(claim: Claim, user, data: dict) -> dict:
    """Record a new verdict version by the user."""
    verdict = verdict_create(claim=claim, author=user, **data)
    return {"verdict_id": verdict.pk, "version": verdict.version, "rating": verdict.rating}


def request_changes_apply(claim: Claim, user, data: dict) -> dict:
    """Tell the claim's checker what to change."""
    if claim.assignee_id:
        Notification.objects.create(
            user_id=claim.assignee_id,
            claim=claim,
            kind=Notification.Kind.CHANGES_REQUESTED,
            message=f"Changes requested on claim {claim.pk}: {data['note']}",
        )
    return {"note": data["note"]}


def publish_apply(claim: Claim, user, data: dict) -> dict:
    """Stamp the current verdict as published and make its public fact-check in the same transaction."""
    verdict = verdict_publish(claim=claim, publisher=user, correction_note=data["correction_note"])
    claim.overdue_since = None
    # The public fact-check, its new version and ClaimReview exist when the transition returns; only the
    # webhooks it queues are sent afterwards.
    factcheck = factcheck_publish(verdict_id=verdict.pk)
    return {
        "verdict_id": verdict.pk,
        "version": verdict.version,
        "correction_note": verdict.correction_note,
        "factcheck_id": factcheck.pk,
        "factcheck_version": factcheck.version,
    }


def reopen_apply(claim: Claim, user, data: dict) -> dict:
    """Give a reopened claim a fresh deadline for the correction; the published version stays in history."""
    if claim.assignee_id:
        claim.due_at = sla_due_at(priority=claim.priority, start=timezone.now())
    return {}


def claim_transition(*, claim_id: int, transition: str, user, data: dict | None = None, note: str = "") -> Claim:
    """Fire `transition` on the claim as `user` (None: the system) if the workflow table allows it now."""
    if transition not in TRANSITIONS:
        raise TransitionNotAllowed(f"Unknown transition {transition!r}.")
    declared = TRANSITIONS[transition]
    with transaction.atomic():
        claim = Claim.objects.select_for_update().filter(pk=claim_id).first()
        if claim is None:
            raise NotFound(f"Claim {claim_id} does not exist.")
        refused = refusal(claim, user, transition)
        if refused is not None:
            kind, reason = refused
            raise (TransitionForbidden if kind == PERMISSION else TransitionNotAllowed)(reason)
        cleaned = validate_data(claim, user, transition, data)
        source = claim.status
        claim.status = declared.target_from(source)
        payload = transition_effect(declared.effect)(claim, user, cleaned) if declared.effect else {}
        claim.save()
        ClaimEvent.objects.create(
            claim=claim,
            actor=user,
            transition=transition,
            from_state=source,
            to_state=claim.status,
            note=note or (cleaned[declared.note_from] if declared.note_from else ""),
            payload=payload,
        )
        for task in declared.enqueues:
            outbox_enqueue(task, [claim.pk])
    logger.info("claim %s: %s %s -> %s by %s", claim.pk, transition, source, claim.status, user or "system")
    return claim


@dataclass(frozen=True)
class ClusterOutcome:
    """A transition fired on a claim and on the open members of the cluster it is the canonical claim of."""

    claim: Claim
    applied: list[int] = field(default_factory=list)  # members it was fired on
    skipped: list[tuple[int, str]] = field(default_factory=list)  # members the workflow refused, and why


def claim_transition_with_cluster(
    *, claim_id: int, transition: str, user, data: dict | None = None, note: str = ""
) -> ClusterOutcome:
    """Fire `transition` on the claim and, when the workflow applies it to clusters, on each open member of the
    cluster the claim is canonical of, through `claim_transition` (each member gets its own event); members the
    workflow refuses are skipped with the reason. All of it commits together."""
    declared = TRANSITIONS.get(transition)
    with transaction.atomic():
        claim = claim_transition(claim_id=claim_id, transition=transition, user=user, data=data, note=note)
        outcome = ClusterOutcome(claim=claim)
        if declared is None or not declared.applies_to_cluster:
            return outcome
        members = (
            Claim.objects.filter(canonical_id=claim.pk, status__in=UNCLOSED_STATES)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        along = f"With claim {claim.pk}, the canonical claim of its cluster."
        for member_id in list(members):
            try:
                claim_transition(
                    claim_id=member_id,
                    transition=transition,
                    user=user,
                    data=data,
                    note=f"{note} ({along})" if note else along,
                )
            except DomainError as exc:
                outcome.skipped.append((member_id, exc.message))
            else:
                outcome.applied.append(member_id)
    if outcome.skipped:
        logger.info("claim %s: %s skipped for cluster members %s", claim_id, transition, outcome.skipped)
    return outcome
