"""Reads for claims already checked: which fact-checks a claim may repeat, and each fact-check's reappearances."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone

from claims.errors import NotFound
from claims.models import Claim, FactCheck, Reappearance

# Weeks the timeline's count series covers, ending with the current week.
TIMELINE_WEEKS = 12


def factchecks_rated() -> QuerySet[FactCheck]:
    """Fact-checks a repeated claim can be held against: the desk's published ones and imports carrying a rating."""
    return FactCheck.objects.filter(
        Q(origin=FactCheck.Origin.PUBLISHED) | Q(origin=FactCheck.Origin.IMPORTED) & ~Q(rating="")
    )


def factchecks_repeated_by(*, claim: Claim, factcheck_ids: list[int]) -> QuerySet[FactCheck]:
    """Of `factcheck_ids`, the rated fact-checks `claim` can repeat: public before the claim arrived, and not the
    fact-check of this claim itself."""
    return (
        factchecks_rated()
        .filter(pk__in=factcheck_ids)
        .filter(Q(published_at__isnull=True) | Q(published_at__lte=claim.created_at))
        .exclude(claim_id=claim.pk)
    )


def factcheck_for_reappearances(*, factcheck_id: int) -> FactCheck:
    try:
        return factchecks_rated().get(pk=factcheck_id)
    except FactCheck.DoesNotExist as exc:
        raise NotFound(f"Fact-check {factcheck_id} does not exist.") from exc


def factchecks_reappearing_most(*, days: int = 7, limit: int = 10, now: datetime | None = None) -> list[FactCheck]:
    """The fact-checks repeated by the most claims that appeared in the last `days` days, each with `recent`
    (that count), most first."""
    since = (now or timezone.now()) - timedelta(days=days)
    return list(
        FactCheck.objects.filter(reappearances__appeared_at__gte=since)
        .annotate(recent=Count("reappearances"))
        .defer("embedding", "search_document")
        .order_by("-recent", "-pk")[:limit]
    )


def factcheck_reappearances(*, factcheck_id: int) -> QuerySet[Reappearance]:
    """The fact-check's reappearances, newest first."""
    return Reappearance.objects.filter(factcheck_id=factcheck_id).order_by("-appeared_at", "-pk")


@dataclass(frozen=True)
class WeekCount:
    week: date  # the Monday the week starts on
    count: int


def reappearances_weekly(
    *, factcheck_id: int, weeks: int = TIMELINE_WEEKS, now: datetime | None = None
) -> list[WeekCount]:
    """Reappearances per week over the last `weeks` weeks, oldest first, weeks without any counted as 0."""
    today = timezone.localdate(now or timezone.now())
    this_monday = today - timedelta(days=today.weekday())
    first_monday = this_monday - timedelta(weeks=weeks - 1)
    counts = dict(
        factcheck_reappearances(factcheck_id=factcheck_id)
        .filter(appeared_at__date__gte=first_monday)
        .annotate(week=TruncWeek("appeared_at"))
        .order_by()
        .values_list("week")
        .annotate(count=Count("pk"))
        .values_list("week", "count")
    )
    by_monday = {timezone.localdate(week) if isinstance(week, datetime) else week: n for week, n in counts.items()}
    return [
        WeekCount(week=monday, count=by_monday.get(monday, 0))
        for monday in (first_monday + timedelta(weeks=i) for i in range(weeks))
    ]
