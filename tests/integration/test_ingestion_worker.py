"""Ingestion with a real worker: an article posted through the API becomes claims; a redelivered item and a
concurrent ingestion of the same article change nothing."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from claims.models import Article, Claim, IngestionItem, IngestionJob
from tests.support import ROOT, wait_drained, wait_for
from workers.ingestion import ingestion_item_process

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# The seed article: real news with many claims a desk would check (shipped in the repository).
ARTICLE = (ROOT / "seeds" / "000_916fa07feb4c464c.txt").read_text(encoding="utf-8")


def _job_finished(job_id: int) -> IngestionJob | None:
    job = IngestionJob.objects.get(pk=job_id)
    return job if job.status in (IngestionJob.Status.DONE, IngestionJob.Status.FAILED) else None


def _post(editor, body: dict) -> int:
    api = APIClient()
    api.force_authenticate(editor)
    response = api.post("/api/articles/", body, format="json")
    assert response.status_code == 202, response.content
    return response.json()["id"]


def test_posted_article_becomes_claims_and_redelivery_changes_nothing(celery_worker_process, editor):
    job_id = _post(editor, {"title": "Drones", "text": ARTICLE, "url": "https://news.example/drones"})
    job = wait_for(lambda: _job_finished(job_id), timeout=120, message="the ingestion job")
    assert job.status == IngestionJob.Status.DONE, list(job.items.values("error"))
    assert job.succeeded == 1 and job.claims_created >= 1
    # Matching runs for each new claim after the job; let it settle before taking the snapshot.
    wait_drained(timeout=60)
    article = Article.objects.get(url="https://news.example/drones")
    claims = list(article.claims.values_list("id", "start", "end", "quote", "status"))
    assert len(claims) == job.claims_created
    assert all(article.text[start:end] == quote for _, start, end, quote, _ in claims)
    item = job.items.get()
    before = (item.status, item.article_id, item.claims_created, item.processed_at)

    # The broker delivers the same message again (e.g. an ack lost with a worker): nothing changes.
    ingestion_item_process.delay(item.pk)
    ingestion_item_process.delay(item.pk)
    wait_drained()
    item.refresh_from_db()
    assert (item.status, item.article_id, item.claims_created, item.processed_at) == before
    assert list(article.claims.values_list("id", "start", "end", "quote", "status")) == claims
    job.refresh_from_db()
    assert (job.succeeded, job.claims_created) == (1, len(claims))


def test_concurrent_ingestion_of_one_article_gives_one_article(celery_worker_process, editor):
    # Two worker processes take the two copies at the same time.
    job_id = _post(editor, {"items": [{"text": ARTICLE}, {"text": ARTICLE}]})
    other_id = _post(editor, {"text": ARTICLE})
    for waiting in (job_id, other_id):
        wait_for(lambda waiting=waiting: _job_finished(waiting), timeout=120, message="the ingestion jobs")
    assert Article.objects.count() == 1
    article = Article.objects.get()
    statuses = sorted(IngestionItem.objects.values_list("status", flat=True))
    assert statuses == ["done", "duplicate", "duplicate"]
    assert IngestionItem.objects.filter(article=article).count() == 3
    spans = list(Claim.objects.values_list("start", "end"))
    assert len(spans) == len(set(spans)) == IngestionItem.objects.get(status="done").claims_created
