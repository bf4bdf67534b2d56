"""Reads for claim clusters: which claims state the same thing, and what the desk knows of where they appeared."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from claims.models import Claim, ClaimMatch


@dataclass(frozen=True)
class Appearance:
    """One claim of a cluster as regrouping and triage read it."""

    id: int
    canonical_id: int | None
    status: str
    appeared_at: datetime
    outlet: str


def in_cluster_of(queryset: QuerySet[Claim], claim_id: int) -> QuerySet[Claim]:
    """The claims of `queryset` in the cluster `claim_id` belongs to: its canonical claim and every member."""
    root = Claim.objects.filter(pk=claim_id).values(root=Coalesce("canonical_id", "pk"))
    return queryset.filter(Q(pk=Subquery(root)) | Q(canonical_id=Subquery(root)))


def appeared(*, published_at: datetime | None, created_at: datetime) -> datetime:
    """When a claim appeared: its article's publication time, else when it was ingested (a publication time
    after the ingestion is a wrong date, so ingestion time then), as reappearances count it."""
    return min(published_at or created_at, created_at)


def outlet(*, publisher: str, url: str) -> str:
    """The outlet that carried an article: its publisher, else the host of its URL, else ""."""
    if publisher:
        return publisher.strip()
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def appearances(*, claim_ids: Iterable[int]) -> dict[int, Appearance]:
    """Where and when each claim appeared, in one query (`claim_ids` may be a query of ids)."""
    ids = claim_ids if isinstance(claim_ids, QuerySet) else list(claim_ids)
    rows = Claim.objects.filter(pk__in=ids).values_list(
        "pk", "canonical_id", "status", "created_at", "article__published_at", "article__publisher", "article__url"
    )
    return {
        pk: Appearance(
            pk, canonical, status, appeared(published_at=published, created_at=created), outlet(publisher=p, url=u)
        )
        for pk, canonical, status, created, published, p, u in rows
    }


def same_claim_links(*, claim_ids: set[int]) -> tuple[set[tuple[int, int]], set[int]]:
    """The links that put two claims in one cluster, for links touching `claim_ids`: confirmed matches and matches
    at or above FACTCHECK_CLUSTER_THRESHOLD that staff did not reject, duplicate links, and two claims repeating
    the same fact-check that way (a duplicate of a fact-check is no candidate for later claims, so its repeats
    link through the fact-check). Also returns the claims grouped with them now (their canonical and its
    members), which regrouping must look at again."""
    ids = list(claim_ids)
    holds = Q(status=ClaimMatch.Status.CONFIRMED) | Q(
        status=ClaimMatch.Status.SUGGESTED, score__gte=settings.FACTCHECK_CLUSTER_THRESHOLD
    )
    links: set[tuple[int, int]] = set()
    links.update(
        ClaimMatch.objects.filter(
            Q(claim_id__in=ids) | Q(matched_claim_id__in=ids), holds, matched_claim__isnull=False
        ).values_list("claim_id", "matched_claim_id")
    )
    links.update(
        Claim.objects.filter(Q(pk__in=ids, duplicate_of__isnull=False) | Q(duplicate_of_id__in=ids)).values_list(
            "pk", "duplicate_of_id"
        )
    )
    factcheck_matches = ClaimMatch.objects.filter(holds, matched_factcheck__isnull=False)
    factchecks = {
        *factcheck_matches.filter(claim_id__in=ids).values_list("matched_factcheck_id", flat=True),
        *Claim.objects.filter(pk__in=ids, duplicate_of_factcheck__isnull=False).values_list(
            "duplicate_of_factcheck_id", flat=True
        ),
    }
    if factchecks:
        repeats: dict[int, set[int]] = {}
        for claim_id, factcheck_id in [
            *factcheck_matches.filter(matched_factcheck_id__in=factchecks).values_list(
                "claim_id", "matched_factcheck_id"
            ),
            *Claim.objects.filter(duplicate_of_factcheck_id__in=factchecks).values_list(
                "pk", "duplicate_of_factcheck_id"
            ),
        ]:
            repeats.setdefault(factcheck_id, set()).add(claim_id)
        for claims in repeats.values():
            first = min(claims)
            links.update((first, other) for other in claims if other != first)
    grouped = Claim.objects.filter(Q(pk__in=ids, canonical__isnull=False) | Q(canonical_id__in=ids)).values_list(
        "pk", "canonical_id"
    )
    together = {pk for pair in grouped for pk in pair}
    return links, together


def cluster_appearances(*, claim_ids: Iterable[int]) -> tuple[dict[int, int], dict[int, list[Appearance]]]:
    """For claims: the canonical claim each belongs under (itself when it stands alone), and every claim of those
    clusters as an Appearance, in two queries."""
    rows = Claim.objects.filter(pk__in=list(claim_ids)).values_list("pk", "canonical_id")
    roots = {pk: canonical or pk for pk, canonical in rows}
    wanted = set(roots.values())
    members = Claim.objects.filter(Q(pk__in=wanted) | Q(canonical_id__in=wanted)).values_list("pk")
    clusters: dict[int, list[Appearance]] = {}
    for appearance in appearances(claim_ids=members).values():
        clusters.setdefault(appearance.canonical_id or appearance.id, []).append(appearance)
    return roots, clusters
