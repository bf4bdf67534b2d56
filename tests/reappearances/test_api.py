"""The API: the claim list's `already_checked` field and filter, and a fact-check's reappearance timeline."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from claims.models import FactCheck, Reappearance
from tests.api.conftest import scoped_client, token_client
from tests.factories import claim_create

pytestmark = pytest.mark.django_db


def reappear(factcheck: FactCheck, *, appeared_at: datetime, publisher: str = "Wire Daily") -> Reappearance:
    claim = claim_create(already_checked=factcheck)
    return Reappearance.objects.create(
        factcheck=factcheck,
        claim=claim,
        score=0.81,
        claimant="Sergei Lavrov",
        publisher=publisher,
        article_url=claim.article.url,
        appeared_at=appeared_at,
    )


def test_the_claim_list_marks_and_filters_claims_already_checked(factcheck, editor):
    marked = reappear(factcheck, appeared_at=timezone.now()).claim
    unmarked = claim_create()
    client = token_client(editor)

    rows = {row["id"]: row for row in client.get("/api/claims/").json()["results"]}
    assert rows[unmarked.pk]["already_checked"] is None
    assert rows[marked.pk]["already_checked"] == {
        "id": factcheck.pk,
        "rating": "false",
        "url": "https://factchecks.example/drones",
        "published_at": "2026-01-05T12:00:00Z",
    }
    assert client.get(f"/api/claims/{marked.pk}/").json()["already_checked"]["id"] == factcheck.pk
    assert [r["id"] for r in client.get("/api/claims/?already_checked=true").json()["results"]] == [marked.pk]
    assert [r["id"] for r in client.get("/api/claims/?already_checked=false").json()["results"]] == [unmarked.pk]
    refused = client.get("/api/claims/?already_checked=maybe")
    assert refused.status_code == 400 and "already_checked" in refused.json()["error"]["fields"]


def test_reappearances_newest_first_with_weekly_counts(factcheck, checker):
    now = timezone.now()
    old = reappear(factcheck, appeared_at=now - timedelta(days=14), publisher="Old Times")
    newer = [reappear(factcheck, appeared_at=now - timedelta(hours=hours)) for hours in (5, 1)]
    other = FactCheck.objects.create(
        origin="imported", url="https://factchecks.example/x", claim_text="x", rating="true"
    )
    reappear(other, appeared_at=now)

    response = token_client(checker).get(f"/api/fact-checks/{factcheck.pk}/reappearances/?page_size=2")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3 and body["next"]
    assert [row["id"] for row in body["results"]] == [newer[1].pk, newer[0].pk]
    first = body["results"][0]
    assert (first["claim"], first["publisher"], first["claimant"]) == (newer[1].claim_id, "Wire Daily", "Sergei Lavrov")
    weekly = body["weekly"]
    assert len(weekly) == 12

    def monday(moment: datetime) -> str:
        day = timezone.localdate(moment)
        return (day - timedelta(days=day.weekday())).isoformat()

    assert weekly[-1]["week"] == monday(now)
    expected: dict[str, int] = {}
    for row in (old, *newer):
        expected[monday(row.appeared_at)] = expected.get(monday(row.appeared_at), 0) + 1
    assert {week["week"]: week["count"] for week in weekly if week["count"]} == expected
    second_page = token_client(checker).get(body["next"]).json()
    assert [row["id"] for row in second_page["results"]] == [old.pk]


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 401), ("ingest_token", 403), ("read_token", 200), ("checker", 200), ("editor", 200)],
)
def test_reappearances_are_for_the_desk(request, factcheck, who, expected):
    if who == "anonymous":
        from rest_framework.test import APIClient

        client = APIClient()
    elif who.endswith("_token"):
        client = scoped_client(request.getfixturevalue("editor"), who.removesuffix("_token"))
    else:
        client = token_client(request.getfixturevalue(who))
    response = client.get(f"/api/fact-checks/{factcheck.pk}/reappearances/")
    assert response.status_code == expected
    if expected >= 400:
        assert set(response.json()) == {"error"}


def test_unknown_and_unrated_fact_checks_are_404(factcheck, editor):
    unrated = FactCheck.objects.create(origin="imported", url="https://factchecks.example/u", claim_text="u")
    client = token_client(editor)
    for pk in (unrated.pk, 987654, 2**63 - 1, 2**64):
        response = client.get(f"/api/fact-checks/{pk}/reappearances/")
        assert response.status_code == 404, pk
        assert set(response.json()) == {"error"}


def test_the_schema_documents_the_mark_the_filter_and_the_timeline(client):
    schema = client.get("/api/schema/?format=json").json()
    claim = schema["components"]["schemas"]["Claim"]["properties"]
    assert "already_checked" in claim
    parameters = {p["name"] for p in schema["paths"]["/api/claims/"]["get"]["parameters"]}
    assert "already_checked" in parameters
    timeline = schema["paths"]["/api/fact-checks/{id}/reappearances/"]["get"]
    page = timeline["responses"]["200"]["content"]["application/json"]["schema"]
    assert page["$ref"].endswith("PaginatedReappearanceList")
    assert "weekly" in schema["components"]["schemas"]["PaginatedReappearanceList"]["properties"]
