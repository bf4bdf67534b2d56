"""Publishing: a published verdict becomes the public FactCheck, described as ClaimReview and announced by webhook."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from claims.errors import InvalidInput, NotFound
from claims.models import Claim, FactCheck, Verdict, Webhook
from claims.ratings import rating_bounds, rating_get, rating_label
from claims.services.cross_language import factchecks_multilingual_queue
from claims.services.embeddings import factcheck_embedding_store
from claims.services.webhooks import webhook_deliveries_queue

# Words that mark a claimant as an organisation rather than a person in ClaimReview's `author`.
_ORGANIZATION_WORDS = frozenset(
    (
        "ministry",
        "government",
        "party",
        "agency",
        "committee",
        "council",
        "office",
        "department",
        "company",
        "corporation",
        "inc",
        "ltd",
        "llc",
        "news",
        "times",
        "post",
        "bbc",
        "cnn",
        "reuters",
        "kremlin",
        "army",
        "military",
        "police",
        "parliament",
        "senate",
        "congress",
        "commission",
        "union",
        "association",
        "organization",
        "organisation",
        "institute",
        "university",
        "foundation",
        "bank",
        "court",
        "administration",
        "embassy",
        "authority",
        "authorities",
        "service",
        "network",
        "group",
        "campaign",
    )
)
_TITLE_CHARS = 200


def _entity(name: str) -> dict[str, str]:
    words = {word.strip(".,'\"()").casefold() for word in name.split()}
    kind = "Organization" if words & _ORGANIZATION_WORDS or "white house" in name.casefold() else "Person"
    return {"@type": kind, "name": name}


def _claim_author(factcheck: FactCheck) -> dict[str, str] | None:
    if factcheck.claimant:
        return _entity(factcheck.claimant)
    # No claimant means the article asserts the claim itself: its author, else its publisher, made it.
    article = factcheck.claim.article if factcheck.claim_id else None
    if article is not None and article.author:
        return {"@type": "Person", "name": article.author}
    if article is not None and article.publisher:
        return {"@type": "Organization", "name": article.publisher}
    return None


def _review_rating(factcheck: FactCheck) -> dict[str, Any]:
    review_rating: dict[str, Any] = {"@type": "Rating", "alternateName": rating_label(factcheck.rating)}
    # Numbers are published for the desk's own scale only; an imported rating belongs to another scale.
    rating = rating_get(factcheck.rating) if factcheck.origin == FactCheck.Origin.PUBLISHED else None
    bounds = rating_bounds()
    if rating is not None and rating.value is not None and bounds is not None:
        review_rating.update(ratingValue=rating.value, bestRating=bounds[0], worstRating=bounds[1])
    return review_rating


def claimreview_jsonld(factcheck: FactCheck) -> dict[str, Any]:
    """The schema.org ClaimReview describing a fact-check (https://schema.org/ClaimReview)."""
    item: dict[str, Any] = {"@type": "Claim"}
    author = _claim_author(factcheck)
    if author is not None:
        item["author"] = author
    if factcheck.claim_date is not None:
        item["datePublished"] = factcheck.claim_date.isoformat()
    article = factcheck.claim.article if factcheck.claim_id else None
    if article is not None and article.url:
        item["appearance"] = {"@type": "CreativeWork", "url": article.url}
        if article.title:
            item["appearance"]["headline"] = article.title

    if factcheck.origin == FactCheck.Origin.PUBLISHED:
        review_author = {
            "@type": "Organization",
            "name": settings.FACTCHECK_ORGANIZATION_NAME,
            "url": settings.FACTCHECK_ORGANIZATION_URL,
        }
    else:
        review_author = {"@type": "Organization", "name": factcheck.publisher} if factcheck.publisher else None

    document: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": factcheck.url,
        "claimReviewed": factcheck.claim_text,
        "itemReviewed": item,
        "reviewRating": _review_rating(factcheck),
    }
    if factcheck.title:
        document["name"] = factcheck.title
    if factcheck.language:
        document["inLanguage"] = factcheck.language
    if review_author is not None:
        document["author"] = review_author
    if factcheck.published_at is not None:
        document["datePublished"] = factcheck.published_at.isoformat()
    current = factcheck.verdict
    if current is not None and current.published_at and factcheck.version > 1:
        document["dateModified"] = current.published_at.isoformat()
    return document


