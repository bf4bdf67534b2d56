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


def test_healthz_names_an_unreachable_broker(client, settings):
    from factcheck.celery import app

    original = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url = original
    assert response.status_code == 503
    body = response.json()
    assert body["broker"].startswith("broker unreachable")
    assert body["database"] == "ok"
