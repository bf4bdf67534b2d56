"""Claims already checked: a new claim repeating a rated fact-check is marked with it, and every such repeat is
recorded once as a reappearance, announced to the editors and to webhooks (`claim.reappeared`).

Matching calls `claim_reappearances_record` with the claim's stored matches; a redelivered matching task finds
the mark and the rows in place and sends nothing twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import transaction

from claims.models import Claim, ClaimMatch, FactCheck, Notification, Reappearance, Webhook
from claims.ratings import rating_label
from claims.selectors.reappearances import factchecks_repeated_by
from claims.services.notifications import editors, users_notify
from claims.services.webhooks import webhook_deliveries_queue


def reappearance_webhook_payload(*, reappearance: Reappearance) -> dict[str, Any]:
    """The `claim.reappeared` body: the fact-check repeated, and where, when, by whom and how surely."""
    factcheck, claim = reappearance.factcheck, reappearance.claim
    site = settings.FACTCHECK_SITE_URL.rstrip("/")
    return {
        "event": Webhook.Event.REAPPEARED.value,
        "factcheck": {
            "id": factcheck.pk,
            "url": factcheck.url,
            "claim_text": factcheck.claim_text,
            "claimant": factcheck.claimant,
            "rating": factcheck.rating,
            "rating_label": rating_label(factcheck.rating),
            "published_at": factcheck.published_at.isoformat() if factcheck.published_at else None,
        },
        "claim": {
            "id": claim.pk,
            "url": f"{site}/api/claims/{claim.pk}/",
            "text": claim.text,
            "claimant": reappearance.claimant,
            "language": claim.language,
        },
        "article": {"url": reappearance.article_url, "publisher": reappearance.publisher},
        "appeared_at": reappearance.appeared_at.isoformat(),
        "score": round(reappearance.score, 4),
    }


def _announce(reappearance: Reappearance) -> None:
    factcheck, claim = reappearance.factcheck, reappearance.claim
    where = reappearance.publisher or reappearance.article_url or f"article {claim.article_id}"
    rating = rating_label(factcheck.rating) or factcheck.rating
    users_notify(
        claim=claim,
        users=editors(),
        kind=Notification.Kind.REAPPEARED,
        subject=f"A claim rated {rating} reappeared",
        message=(
            f"Claim {claim.pk} ({where}) repeats the fact-check rated {rating}: "
            f"{factcheck.claim_text[:200]} ({factcheck.url}). Match score {reappearance.score:.2f}."
        ),
    )
    event = Webhook.Event.REAPPEARED
    webhook_deliveries_queue(
        event=event,
        dedupe_key=f"{event}:{reappearance.pk}",
        payload=reappearance_webhook_payload(reappearance=reappearance),
    )


@transaction.atomic
def claim_reappearances_record(*, claim_id: int, matches: Sequence[ClaimMatch]) -> list[Reappearance]:
    """For each rated fact-check among the claim's matches (at or above FACTCHECK_MATCH_SUGGEST_THRESHOLD, not
    rejected by staff) that was public before the claim arrived: record the reappearance once, telling the editors
    and webhooks; and mark the claim with the best of them, unless it is marked already. Returns the reappearances
    recorded now."""
    threshold = settings.FACTCHECK_MATCH_SUGGEST_THRESHOLD
    scores: dict[int, float] = {}
    for match in matches:
        if match.matched_factcheck_id and match.score >= threshold and match.status != ClaimMatch.Status.REJECTED:
            scores[match.matched_factcheck_id] = max(match.score, scores.get(match.matched_factcheck_id, 0.0))
    if not scores:
        return []
    claim = Claim.objects.select_related("article").select_for_update(of=("self",)).filter(pk=claim_id).first()
    if claim is None:
        return []
    factchecks: list[FactCheck] = list(factchecks_repeated_by(claim=claim, factcheck_ids=list(scores)))
    if not factchecks:
        return []
    factchecks.sort(key=lambda factcheck: (-scores[factcheck.pk], factcheck.pk))
    if claim.already_checked_id is None:
        claim.already_checked = factchecks[0]
        claim.save(update_fields=["already_checked", "updated_at"])
    article = claim.article
    recorded = []
    for factcheck in factchecks:
        reappearance, created = Reappearance.objects.get_or_create(
            factcheck=factcheck,
            claim=claim,
            defaults={
                "score": scores[factcheck.pk],
                "claimant": claim.claimant,
                "publisher": article.publisher,
                "article_url": article.url,
                "appeared_at": article.published_at or claim.created_at,
            },
        )
        if created:
            _announce(reappearance)
            recorded.append(reappearance)
    return recorded
