"""The one entry point for every workflow transition, from the admin, the API and the Celery tasks.

`claim_transition` locks the claim, asks `claims.workflow` whether the transition is allowed (raising 409 or 403
errors with the reason), validates the data, applies the transition's effects, writes one ClaimEvent in the
same transaction and enqueues the declared tasks only once that transaction commits.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

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


def _apply_reject(claim: Claim, user, data: dict) -> dict:
    claim.reject_reason = data["reason"]
    return {"reason": data["reason"]}


def _apply_mark_duplicate(claim: Claim, user, data: dict) -> dict:
    claim.duplicate_of_id = data.get("duplicate_of")
    claim.duplicate_of_factcheck_id = data.get("duplicate_of_factcheck")
    # A suggested match for the same target is now confirmed.
    matches = claim.matches.filter(
        matched_claim_id=claim.duplicate_of_id, matched_factcheck_id=claim.duplicate_of_factcheck_id
    )
    matches.update(status="confirmed", decided_by=user, decided_at=timezone.now())
    return dict(data)


def _apply_assign(claim: Claim, user, data: dict) -> dict:
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


def _apply_take(claim: Claim, user, data: dict) -> dict:
    return _assign(claim, user.pk)


def _apply_release(claim: Claim, user, data: dict) -> dict:
    payload = {"previous_assignee": claim.assignee_id}
    claim.assignee = None
    claim.due_at = None
    claim.overdue_since = None
    return payload


def _apply_submit_verdict(claim: Claim, user, data: dict) -> dict:
    verdict = verdict_create(claim=claim, author=user, **data)
    return {"verdict_id": verdict.pk, "version": verdict.version, "rating": verdict.rating}


def _apply_request_changes(claim: Claim, user, data: dict) -> dict:
    if claim.assignee_id:
        Notification.objects.create(
            user_id=claim.assignee_id,
            claim=claim,
            kind=Notification.Kind.CHANGES_REQUESTED,
            message=f"Changes requested on claim {claim.pk}: {data['note']}",
        )
    return {"note": data["note"]}


def _apply_publish(claim: Claim, user, data: dict) -> dict:
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


def _apply_reopen(claim: Claim, user, data: dict) -> dict:
    # The correction runs on a fresh deadline; the published version stays untouched in the history.
    if claim.assignee_id:
        claim.due_at = sla_due_at(priority=claim.priority, start=timezone.now())
    return {}


EFFECTS: dict[str, Effect] = {
    "reject": _apply_reject,
    "mark_duplicate": _apply_mark_duplicate,
    "assign": _apply_assign,
    "take": _apply_take,
    "release": _apply_release,
    "submit_verdict": _apply_submit_verdict,
    "request_changes": _apply_request_changes,
    "publish": _apply_publish,
    "reopen": _apply_reopen,
}


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
        payload = EFFECTS[transition](claim, user, cleaned) if transition in EFFECTS else {}
        claim.save()
        ClaimEvent.objects.create(
            claim=claim,
            actor=user,
            transition=transition,
            from_state=source,
            to_state=claim.status,
            note=note or cleaned.get("reason", "") or cleaned.get("note", ""),
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


# Typed wrappers for callers that prefer one function per transition; each goes through `claim_transition`.


def claim_accept(*, claim_id: int, user, note: str = "") -> Claim:
    """Accept a new claim for checking and queue it for automatic assignment."""
    return claim_transition(claim_id=claim_id, transition="accept", user=user, note=note)


def claim_reject(*, claim_id: int, user, reason: str) -> Claim:
    """Reject a new claim as not worth checking, with a reason."""
    return claim_transition(claim_id=claim_id, transition="reject", user=user, data={"reason": reason})


def claim_mark_duplicate(
    *, claim_id: int, user, duplicate_of: int | None = None, duplicate_of_factcheck: int | None = None
) -> Claim:
    """Close a new claim as repeating an earlier claim or fact-check."""
    data = {"duplicate_of": duplicate_of, "duplicate_of_factcheck": duplicate_of_factcheck}
    return claim_transition(claim_id=claim_id, transition="mark_duplicate", user=user, data=data)


def claim_assign(*, claim_id: int, user, assignee_id: int, note: str = "") -> Claim:
    """Give the claim to an active checker (a reassignment keeps research and review going)."""
    return claim_transition(
        claim_id=claim_id, transition="assign", user=user, data={"assignee": assignee_id}, note=note
    )


def claim_take(*, claim_id: int, user) -> Claim:
    """A checker takes an accepted, unassigned claim."""
    return claim_transition(claim_id=claim_id, transition="take", user=user)


def claim_release(*, claim_id: int, user, note: str = "") -> Claim:
    """Give the claim back to the accepted queue."""
    return claim_transition(claim_id=claim_id, transition="release", user=user, note=note)


def claim_start_research(*, claim_id: int, user) -> Claim:
    """Start research; evidence gathering runs in the background."""
    return claim_transition(claim_id=claim_id, transition="start_research", user=user)


def claim_submit_verdict(*, claim_id: int, user, rating: str, summary: str, explanation: str) -> Claim:
    """Submit a new verdict version for review."""
    data = {"rating": rating, "summary": summary, "explanation": explanation}
    return claim_transition(claim_id=claim_id, transition="submit_verdict", user=user, data=data)


def claim_request_changes(*, claim_id: int, user, note: str) -> Claim:
    """Send the verdict back to research with a note for the checker."""
    return claim_transition(claim_id=claim_id, transition="request_changes", user=user, data={"note": note})


def claim_publish(*, claim_id: int, user, correction_note: str = "") -> Claim:
    """Publish the current verdict (four eyes); a republication needs a correction note."""
    data = {"correction_note": correction_note}
    return claim_transition(claim_id=claim_id, transition="publish", user=user, data=data)


def claim_reopen(*, claim_id: int, user, note: str = "") -> Claim:
    """Reopen a published claim for a correction."""
    return claim_transition(claim_id=claim_id, transition="reopen", user=user, note=note)
