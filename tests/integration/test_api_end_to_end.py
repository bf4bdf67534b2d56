"""A newsroom script drives one claim from an ingested article to a published fact-check through the API alone,
with a real Celery worker doing the background steps (extraction, assignment, evidence, publishing)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from claims.models import CheckerProfile
from tests.support import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ARTICLE = (
    "Jobs report shows record low unemployment\n\n"
    "Unemployment fell to 3.1 percent in March, the lowest level since 1969, the Labour Department said on "
    "Friday. Finance minister Anna Berg said the economy created 250,000 new jobs in the first quarter. "
    'Critics were not convinced. "Wages have fallen by 4 percent since 2020," said union leader Tom Hale. '
    "The central bank raised interest rates three times last year."
)


def login(username: str) -> APIClient:
    """What a script does first: exchange a password for a token."""
    client = APIClient()
    response = client.post("/api/auth/token/", {"username": username, "password": f"pw-{username}"}, format="json")
    assert response.status_code == 200, response.content
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    return client


def ok(response, status: int = 200) -> dict | list:
    assert response.status_code == status, response.content
    return response.json()


def test_a_claim_goes_from_article_to_published_fact_check_through_the_api(
    celery_worker_process, editor, other_editor, checker, other_checker
):
    CheckerProfile.objects.create(user=other_checker, is_available=False)
    edna, eddie, chris = login("edna"), login("eddie"), login("chris")

    # The desk's queue, polled before the article arrives: an empty page, now in the list cache.
    assert ok(edna.get("/api/claims/?status=new"))["results"] == []
    job = ok(edna.post("/api/articles/", {"title": "Jobs report", "text": ARTICLE}, format="json"), 202)
    job = wait_for(
        lambda: (j := edna.get(f"/api/ingestion-jobs/{job['id']}/").json())["status"] in ("done", "failed") and j,
        timeout=120,
        message="the ingestion job to finish",
    )
    assert job["status"] == "done", job
    article_id = next(item["article"] for item in job["items"] if item["article"])

    claims = ok(edna.get(f"/api/claims/?article={article_id}&status=new"))["results"]
    assert claims, "the article produced no claims"
    # The worker's commits outdated the cached queue page: the same URL now lists the new claims.
    assert {c["id"] for c in ok(edna.get("/api/claims/?status=new"))["results"]} == {c["id"] for c in claims}
    claim = next((c for c in claims if "3.1 percent" in c["text"]), claims[0])
    assert claim["article"]["id"] == article_id
    assert "accept" in claim["available_transitions"]
    url = f"/api/claims/{claim['id']}"

    ok(edna.post(f"{url}/accept/", {}, format="json"))
    # The worker assigns the accepted claim to the only available checker.
    assigned = wait_for(
        lambda: (c := edna.get(f"{url}/").json())["status"] == "assigned" and c,
        timeout=60,
        message="automatic assignment",
    )
    assert assigned["assignee"]["username"] == "chris"
    assert [c["id"] for c in ok(chris.get("/api/claims/?status=assigned"))["results"]] == [claim["id"]]
    # The editor then assigns it explicitly (a reassignment keeps it with the checker the desk wants).
    ok(edna.post(f"{url}/assign/", {"assignee": other_checker.pk, "note": "Charlie knows labour data."}, format="json"))
    ok(edna.post(f"{url}/assign/", {"assignee": checker.pk}, format="json"))

    me = ok(chris.get("/api/users/me/"))
    assert claim["id"] in [c["id"] for c in me["open_claims"]]
    assert ok(chris.post(f"{url}/start_research/", {}, format="json"))["status"] == "researching"
    ok(
        chris.post(
            f"{url}/evidence/",
            {
                "url": "https://stats.example/labour/march",
                "title": "Labour force survey, March",
                "excerpt": "The unemployment rate was 3.1 percent.",
                "stance": "supports",
            },
            format="json",
        ),
        201,
    )
    verdict = {"rating": "true", "summary": "Correct.", "explanation": "The survey puts it at 3.1 percent."}
    assert ok(chris.post(f"{url}/submit_verdict/", verdict, format="json"))["status"] == "in_review"

    # Four eyes: the verdict's author cannot publish; another editor does.
    assert chris.post(f"{url}/publish/", {}, format="json").status_code == 403
    assert ok(eddie.post(f"{url}/publish/", {}, format="json"))["status"] == "published"

    factcheck = wait_for(
        lambda: next(
            (f for f in APIClient().get("/api/fact-checks/").json()["results"] if f["rating"] == "true"), None
        ),
        timeout=60,
        message="the fact-check to be published by the worker",
    )
    assert factcheck["claim_text"] == claim["text"]
    assert factcheck["claim_review"]["reviewRating"]["alternateName"]
    history = [event["transition"] for event in ok(edna.get(f"{url}/history/"))]
    assert history == ["accept", "assign", "assign", "assign", "start_research", "submit_verdict", "publish"]
