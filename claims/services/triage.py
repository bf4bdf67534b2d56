"""Triage scores: each claim's rank in the queue and the reasons for it, stored with the claim.

The services that change what triage reads refresh it: matching (a new claim, its cluster, its mark as already
checked, its claimant seen once more) and regrouping. Recency needs no refresh (see claims.intelligence.triage);
growth over the last 24 hours fades, so beat rescores the clusters that appeared in the last day
(`claims_triage_refresh_due`), and claims never scored yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from claims.intelligence import triage
from claims.models import Claim
from claims.ratings import rating_label
from claims.selectors.clusters import cluster_appearances
from claims.states import UNCLOSED_STATES, State

# Claims scored per beat run when catching up on claims never scored (stored before scoring existed): a million
# such claims are scored within a day.
UNSCORED_BATCH = 20_000
# Claims of one claimant rescored when the desk meets that claimant again: the new ones, which triage orders.
CLAIMANT_BATCH = 200
LAST_DAY = timedelta(hours=24)


def triage_weights() -> triage.Weights:
    """FACTCHECK_TRIAGE_WEIGHTS as the scoring reads them."""
    return triage.Weights(**settings.FACTCHECK_TRIAGE_WEIGHTS)


def claims_triage_refresh(*, claim_ids: Iterable[int], now: datetime | None = None) -> int:
    """Score the claims from their check-worthiness, their cluster's spread, their claimant's prominence and any
    rated fact-check already covering them; store rank and reasons where they changed. Returns how many changed."""
    ids = sorted(set(claim_ids))
    if not ids:
        return 0
    now = now or timezone.now()
    weights = triage_weights()
    rows = list(
        Claim.objects.filter(pk__in=ids).values_list(
            "pk", "checkworthiness", "numbers", "claimant", "already_checked__rating", "triage_rank", "triage_reasons"
        )
    )
    claimants = {row[3] for row in rows if row[3]}
    quoted = dict(
        Claim.objects.filter(claimant__in=claimants)
        .order_by()
        .values("claimant")
        .annotate(articles=Count("article_id", distinct=True))
        .values_list("claimant", "articles")
    )
    roots, clusters = cluster_appearances(claim_ids=ids)
    since = now - LAST_DAY
    changed = []
    for pk, checkworthiness, numbers, claimant, rating, stored_rank, stored_reasons in rows:
        members = clusters.get(roots.get(pk, pk), [])
        if not members:
            continue
        recent = [member for member in members if member.appeared_at >= since]
        signals = triage.Signals(
            checkworthiness=checkworthiness,
            has_number=bool(numbers),
            claimant=claimant,
            claimant_articles=quoted.get(claimant, 0),
            cluster_size=len(members),
            outlets=len({member.outlet for member in members if member.outlet}),
            outlets_last_day=len({member.outlet for member in recent if member.outlet}),
            repeats_last_day=len(recent),
            already_checked_rating=(rating_label(rating) or rating) if rating else "",
            appeared_at=max(member.appeared_at for member in members),
        )
        rank, reasons = triage.rank(signals, weights), triage.reasons(signals)
        if stored_rank is None or abs(stored_rank - rank) > 1e-9 or stored_reasons != reasons:
            changed.append(Claim(pk=pk, triage_rank=rank, triage_reasons=reasons))
    Claim.objects.bulk_update(changed, ["triage_rank", "triage_reasons"], batch_size=1000)
    return len(changed)


def _with_open_members(claims: QuerySet) -> list[int]:
    """The claims, their canonical claims and the members of those clusters still open (what a queue orders;
    closed duplicates keep the score they had)."""
    roots = {canonical or pk for pk, canonical in claims.values_list("pk", "canonical_id")}
    members = Claim.objects.filter(Q(pk__in=roots) | Q(canonical_id__in=roots, status__in=UNCLOSED_STATES))
    return [*roots, *claims.values_list("pk", flat=True), *members.values_list("pk", flat=True)]


def _quoted_beyond(claimant: str, articles: int) -> bool:
    """Whether the desk has quoted `claimant` in more than `articles` articles (reads at most that many + 1)."""
    quoted = Claim.objects.filter(claimant=claimant).order_by().values("article_id").distinct()[: articles + 1]
    return quoted.count() > articles


def claim_triage_refresh_around(*, claim_id: int) -> int:
    """Rescore a claim that arrived or changed, its cluster (the canonical claim and its open members) and the new
    claims of its claimant, whose prominence it raised."""
    claimant, article_id = Claim.objects.filter(pk=claim_id).values_list("claimant", "article_id").first() or ("", 0)
    same_claimant: list[int] = []
    # The claimant's other claims are rescored when this article is one more that quotes them (not for their
    # second quote in it) and while one more article still counts (PROMINENT_AFTER).
    first_quote = not Claim.objects.filter(article_id=article_id, claimant=claimant, pk__lt=claim_id).exists()
    if claimant and first_quote and not _quoted_beyond(claimant, triage.PROMINENT_AFTER + 1):
        same_claimant = list(
            Claim.objects.filter(claimant=claimant, status=State.NEW)
            .order_by("-pk")
            .values_list("pk", flat=True)[:CLAIMANT_BATCH]
        )
    return claims_triage_refresh(claim_ids=[*_with_open_members(Claim.objects.filter(pk=claim_id)), *same_claimant])


def claims_triage_refresh_due(*, now: datetime | None = None) -> int:
    """Beat: rescore the clusters that appeared in the last day (their growth fades) and claims never scored."""
    now = now or timezone.now()
    recent = Claim.objects.filter(cluster_size__gt=1, last_seen_at__gte=now - LAST_DAY - timedelta(hours=1))
    unscored = Claim.objects.filter(triage_rank__isnull=True).order_by("pk")[:UNSCORED_BATCH]
    ids = [*_with_open_members(recent), *unscored.values_list("pk", flat=True)]
    return claims_triage_refresh(claim_ids=ids, now=now)
