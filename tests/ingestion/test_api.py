"""The intake API: 202 with a job, job status and per-item errors, articles with claims, feeds CRUD."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from claims.models import Article, Feed, IngestionJob
from claims.services.ingestion import ingestion_item_process
from tests.api.conftest import scoped_client

pytestmark = pytest.mark.django_db

TEXT = "The council approved 12 new buses on Monday. Residents welcomed it. Each bus costs 400,000 euros."


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()


def client(user=None) -> APIClient:
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api


def _process(job_id: int) -> None:
    for item_id in IngestionJob.objects.get(pk=job_id).items.values_list("id", flat=True):
        ingestion_item_process(item_id=item_id)


def test_post_article_answers_202_with_the_job(
    editor, fake_extraction, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr("workers.ingestion.ingestion_item_process.delay", lambda item_id: None)
    with django_capture_on_commit_callbacks(execute=True):
        response = client(editor).post(
            "/api/articles/",
            {"title": "Buses", "text": TEXT, "publisher": "Herald", "published_at": "2025-12-29T08:00:00Z"},
            format="json",
        )
    assert response.status_code == 202, response.json()
    job = response.json()
    assert job["status"] == "queued" and job["total"] == 1 and job["kind"] == "text"

    _process(job["id"])
    detail = client(editor).get(f"/api/ingestion-jobs/{job['id']}/").json()
    assert detail["status"] == "done"
    assert (detail["succeeded"], detail["failed"], detail["claims_created"]) == (1, 0, 2)
    assert detail["errors"] == []
    article_id = detail["items"][0]["article"]

    article = client(editor).get(f"/api/articles/{article_id}/").json()
    assert article["title"] == "Buses" and article["publisher"] == "Herald"
    assert article["published_at"].startswith("2025-12-29T08:00:00")
    assert [c["quote"] for c in article["claims"]] == [
        "The council approved 12 new buses on Monday.",
        "Each bus costs 400,000 euros.",
    ]
    for claim in article["claims"]:
        assert article["text"][claim["start"] : claim["end"]] == claim["quote"]

    listing = client(editor).get("/api/articles/").json()
    assert listing["results"][0]["id"] == article_id and listing["results"][0]["claim_count"] == 2
    jobs = client(editor).get("/api/ingestion-jobs/").json()
    assert jobs["results"][0]["id"] == job["id"]


def test_batches_report_per_item_errors(editor, fake_extraction):
    response = client(editor).post(
        "/api/articles/",
        {"items": [{"text": TEXT}, {"url": "http://192.168.0.1/a"}, {"html": "<p></p>"}]},
        format="json",
    )
    assert response.status_code == 202
    _process(response.json()["id"])
    detail = client(editor).get(f"/api/ingestion-jobs/{response.json()['id']}/").json()
    assert (detail["status"], detail["succeeded"], detail["failed"]) == ("done", 1, 2)
    assert [e["position"] for e in detail["errors"]] == [1, 2]
    assert "private" in detail["errors"][0]["error"]


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({}, 400, "text"),
        ({"title": "no body"}, 400, "text"),
        ({"text": "a", "html": "<p>b</p>"}, 400, "html"),
        ({"url": "not a url"}, 400, "url"),
        ({"url": "ftp://news.example/x"}, 400, None),
        ({"text": "a", "published_at": "last week"}, 400, "published_at"),
        ({"items": []}, 400, "items"),
        ({"items": [{"text": "fine"}, {"title": "broken"}]}, 400, "items"),
    ],
)
def test_malformed_input_is_a_400_and_writes_nothing(editor, body, status, field):
    response = client(editor).post("/api/articles/", body, format="json")
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["message"]
    if field:
        assert field in error.get("fields", {})
    assert IngestionJob.objects.count() == 0


def test_broken_json_and_undecodable_bodies_are_400(editor):
    api = client(editor)
    response = api.post("/api/articles/", b'{"text": "unterminated', content_type="application/json")
    assert response.status_code == 400
    response = api.post("/api/articles/", b'{"text": "\xff\xfe\x80"}', content_type="application/json")
    assert response.status_code == 400
    assert IngestionJob.objects.count() == 0


def test_oversized_articles_are_413(editor, settings):
    settings.FACTCHECK_MAX_ARTICLE_BYTES = 1000
    response = client(editor).post("/api/articles/", {"text": "x" * 2000}, format="json")
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 5000
    response = client(editor).post("/api/articles/", {"text": "x" * 6000}, format="json")
    assert response.status_code == 413
    assert IngestionJob.objects.count() == 0


def test_who_may_ingest(editor, checker, django_user_model):
    assert client(checker).post("/api/articles/", {"text": TEXT}, format="json").status_code == 403
    assert client(checker).get("/api/articles/").status_code == 200
    outsider = django_user_model.objects.create_user(username="outsider", password="x")
    assert client(outsider).get("/api/articles/").status_code == 403
    assert client().get("/api/articles/").status_code in (401, 403)
    assert scoped_client(editor, "read").post("/api/articles/", {"text": TEXT}, format="json").status_code == 403
    assert scoped_client(editor, "ingest").post("/api/articles/", {"text": TEXT}, format="json").status_code == 202


def test_unknown_ids_are_404(editor):
    assert client(editor).get("/api/articles/999999/").status_code == 404
    assert client(editor).get("/api/ingestion-jobs/999999/").status_code == 404
    assert client(editor).get("/api/feeds/999999/").status_code == 404


def test_feeds_crud(editor, checker):
    api = client(editor)
    response = api.post("/api/feeds/", {"url": "https://news.example/rss.xml", "poll_interval_minutes": 15})
    assert response.status_code == 201, response.json()
    feed_id = response.json()["id"]
    assert api.post("/api/feeds/", {"url": "https://news.example/rss.xml"}).status_code == 409
    assert api.post("/api/feeds/", {"url": "file:///etc/passwd"}).status_code == 400
    assert client(checker).post("/api/feeds/", {"url": "https://other.example/rss"}).status_code == 403
    assert [f["id"] for f in client(checker).get("/api/feeds/").json()["results"]] == [feed_id]
    response = api.patch(f"/api/feeds/{feed_id}/", {"is_active": False, "title": "Paused"}, format="json")
    assert response.status_code == 200 and response.json()["is_active"] is False
    assert api.patch(f"/api/feeds/{feed_id}/", {"poll_interval_minutes": 0}, format="json").status_code == 400
    assert api.get(f"/api/feeds/{feed_id}/").json()["title"] == "Paused"
    assert api.delete(f"/api/feeds/{feed_id}/").status_code == 204
    assert not Feed.objects.exists()


def test_article_list_filters(editor, fake_extraction):
    from claims.services.ingestion import article_ingest

    article_ingest(text="A text article with 1 claim.", title="Alpha")
    article_ingest(html="<html><body><article><p>An HTML article with 2 claims.</p></article></body></html>")
    assert Article.objects.count() == 2
    titles = [a["title"] for a in client(editor).get("/api/articles/?source=text").json()["results"]]
    assert titles == ["Alpha"]
    assert client(editor).get("/api/articles/?q=alp").json()["results"][0]["title"] == "Alpha"
    assert client(editor).get("/api/articles/?feed=x").status_code == 400
