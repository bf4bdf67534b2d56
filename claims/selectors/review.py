"""Reads for the review desk: the checkers and what each of them carries."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet

from claims.states import WORKING_STATES
from claims.workflow.roles import CHECKER, role_holders


def checker_workload_list() -> QuerySet:
    """Active checkers with their open `workload` (assigned + researching), their `overdue` claims and
    availability, least loaded first."""
    open_claims = Q(assigned_claims__status__in=WORKING_STATES)
    return (
        get_user_model()
        .objects.filter(role_holders(CHECKER))
        .annotate(
            workload=Count("assigned_claims", filter=open_claims, distinct=True),
            overdue=Count(
                "assigned_claims",
                filter=Q(assigned_claims__status__in=WORKING_STATES, assigned_claims__overdue_since__isnull=False),
                distinct=True,
            ),
        )
        .select_related("checker_profile")
        .order_by("workload", "username")
    )
