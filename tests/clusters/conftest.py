"""Claims from several outlets stating the same thing, linked as matching links them."""

from __future__ import annotations

from datetime import datetime

from claims.models import Claim, ClaimMatch
from claims.services.clusters import claim_regroup
from tests.factories import article_create, claim_create


def outlet_claim(
    outlet: str, *, when: datetime | None = None, text: str = "Unemployment fell to 3 percent last year.", **extra
) -> Claim:
    """A claim carried by `outlet`, appearing at `when` (its article's publication time)."""
    article = article_create(text=text, publisher=outlet, published_at=when)
    return claim_create(text=text, article=article, **extra)


def link(claim: Claim, earlier: Claim, score: float = 0.9, **extra) -> ClaimMatch:
    """A match as matching stores it, then the regrouping matching runs after it."""
    match = ClaimMatch.objects.create(claim=claim, matched_claim=earlier, score=score, **extra)
    claim_regroup(claim_id=claim.pk)
    return match
