"""Claims from several outlets stating the same thing, linked as matching links them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from claims.models import Claim, ClaimMatch
from claims.services.clusters import claim_regroup
from claims.services.triage import claims_triage_refresh
from tests.factories import article_create, claim_create

MONDAY = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
TUESDAY = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)


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


@pytest.fixture
def cluster():
    """A canonical claim with one member from another outlet a day later, and a claim alone in its cluster."""
    canonical = outlet_claim("Evening Post", when=MONDAY, claimant="Finance Minister Ana Ruiz", numbers=["3"])
    member = outlet_claim("Wire Daily", when=TUESDAY)
    alone = outlet_claim("Lone Gazette", text="The bridge will open in May.")
    link(member, canonical)
    claims_triage_refresh(claim_ids=[alone.pk])
    return canonical, member, alone
