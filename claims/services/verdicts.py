"""Verdict versions: each submission is a new version; publishing stamps the current one.

Called by `claims.services.transitions.claim_transition` inside the transition's transaction (the claim row is
locked), so version numbers never collide.
"""

from __future__ import annotations

from django.db.models import Max
from django.utils import timezone

from claims.models import Claim, Verdict


def verdict_create(*, claim: Claim, author, rating: str, summary: str, explanation: str) -> Verdict:
    """A new verdict version for `claim`; earlier versions (published ones included) stay as they are."""
    latest = claim.verdicts.aggregate(latest=Max("version"))["latest"] or 0
    return Verdict.objects.create(
        claim=claim,
        version=latest + 1,
        rating=rating,
        summary=summary,
        explanation=explanation,
        author=author,
    )


def verdict_publish(*, claim: Claim, publisher, correction_note: str = "") -> Verdict:
    """Stamp the claim's current verdict as published by `publisher` (a correction carries its note)."""
    verdict = claim.verdicts.select_for_update().order_by("-version").first()
    if verdict is None:
        raise Verdict.DoesNotExist(f"Claim {claim.pk} has no verdict to publish.")
    verdict.published_at = timezone.now()
    verdict.published_by = publisher
    verdict.correction_note = correction_note
    verdict.save(update_fields=["published_at", "published_by", "correction_note"])
    return verdict
