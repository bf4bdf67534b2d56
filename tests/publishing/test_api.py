"""The publishing API: public fact-checks for anyone, webhooks and their delivery log for administrators only."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from claims.models import Claim, Webhook, WebhookDelivery
from claims.services.publishing import claimreview_jsonld, factcheck_publish
from claims.services.webhooks import webhook_deliveries_queue
from tests.factories import published_verdict_create, report_claim_create

pytestmark = pytest.mark.django_db


def _publish(editor, checker, n: int = 1) -> list:
    factchecks = []
    for _ in range(n):
        i = Claim.objects.count()
        claim = report_claim_create(
            text=f"Claim number {i} about 91 drones.", article_url=f"https://news.example.org/{i}"
        )
        factchecks.append(
            factcheck_publish(verdict_id=published_verdict_create(claim, author=checker, publisher=editor).pk)
        )
    return factchecks


def test_fact_checks_are_readable_anonymously_with_their_claimreview(editor, checker):
    (factcheck,) = _publish(editor, checker)
    client = APIClient()

    listing = client.get("/api/fact-checks/")
    detail = client.get(f"/api/fact-checks/{factcheck.pk}/")

    assert listing.status_code == 200
    (row,) = listing.json()["results"]
    assert row["id"] == factcheck.pk and row["url"] == factcheck.url
    assert row["rating"] == "false" and row["rating_label"] == "False"
    assert row["claim_review"] == claimreview_jsonld(factcheck)
    assert datetime.fromisoformat(row["claim_review"]["datePublished"]) == factcheck.published_at
    assert row["claim_review"]["@type"] == "ClaimReview"
    assert detail.status_code == 200
    body = detail.json()
    assert body["explanation"].startswith("Explanation v1")
    assert [version["version"] for version in body["history"]] == [1]
    assert client.get(f"/api/fact-checks/{factcheck.pk + 999}/").status_code == 404
    assert client.post("/api/fact-checks/", {}).status_code in (401, 403, 405)


def test_fact_check_list_runs_a_constant_number_of_queries(editor, checker):
    _publish(editor, checker, n=3)
    client = APIClient()
    with CaptureQueriesContext(connection) as few:
        assert client.get("/api/fact-checks/").status_code == 200
    _publish(editor, checker, n=7)
    with CaptureQueriesContext(connection) as more:
        assert len(client.get("/api/fact-checks/").json()["results"]) == 10
    assert len(few.captured_queries) == len(more.captured_queries)


def test_rating_scale_is_published():
    response = APIClient().get("/api/fact-checks/rating-scale/")

    assert response.status_code == 200
    assert response.json()[0] == {"slug": "true", "label": "True", "value": 5}
    assert {"slug": "misleading", "label": "Misleading", "value": None} in response.json()


@pytest.mark.parametrize("who", ["anonymous", "checker", "editor"])
def test_webhooks_are_for_administrators_only(who, request):
    webhook = Webhook.objects.create(name="partner", url="https://hooks.example.org/in", secret="x")
    client = APIClient()
    if who != "anonymous":
        client.force_authenticate(request.getfixturevalue(who))

    assert client.get("/api/webhooks/").status_code in (401, 403)
    assert client.get(f"/api/webhooks/{webhook.pk}/deliveries/").status_code in (401, 403)
    created = client.post("/api/webhooks/", {"name": "x", "url": "https://a.example.org/"}, format="json")
    assert created.status_code in (401, 403)
    assert client.delete(f"/api/webhooks/{webhook.pk}/").status_code in (401, 403)
    assert Webhook.objects.count() == 1


def test_administrator_manages_webhooks_and_reads_deliveries(admin_user):
    client = APIClient()
    client.force_authenticate(admin_user)

    created = client.post(
        "/api/webhooks/",
        {"name": "partner", "url": "https://hooks.example.org/in", "events": ["factcheck.corrected"]},
        format="json",
    )
    assert created.status_code == 201
    body = created.json()
    # The generated secret is shown once, at creation.
    assert len(body["secret"]) >= 32
    webhook = Webhook.objects.get(pk=body["id"])
    assert webhook.secret == body["secret"] and webhook.events == ["factcheck.corrected"]
    assert "secret" not in client.get(f"/api/webhooks/{webhook.pk}/").json()

    webhook_deliveries_queue(event="factcheck.corrected", dedupe_key="factcheck.corrected:1:v2", payload={"a": 1})
    deliveries = client.get(f"/api/webhooks/{webhook.pk}/deliveries/")
    assert deliveries.status_code == 200
    (delivery,) = deliveries.json()["results"]
    assert (delivery["event"], delivery["status"], delivery["attempts"]) == ("factcheck.corrected", "pending", 0)

    paused = client.patch(f"/api/webhooks/{webhook.pk}/", {"is_active": False}, format="json")
    assert paused.status_code == 200 and paused.json()["is_active"] is False
    # A blank secret keeps the current one instead of signing with an empty key.
    blank = client.patch(f"/api/webhooks/{webhook.pk}/", {"secret": "", "name": "partner 2"}, format="json")
    assert blank.status_code == 200
    webhook.refresh_from_db()
    assert (webhook.name, webhook.secret) == ("partner 2", body["secret"])

    bad = client.post("/api/webhooks/", {"name": "bad", "url": "ftp://hooks.example.org/"}, format="json")
    assert bad.status_code == 400 and "url" in bad.json()["error"]["fields"]
    unknown_event = client.post(
        "/api/webhooks/", {"name": "bad", "url": "https://a.example.org/", "events": ["nope"]}, format="json"
    )
    assert unknown_event.status_code == 400

    assert client.delete(f"/api/webhooks/{webhook.pk}/").status_code == 204
    assert not WebhookDelivery.objects.exists()
