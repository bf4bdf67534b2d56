"""Reads for publishing: published fact-checks with their history and evidence, webhooks and deliveries."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet

from claims.errors import NotFound
from claims.models import Evidence, FactCheck, Verdict, Webhook, WebhookDelivery


def factcheck_list_published() -> QuerySet[FactCheck]:
    """The desk's own published fact-checks, newest first, with what their ClaimReview needs joined in."""
    return (
        FactCheck.objects.filter(origin=FactCheck.Origin.PUBLISHED)
        .select_related("claim__article", "verdict")
        .order_by("-published_at", "-pk")
    )


def factcheck_get_published(*, factcheck_id: int) -> FactCheck:
    try:
        return factcheck_list_published().get(pk=factcheck_id)
    except FactCheck.DoesNotExist as exc:
        raise NotFound(f"Fact-check {factcheck_id} does not exist.") from exc


def factcheck_history(*, factcheck: FactCheck) -> list[Verdict]:
    """Every published version of the fact-check's verdict, oldest first (corrections carry their note)."""
    if factcheck.claim_id is None:
        return []
    return list(
        Verdict.objects.filter(claim_id=factcheck.claim_id, published_at__isnull=False).order_by("published_at", "pk")
    )


def factcheck_evidence(*, factcheck: FactCheck) -> QuerySet[Evidence]:
    """Evidence the checker judged (a stance is set); unreviewed automatic finds are not published."""
    if factcheck.claim_id is None:
        return Evidence.objects.none()
    return Evidence.objects.filter(claim_id=factcheck.claim_id).exclude(stance=Evidence.Stance.UNSET)


def webhook_list() -> QuerySet[Webhook]:
    return Webhook.objects.order_by("pk")


def webhook_delivery_list(*, webhook_id: int) -> QuerySet[WebhookDelivery]:
    return WebhookDelivery.objects.filter(webhook_id=webhook_id).order_by("-created_at", "-pk")


def webhook_deliveries_due(*, now: datetime) -> QuerySet[WebhookDelivery]:
    """Pending deliveries to active webhooks whose next attempt is due, oldest first."""
    return WebhookDelivery.objects.filter(
        status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now, webhook__is_active=True
    ).order_by("next_attempt_at", "pk")
