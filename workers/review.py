"""Celery tasks for review: each takes ids and calls one claims service."""

from celery import shared_task

from claims.errors import NotFound, TransitionNotAllowed
from claims.services import assignment, clusters, evidence, sla, triage
from workers.base import IDEMPOTENT_TASK_OPTIONS


@shared_task(name="workers.review.claim_assign_auto", **IDEMPOTENT_TASK_OPTIONS)
def claim_assign_auto(claim_id: int) -> int | None:
    """Enqueued by `accept`: the claim's assignee id afterwards (None if it stays in the queue)."""
    claim = assignment.claim_assign_auto(claim_id=claim_id)
    return claim.assignee_id if claim else None


@shared_task(name="workers.review.claims_assign_waiting", **IDEMPOTENT_TASK_OPTIONS)
def claims_assign_waiting() -> int:
    """Beat: assign accepted claims that are still waiting for a checker; how many were assigned."""
    return assignment.claims_assign_waiting()


@shared_task(name="workers.review.evidence_gather", **IDEMPOTENT_TASK_OPTIONS)
def evidence_gather(claim_id: int) -> int:
    """Enqueued by `start_research`: how many evidence items were new."""
    return evidence.evidence_gather(claim_id=claim_id).created


@shared_task(name="workers.review.sla_watch", **IDEMPOTENT_TASK_OPTIONS)
def sla_watch() -> dict:
    """Beat: flag overdue claims, tell the editors, reassign after the grace period."""
    report = sla.sla_watch()
    return {"flagged": report.flagged, "reassigned": report.reassigned}


@shared_task(name="workers.review.claim_match_suggest", **IDEMPOTENT_TASK_OPTIONS)
def claim_match_suggest(claim_id: int) -> int:
    """Enqueued for each new claim by ingestion: suggest earlier claims and fact-checks it may repeat."""
    # Imported on use: matching loads its models only in the workers that run it.
    from claims.services.matching import claim_match_suggest as suggest

    try:
        return len(suggest(claim_id=claim_id))
    except NotFound:
        return 0  # deleted since it was queued: nothing to match
    except TransitionNotAllowed:
        # The claim was triaged (or linked by a concurrent run) while matching ran; the suggestions are stored.
        return 0


@shared_task(name="workers.review.claim_regroup", **IDEMPOTENT_TASK_OPTIONS)
def claim_regroup(claim_id: int) -> int:
    """Queued by the duplicate transition and a rejected match: regroup the claim's cluster and rescore it."""
    return len(clusters.claim_regroup(claim_id=claim_id))


@shared_task(name="workers.review.claims_triage_refresh_due", **IDEMPOTENT_TASK_OPTIONS)
def claims_triage_refresh_due() -> int:
    """Beat: rescore clusters whose growth over the last day fades, and claims never scored."""
    return triage.claims_triage_refresh_due()
