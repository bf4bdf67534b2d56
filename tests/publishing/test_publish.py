"""factcheck_publish: the public FactCheck, its ClaimReview, versions and the webhooks they queue."""

from __future__ import annotations

from datetime import date

import pytest

from claims.errors import InvalidInput
from claims.models import FactCheck, Verdict, Webhook, WebhookDelivery
from claims.services.publishing import claimreview_jsonld, factcheck_publish
from tests.factories import published_verdict_create, report_claim_create

pytestmark = pytest.mark.django_db


def _assert_claimreview_shape(document: dict) -> None:
    assert document["@context"] == "https://schema.org"
    assert document["@type"] == "ClaimReview"
    assert isinstance(document["claimReviewed"], str) and document["claimReviewed"]
    assert document["url"].startswith("http")
    assert document["reviewRating"]["@type"] == "Rating"
    assert document["reviewRating"]["alternateName"]
    assert document["itemReviewed"]["@type"] == "Claim"
    date.fromisoformat(document["itemReviewed"]["datePublished"])
    assert document["author"]["@type"] == "Organization" and document["author"]["name"]


def test_claimreview_for_a_numeric_rating(settings, editor, checker):
    settings.FACTCHECK_SITE_URL = "https://checks.example.org"
    settings.FACTCHECK_ORGANIZATION_NAME = "Example Checks"
    settings.FACTCHECK_ORGANIZATION_URL = "https://example.org/about"
    claim = report_claim_create(article_url="https://news.example.org/drones")
    verdict = published_verdict_create(claim, author=checker, publisher=editor, rating="mostly-false")

    factcheck = factcheck_publish(verdict_id=verdict.pk)
    document = claimreview_jsonld(factcheck)

    _assert_claimreview_shape(document)
    assert document["url"] == f"https://checks.example.org/fact-checks/{factcheck.pk}/" == factcheck.url
    assert document["claimReviewed"] == "The city received 91 drones overnight."
    assert document["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Mostly false",
        "ratingValue": 2,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert document["itemReviewed"]["author"] == {"@type": "Person", "name": "Sergei Lavrov"}
    # When the claim was made (the article's date), not when it was checked.
    assert document["itemReviewed"]["datePublished"] == "2026-03-14"
    assert document["itemReviewed"]["appearance"]["@type"] == "CreativeWork"
    assert document["itemReviewed"]["appearance"]["url"] == "https://news.example.org/drones"
    assert document["author"] == {"@type": "Organization", "name": "Example Checks", "url": "https://example.org/about"}
    assert document["datePublished"] == verdict.published_at.isoformat()
    assert "dateModified" not in document


def test_claimreview_for_a_rating_off_the_numeric_scale(editor, checker):
    claim = report_claim_create(claimant="Ministry of Defence")
    verdict = published_verdict_create(claim, author=checker, publisher=editor, rating="misleading")

    document = claimreview_jsonld(factcheck_publish(verdict_id=verdict.pk))

    _assert_claimreview_shape(document)
    assert document["reviewRating"] == {"@type": "Rating", "alternateName": "Misleading"}
    assert document["itemReviewed"]["author"] == {"@type": "Organization", "name": "Ministry of Defence"}


def test_claim_asserted_by_the_article_itself_is_attributed_to_its_author(editor, checker):
    claim = report_claim_create(claimant="")
    verdict = published_verdict_create(claim, author=checker, publisher=editor)

    document = claimreview_jsonld(factcheck_publish(verdict_id=verdict.pk))

    assert document["itemReviewed"]["author"] == {"@type": "Person", "name": "Ann Reporter"}


def test_the_numeric_scale_follows_the_configured_ratings(settings, editor, checker):
    settings.FACTCHECK_RATING_SCALE = [("correct", "Correct", 10), ("wrong", "Wrong", 0), ("mixed", "Mixed", None)]
    claim = report_claim_create()
    verdict = published_verdict_create(claim, author=checker, publisher=editor, rating="correct")

    rating = claimreview_jsonld(factcheck_publish(verdict_id=verdict.pk))["reviewRating"]

    assert rating == {
        "@type": "Rating",
        "alternateName": "Correct",
        "ratingValue": 10,
        "bestRating": 10,
        "worstRating": 0,
    }


def test_publishing_creates_the_fact_check_from_the_verdict(editor, checker):
    claim = report_claim_create(article_published_at=None)
    verdict = published_verdict_create(
        claim, author=checker, publisher=editor, rating="false", summary="It did not happen."
    )

    factcheck = factcheck_publish(verdict_id=verdict.pk)

    assert factcheck.origin == FactCheck.Origin.PUBLISHED
    assert factcheck.claim == claim and factcheck.verdict == verdict
    assert (factcheck.claim_text, factcheck.claimant) == (claim.text, "Sergei Lavrov")
    assert (factcheck.rating, factcheck.summary, factcheck.version) == ("false", "It did not happen.", 1)
    assert factcheck.published_at == verdict.published_at
    # Without a publication date, the claim was made when the article came in.
    assert factcheck.claim_date == claim.article.created_at.date()


def test_publishing_twice_changes_nothing_the_second_time(editor, checker):
    Webhook.objects.create(name="partner", url="https://hooks.example.org/in", secret="x")
    claim = report_claim_create()
    verdict = published_verdict_create(claim, author=checker, publisher=editor)

    first = factcheck_publish(verdict_id=verdict.pk)
    before = FactCheck.objects.values().get(pk=first.pk)
    second = factcheck_publish(verdict_id=verdict.pk)

    assert second.pk == first.pk
    assert FactCheck.objects.count() == 1
    assert FactCheck.objects.values().get(pk=first.pk) == before
    assert WebhookDelivery.objects.count() == 1


def test_unpublished_verdict_is_refused(editor, checker):
    claim = report_claim_create(status="in_review")
    verdict = Verdict.objects.create(
        claim=claim, version=1, rating="false", summary="s", explanation="e", author=checker
    )

    with pytest.raises(InvalidInput):
        factcheck_publish(verdict_id=verdict.pk)
    assert not FactCheck.objects.exists()


def test_correction_makes_a_new_version_and_keeps_the_history(editor, checker):
    all_events = Webhook.objects.create(name="all", url="https://hooks.example.org/all", secret="x")
    corrections_only = Webhook.objects.create(
        name="corrections", url="https://hooks.example.org/c", secret="y", events=["factcheck.corrected"]
    )
    claim = report_claim_create()
    first = published_verdict_create(claim, author=checker, publisher=editor, rating="false")
    factcheck = factcheck_publish(verdict_id=first.pk)
    second = published_verdict_create(
        claim, author=checker, publisher=editor, rating="half-true", correction_note="The count was 19, not 91."
    )

    corrected = factcheck_publish(verdict_id=second.pk)
    factcheck_publish(verdict_id=second.pk)  # a redelivery

    assert corrected.pk == factcheck.pk and corrected.url == factcheck.url
    assert (corrected.version, corrected.rating, corrected.verdict_id) == (2, "half-true", second.pk)
    # The first publication date stays; the correction shows as dateModified.
    assert corrected.published_at == first.published_at
    document = claimreview_jsonld(corrected)
    assert document["datePublished"] == first.published_at.isoformat()
    assert document["dateModified"] == second.published_at.isoformat()
    first.refresh_from_db()
    assert first.published_at is not None

    deliveries = {(d.webhook_id, d.event, d.dedupe_key) for d in WebhookDelivery.objects.all()}
    assert deliveries == {
        (all_events.pk, "factcheck.published", f"factcheck.published:{factcheck.pk}:v1"),
        (all_events.pk, "factcheck.corrected", f"factcheck.corrected:{factcheck.pk}:v2"),
        (corrections_only.pk, "factcheck.corrected", f"factcheck.corrected:{factcheck.pk}:v2"),
    }
    payload = WebhookDelivery.objects.get(webhook=corrections_only).payload
    assert payload["event"] == "factcheck.corrected"
    assert payload["factcheck"]["version"] == 2
    assert payload["factcheck"]["correction_note"] == "The count was 19, not 91."
    assert payload["claim_review"]["reviewRating"]["alternateName"] == "Half true"


def test_a_late_redelivery_of_an_earlier_version_does_not_undo_a_correction(editor, checker):
    claim = report_claim_create()
    first = published_verdict_create(claim, author=checker, publisher=editor, rating="false")
    factcheck_publish(verdict_id=first.pk)
    second = published_verdict_create(claim, author=checker, publisher=editor, rating="true", correction_note="Fixed.")
    factcheck_publish(verdict_id=second.pk)

    factcheck = factcheck_publish(verdict_id=first.pk)

    assert (factcheck.version, factcheck.rating) == (2, "true")


def test_published_deliveries_are_sent_after_commit(eager_celery, django_capture_on_commit_callbacks, editor, checker):
    Webhook.objects.create(name="unreachable", url="https://hooks.invalid/in", secret="x")
    claim = report_claim_create()
    verdict = published_verdict_create(claim, author=checker, publisher=editor)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        factcheck_publish(verdict_id=verdict.pk)
    delivery = WebhookDelivery.objects.get()
    # Sent once the transaction commits (with the fact-check's multilingual embedding), never before.
    assert delivery.attempts == 0 and callbacks

    for callback in callbacks:
        callback()
    delivery.refresh_from_db()
    assert delivery.attempts == 1
    assert delivery.status == WebhookDelivery.Status.PENDING
    assert "does not resolve" in delivery.last_error
