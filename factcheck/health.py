"""GET /healthz: 200 when the database, the broker and at least one worker answer and the outbox is not
behind; 503 naming what is down."""

from __future__ import annotations

from django.conf import settings
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


def _check_outbox() -> tuple[str | None, dict]:
    from claims.selectors.outbox import outbox_backlog

    try:
        backlog = outbox_backlog()
    except Exception as exc:
        return f"outbox unreadable: {exc.__class__.__name__}: {exc}", {}
    age = backlog.oldest_unsent_seconds
    report = {"unsent": backlog.unsent, "oldest_unsent_seconds": round(age, 1) if age is not None else None}
    # Rows are sent at commit and the relay runs every few seconds: a row waiting longer means the broker or
    # beat has been down for that long.
    limit = settings.FACTCHECK_OUTBOX_MAX_AGE_SECONDS
    if age is not None and age > limit:
        return f"the oldest unsent task has waited {age:.0f} s (more than {limit} s)", report
    return None, report


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
    outbox: dict = {}
    if "database" not in problems:
        error, outbox = _check_outbox()
        if error:
            problems["outbox"] = error
    body = {
        "status": "ok" if not problems else "unavailable",
        "database": problems.get("database", "ok"),
        "broker": problems.get("broker", "ok"),
        "workers": problems.get("workers", workers),
        "outbox": {**outbox, "status": problems.get("outbox", "ok")},
    }
    return JsonResponse(body, status=200 if not problems else 503)
