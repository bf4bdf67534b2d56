"""Reads for the review desk: workloads, overdue claims, a claim's history and evidence."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from claims.errors import NotFound
from claims.models import Claim, ClaimEvent, Evidence, Verdict
from claims.workflow import CHECKER, SLA_STATES, WORKLOAD_STATES


def claim_workflow_annotate(queryset: QuerySet[Claim]) -> QuerySet[Claim]:
    """Annotate what the workflow conditions read, so `available_transitions` needs no query per claim."""
    current_author = Verdict.objects.filter(claim=OuterRef("pk")).order_by("-version").values("author_id")[:1]
    evidence_count = (
        Evidence.objects.filter(claim=OuterRef("pk")).order_by().values("claim").annotate(n=Count("pk")).values("n")
    )
    return queryset.annotate(
        current_verdict_author_id=Subquery(current_author),
        evidence_count=Coalesce(Subquery(evidence_count), 0),
    )


def checker_workload_list() -> QuerySet:
    """Active checkers with their open workload (assigned + researching), their overdue claims and availability,
    least loaded first."""
    open_claims = Q(assigned_claims__status__in=WORKLOAD_STATES)
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=CHECKER)
        .annotate(
            workload=Count("assigned_claims", filter=open_claims, distinct=True),
            overdue=Count(
                "assigned_claims",
                filter=Q(assigned_claims__status__in=SLA_STATES, assigned_claims__overdue_since__isnull=False),
                distinct=True,
            ),
        )
        .select_related("checker_profile")
        .order_by("workload", "username")
    )


def claim_history(*, claim_id: int) -> QuerySet[ClaimEvent]:
    """The claim's audit trail, oldest first."""
    if not Claim.objects.filter(pk=claim_id).exists():
        raise NotFound(f"Claim {claim_id} does not exist.")
    return ClaimEvent.objects.filter(claim_id=claim_id).select_related("actor").order_by("created_at", "pk")


def evidence_list(*, claim_id: int) -> QuerySet[Evidence]:
    """The claim's evidence, most relevant first."""
    if not Claim.objects.filter(pk=claim_id).exists():
        raise NotFound(f"Claim {claim_id} does not exist.")
    return Evidence.objects.filter(claim_id=claim_id).select_related("added_by").order_by("-relevance", "created_at")


def verdict_history(*, claim_id: int) -> QuerySet[Verdict]:
    """Every verdict version of the claim, newest first (published versions stay in the history)."""
    return Verdict.objects.filter(claim_id=claim_id).select_related("author", "published_by").order_by("-version")
