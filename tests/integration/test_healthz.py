import pytest

from tests.support import purge_broker, start_worker, stop_worker

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_healthz_is_200_with_a_worker_and_503_naming_workers_once_it_stops(client):
    purge_broker()
    worker = start_worker(concurrency=1)
    try:
        response = client.get("/healthz")
        body = response.json()
        assert response.status_code == 200, body
        assert body["status"] == "ok"
        assert body["database"] == "ok" and body["broker"] == "ok"
        assert len(body["workers"]) >= 1
    finally:
        stop_worker(worker)

    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["workers"] == "no Celery worker answered"


def test_healthz_names_an_unreachable_broker(client, monkeypatch):
    from celery import Celery

    from factcheck import health

    # Celery lets the CELERY_BROKER_URL environment variable override the configured broker.
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")
    monkeypatch.setattr(health, "app", Celery("unreachable", set_as_current=False))
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["broker"].startswith("broker unreachable")
    assert body["database"] == "ok"


def test_healthz_reports_the_oldest_unsent_task_and_degrades_past_the_limit(client, settings):
    from datetime import timedelta

    from django.utils import timezone

    from claims.models import OutboxMessage

    body = client.get("/healthz").json()
    assert body["outbox"] == {"unsent": 0, "oldest_unsent_seconds": None, "status": "ok"}

    row = OutboxMessage.objects.create(
        task="workers.ingestion.feed_poll", args=[1], available_at=timezone.now() - timedelta(seconds=30)
    )
    body = client.get("/healthz").json()
    assert body["outbox"]["unsent"] == 1 and body["outbox"]["status"] == "ok"
    assert 30 <= body["outbox"]["oldest_unsent_seconds"] < 60

    OutboxMessage.objects.filter(pk=row.pk).update(
        available_at=timezone.now() - timedelta(seconds=settings.FACTCHECK_OUTBOX_MAX_AGE_SECONDS + 5)
    )
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["outbox"]["status"].startswith("the oldest unsent task has waited")
