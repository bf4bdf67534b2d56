"""An article repeating a published false claim: the claim is marked, the editors told, webhooks signed and sent,
the reappearance recorded, each exactly once however often matching runs."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from claims.models import Claim, ClaimMatch, FactCheck, Notification, Reappearance, WebhookDelivery
from claims.services.ingestion import article_ingest
from claims.services.matching import claim_match_suggest
from claims.services.reappearances import claim_reappearances_record
from tests.factories import report_claim_create
from tests.reappearances.conftest import REPEATING_ARTICLE

pytestmark = pytest.mark.django_db


def test_an_ingested_article_repeating_a_published_false_claim(
    published_false, reappearance_hook, editor, other_editor, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article, created = article_ingest(
            text=REPEATING_ARTICLE,
            url="https://wire.example/lavrov-drones",
            publisher="Wire Daily",
            published_at=datetime(2026, 3, 20, 8, 0, tzinfo=UTC),
        )
    assert created
    claim = Claim.objects.get(article=article, text__icontains="91 long-range drones")

    assert claim.already_checked_id == published_false.pk
    reappearance = Reappearance.objects.get()
    assert (reappearance.factcheck_id, reappearance.claim_id) == (published_false.pk, claim.pk)
    assert reappearance.publisher == "Wire Daily"
    assert reappearance.article_url == "https://wire.example/lavrov-drones"
    assert reappearance.appeared_at == datetime(2026, 3, 20, 8, 0, tzinfo=UTC)
    assert reappearance.claimant == claim.claimant and "Lavrov" in claim.claimant
    assert reappearance.score >= 0.55

    notes = Notification.objects.filter(kind=Notification.Kind.REAPPEARED)
    assert sorted(notes.values_list("user__username", flat=True)) == sorted([editor.username, other_editor.username])
    assert all(note.claim_id == claim.pk and published_false.url in note.message for note in notes)

    delivery = WebhookDelivery.objects.get(event="claim.reappeared")
    assert delivery.status == WebhookDelivery.Status.DELIVERED
    assert delivery.dedupe_key == f"claim.reappeared:{reappearance.pk}"
    (request,) = reappearance_hook.requests
    assert request.signature_valid
    assert request.headers["X-Factcheck-Event"] == "claim.reappeared"
    body = reappearance_hook.payloads()[0]
    assert body["factcheck"]["id"] == published_false.pk and body["factcheck"]["rating"] == "false"
    assert body["claim"]["id"] == claim.pk and body["article"]["publisher"] == "Wire Daily"

    # Redelivered matching tasks, in-process and through the worker's task, change nothing and send nothing.
    from workers.review import claim_match_suggest as task

    with django_capture_on_commit_callbacks(execute=True):
        claim_match_suggest(claim_id=claim.pk)
        task.apply(args=[claim.pk]).get()
    assert Reappearance.objects.count() == 1
    assert notes.count() == 2
    assert WebhookDelivery.objects.filter(event="claim.reappeared").count() == 1
    assert len(reappearance_hook.requests) == 1
    assert Claim.objects.get(pk=claim.pk).already_checked_id == published_false.pk


def _suggest_later_claim(text: str, **extra) -> Claim:
    claim = report_claim_create(text=text, claimant="Sergei Lavrov", status="new", **extra)
    claim_match_suggest(claim_id=claim.pk)
    claim.refresh_from_db()
    return claim


def test_an_unrelated_claim_is_not_marked(published_false, settings):
    claim = _suggest_later_claim("The city council approved a new budget for road repairs.")
    assert claim.already_checked_id is None
    assert not Reappearance.objects.exists()


def test_imported_fact_checks_count_only_with_a_rating(db, settings):
    settings.FACTCHECK_AUTO_DUPLICATE_THRESHOLD = 1.1
    unrated = FactCheck.objects.create(
        origin=FactCheck.Origin.IMPORTED,
        url="https://elsewhere.example/drones",
        claim_text="Ukraine tried to attack Putin's residence with 91 long-range drones",
        claimant="Sergei Lavrov",
    )
    claim = _suggest_later_claim("Ukraine tried to attack Putin's residence with 91 long-range drones.")
    assert claim.matches.filter(matched_factcheck=unrated).exists()
    assert claim.already_checked_id is None and not Reappearance.objects.exists()

    FactCheck.objects.filter(pk=unrated.pk).update(rating="False")
    again = _suggest_later_claim("Ukraine tried to attack Putin's residence with 91 long-range drones.")
    assert again.already_checked_id == unrated.pk
    assert Reappearance.objects.get().claim_id == again.pk


def test_a_claim_older_than_the_fact_check_is_not_a_reappearance(published_false, settings):
    settings.FACTCHECK_AUTO_DUPLICATE_THRESHOLD = 1.1
    claim = report_claim_create(
        text="Ukraine tried to attack Putin's residence with 91 long-range drones.", claimant="Sergei Lavrov"
    )
    Claim.objects.filter(pk=claim.pk).update(created_at=published_false.published_at.replace(year=2020))
    claim_match_suggest(claim_id=claim.pk)
    assert claim.matches.filter(matched_factcheck=published_false).exists()
    assert not Reappearance.objects.exists()
    # Its own fact-check never counts either, however well it matches.
    own = published_false.claim
    ClaimMatch.objects.create(claim=own, matched_factcheck=published_false, score=0.99)
    assert claim_reappearances_record(claim_id=own.pk, matches=list(own.matches.all())) == []
    assert not Reappearance.objects.exists()