def factcheck_public_url(factcheck: FactCheck) -> str:
    path = reverse("public:factcheck-detail", kwargs={"pk": factcheck.pk})
    return settings.FACTCHECK_SITE_URL.rstrip("/") + path


def factcheck_webhook_payload(*, factcheck: FactCheck, event: str) -> dict[str, Any]:
    verdict = factcheck.verdict
    return {
        "event": event,
        "factcheck": {
            "id": factcheck.pk,
            "url": factcheck.url,
            "version": factcheck.version,
            "claim_id": factcheck.claim_id,
            "claim_text": factcheck.claim_text,
            "claimant": factcheck.claimant,
            "rating": factcheck.rating,
            "rating_label": rating_label(factcheck.rating),
            "summary": factcheck.summary,
            "published_at": factcheck.published_at.isoformat() if factcheck.published_at else None,
            "version_published_at": verdict.published_at.isoformat() if verdict and verdict.published_at else None,
            "correction_note": verdict.correction_note if verdict and factcheck.version > 1 else "",
        },
        "claim_review": claimreview_jsonld(factcheck),
    }


@transaction.atomic
def factcheck_publish(*, verdict_id: int) -> FactCheck:
    """Makes a published verdict public: the claim's FactCheck is created, or moves to a new version for a
    correction, and webhooks are queued; running it again for the same verdict changes nothing."""
    try:
        verdict = Verdict.objects.get(pk=verdict_id)
    except Verdict.DoesNotExist as exc:
        raise NotFound(f"Verdict {verdict_id} does not exist.") from exc
    if verdict.published_at is None:
        raise InvalidInput(f"Verdict {verdict_id} has not been published.")
    # The claim's row lock serialises concurrent runs for one claim (a redelivery racing the first delivery).
    claim = Claim.objects.select_for_update(of=("self",)).select_related("article").get(pk=verdict.claim_id)
    factcheck = FactCheck.objects.select_related("verdict").filter(claim=claim).first()
    # Already published, or a late redelivery of a version that a correction has replaced.
    if (
        factcheck is not None
        and factcheck.verdict is not None
        and (factcheck.verdict_id == verdict.pk or factcheck.verdict.version > verdict.version)
    ):
        return factcheck

    article = claim.article
    made_at = article.published_at or article.created_at
    if factcheck is None:
        event = Webhook.Event.PUBLISHED
        factcheck = FactCheck(
            origin=FactCheck.Origin.PUBLISHED,
            claim=claim,
            # The public URL contains the primary key, so it is set once the row exists.
            url=f"urn:factcheck:claim:{claim.pk}",
            version=1,
            published_at=verdict.published_at,
        )
    else:
        event = Webhook.Event.CORRECTED
        factcheck.version += 1
    factcheck.verdict = verdict
    if (factcheck.claim_text, factcheck.language) != (claim.text, claim.language):
        factcheck.multilingual_embedding = None
    factcheck.claim_text = claim.text
    factcheck.claimant = claim.claimant
    factcheck.language = claim.language
    factcheck.claim_date = made_at.date() if made_at else None
    factcheck.rating = verdict.rating
    factcheck.summary = verdict.summary
    factcheck.title = claim.text if len(claim.text) <= _TITLE_CHARS else claim.text[: _TITLE_CHARS - 1] + "…"
    factcheck.publisher = settings.FACTCHECK_ORGANIZATION_NAME
    # The fact-check states the claim's text and claimant: the claim's embedding is its embedding.
    factcheck.embedding = claim.embedding
    factcheck.save()
    if factcheck.embedding is None:
        factcheck_embedding_store(factcheck_ids=[factcheck.pk])
    factchecks_multilingual_queue(factcheck_ids=[factcheck.pk])
    public_url = factcheck_public_url(factcheck)
    if factcheck.url != public_url:
        factcheck.url = public_url
        factcheck.save(update_fields=["url"])

    webhook_deliveries_queue(
        event=event,
        dedupe_key=f"{event}:{factcheck.pk}:v{factcheck.version}",
        payload=factcheck_webhook_payload(factcheck=factcheck, event=event),
    )
    return factcheck
