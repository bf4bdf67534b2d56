"""GET /healthz: 200 when the database, the broker and at least one worker answer; 503 naming what is down."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from factcheck.celery import app

PING_TIMEOUT_SECONDS = 2.0


def _check_database() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means "down"; the reason is reported
        return f"database unreachable: {exc.__class__.__name__}: {exc}"
    return None


def _check_broker() -> str | None:
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=PING_TIMEOUT_SECONDS)
            # Virtual transports (Redis, filesystem) connect lazily; opening a channel reaches the broker.
            conn.default_channel  # noqa: B018
    except Exception as exc:
        return f"broker unreachable: {exc.__class__.__name__}: {exc}"
    return None


def _check_workers() -> tuple[str | None, list[str]]:
    try:
        replies = app.control.ping(timeout=PING_TIMEOUT_SECONDS) or []
    except Exception as exc:
        return f"workers unreachable: {exc.__class__.__name__}: {exc}", []
    names = sorted(name for reply in replies for name in reply)
    if not names:
        return "no Celery worker answered", []
    return None, names


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    problems: dict[str, str] = {}
    if error := _check_database():
        problems["database"] = error
    if error := _check_broker():
        problems["broker"] = error
        workers: list[str] = []
    else:
        error, workers = _check_workers()
        if error:
            problems["workers"] = error
    body = {
        "status": "ok" if not problems else "unavailable",
        "database": problems.get("database", "ok"),
        "broker": problems.get("broker", "ok"),
        "workers": problems.get("workers", workers),
    }
    return JsonResponse(body, status=200 if not problems else 503)
