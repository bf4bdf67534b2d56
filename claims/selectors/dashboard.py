"""Reads behind the desk dashboard: the queue by state, what is late, who carries what, and what broke."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone

from claims.models import Claim, ClaimEvent, Feed, IngestionJob
from claims.selectors.review import checker_workload_list
from claims.states import State, claim_overdue_filter


def claim_counts_by_state() -> list[tuple[str, str, int]]:
    """(state, label, count) for every workflow state, zeros included, in workflow order."""
    counts = dict(Claim.objects.order_by().values_list("status").annotate(n=Count("pk")))
    return [(state.value, state.label, counts.get(state.value, 0)) for state in State]


def claims_overdue_count(*, now: datetime | None = None) -> int:
    return Claim.objects.filter(claim_overdue_filter(now=now)).count()


def checker_workloads() -> list:
    """Active checkers with `workload` (assigned + researching) and `overdue`, busiest first."""
    return sorted(checker_workload_list(), key=lambda user: (-user.workload, user.get_username()))


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def claims_published_per_week(*, weeks: int = 12, now: datetime | None = None) -> list[tuple[date, int]]:
    """(Monday, claims published that week) for the last `weeks` weeks, oldest first, empty weeks included.

    A claim republished after a correction counts once per week it was published in.
    """
    now = now or timezone.now()
    first_week = _week_start(timezone.localdate(now)) - timedelta(weeks=weeks - 1)
    since = timezone.make_aware(datetime.combine(first_week, datetime.min.time()))
    rows = (
        ClaimEvent.objects.filter(transition="publish", created_at__gte=since)
        .annotate(week=TruncWeek("created_at"))
        .order_by()
        .values_list("week")
        .annotate(n=Count("claim", distinct=True))
    )
    counts = {timezone.localdate(week) if isinstance(week, datetime) else week: n for week, n in rows}
    return [(first_week + timedelta(weeks=i), counts.get(first_week + timedelta(weeks=i), 0)) for i in range(weeks)]


def ingestion_jobs_with_errors(*, limit: int = 10) -> QuerySet[IngestionJob]:
    """The latest jobs that failed or have failed items."""
    return (
        IngestionJob.objects.filter(Q(status=IngestionJob.Status.FAILED) | Q(failed__gt=0))
        .select_related("feed")
        .order_by("-created_at")[:limit]
    )


def feeds_with_errors(*, limit: int = 10) -> QuerySet[Feed]:
    """Feeds whose last poll failed, most failures first."""
    failing = Q(consecutive_failures__gt=0) | ~Q(last_error="")
    return Feed.objects.filter(failing).order_by("-consecutive_failures", "url")[:limit]
