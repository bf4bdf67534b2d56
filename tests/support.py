"""Helpers for integration tests: a real Celery worker process and waiting on its effects."""

from __future__ import annotations

import importlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import redis
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def restore_roles() -> None:
    """Re-run the roles data migration (idempotent) after a flush emptied the groups."""
    from django.apps import apps

    importlib.import_module("claims.migrations.0002_roles").create_roles(apps, None)


def broker() -> redis.Redis:
    return redis.Redis.from_url(settings.CELERY_BROKER_URL)


def purge_broker() -> None:
    broker().flushdb()


def broker_backlog() -> int:
    """Messages waiting in the task queues plus those delivered but not yet acknowledged."""
    client = broker()
    queued = sum(client.llen(key) for key in client.keys("*") if client.type(key) == b"list")
    return queued + client.hlen("unacked")


def wait_drained(timeout: float = 40.0) -> None:
    """Until the broker has held no message (queued or unacknowledged) for half a second.

    With late acknowledgement a task's message stays unacknowledged until the task has finished, so this also
    waits for the tasks that are running, unlike asking the workers what they hold.
    """
    deadline = time.monotonic() + timeout
    quiet_since = None
    while time.monotonic() < deadline:
        if broker_backlog() == 0:
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since >= 0.5:
                return
        else:
            quiet_since = None
        time.sleep(0.05)
    raise AssertionError(f"the broker still holds {broker_backlog()} messages after {timeout} s")


def database_url(db: dict) -> str:
    """A DATABASE_URL for Django's database settings `db`; a socket folder as host is percent-encoded."""
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    host = quote(db["HOST"] or "127.0.0.1", safe="")
    return f"postgres://{quote(db['USER'], safe='')}{password}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(*, concurrency: int = 2, extra_env: dict[str, str] | None = None) -> subprocess.Popen:
    """A real `celery worker` process on the test database and the test broker."""
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "factcheck.settings.test",
        "DATABASE_URL": database_url(db),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "FACTCHECK_CACHE_KEY_PREFIX": settings.CACHES["default"]["KEY_PREFIX"],
        **(extra_env or {}),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "factcheck",
            "worker",
            "--queues",
            "ingestion,workflow",
            "--concurrency",
            str(concurrency),
            "--pool",
            "prefork",
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
            "--hostname",
            f"test-{os.getpid()}-{time.monotonic_ns()}@%h",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    from factcheck.celery import app

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"celery worker exited with {process.returncode}")
        if app.control.ping(timeout=0.5):
            return process
    stop_worker(process)
    raise RuntimeError("celery worker did not answer a ping within 60 s")


def stop_worker(process: subprocess.Popen, *, sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_for(predicate, *, timeout: float = 30.0, interval: float = 0.1, message: str = "condition"):
    """Poll until `predicate()` is truthy; integration tests wait on the worker's effects this way."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {message}")
