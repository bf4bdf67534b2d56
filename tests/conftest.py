"""Fixtures shared by the whole suite. The suite needs real PostgreSQL, Redis and RabbitMQ; it stops at once,
naming what is unreachable, when one is missing."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from urllib.parse import urlparse

import pytest
import redis
from django.conf import settings

from claims.data_version import VERSIONS
from claims.models import Claim, Evidence
from tests.factories import claim_create, evidence_create, user_create
from tests.support import purge_broker, restore_roles, start_worker, stop_worker


def _unreachable_services() -> list[str]:
    problems = []
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        problems.append(f"DATABASE_URL must point at PostgreSQL for the tests (got {db['ENGINE']}).")
    else:
        import psycopg

        try:
            psycopg.connect(
                host=db["HOST"],
                port=db["PORT"] or 5432,
                user=db["USER"],
                password=db["PASSWORD"],
                dbname="postgres",
                connect_timeout=3,
            ).close()
        except psycopg.Error as exc:
            problems.append(f"PostgreSQL at {db['HOST']}:{db['PORT'] or 5432} is unreachable: {exc}".strip())
    broker = settings.CELERY_BROKER_URL
    if not broker.startswith("redis://"):
        problems.append(f"CELERY_BROKER_URL must point at Redis for the tests (got {broker}).")
    else:
        try:
            redis.Redis.from_url(broker, socket_connect_timeout=3).ping()
        except redis.RedisError as exc:
            parsed = urlparse(broker)
            problems.append(f"Redis at {parsed.hostname}:{parsed.port or 6379} is unreachable: {exc}")
    # The fault tests run against RabbitMQ too.
    from kombu import Connection

    from tests.support import RABBITMQ_URL

    try:
        with Connection(RABBITMQ_URL, connect_timeout=3) as connection:
            connection.ensure_connection(max_retries=1)
    except Exception as exc:
        problems.append(f"RabbitMQ at {RABBITMQ_URL} is unreachable: {exc}")
    return problems


def pytest_sessionstart(session: pytest.Session) -> None:
    problems = _unreachable_services()
    if problems:
        message = "The test suite needs real services:\n  - " + "\n  - ".join(problems)
        pytest.exit(message, returncode=3)


@pytest.fixture(autouse=True)
def _cache_entries_stay_in_their_test():
    """A test's rows are rolled back without a commit, so no write bumps the data versions: bump them after
    each test, or a later one could be served pages and tokens cached from rows that no longer exist."""
    yield
    for version in VERSIONS:
        version.bump()


@pytest.fixture(autouse=True)
def _roles_survive_flushes(request):
    """Transactional tests flush every table, the groups of migration 0002 included; put them back."""
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    if transactional or "transactional_db" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        restore_roles()


@pytest.fixture
def editor(db):
    return user_create("edna", "editor", is_staff=True)


@pytest.fixture
def other_editor(db):
    return user_create("eddie", "editor", is_staff=True)


@pytest.fixture
def checker(db):
    return user_create("chris", "checker", is_staff=True)


@pytest.fixture
def other_checker(db):
    return user_create("charlie", "checker", is_staff=True)


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser(username="root", password="pw-root", email="root@example.org")


@pytest.fixture
def make_claim(db) -> Callable[..., Claim]:
    """tests.factories.claim_create, for tests that take the database through a fixture."""
    return claim_create


@pytest.fixture
def make_evidence(db) -> Callable[..., Evidence]:
    return evidence_create


@pytest.fixture
def eager_celery(settings):
    """Unit tests only: run tasks in-process. Integration tests use `celery_worker_process`."""
    from factcheck.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = False
    app.conf.task_eager_propagates = False


@pytest.fixture
def celery_worker_process(transactional_db) -> Iterator[subprocess.Popen]:
    """A real worker for integration tests (use with `@pytest.mark.django_db(transaction=True)`)."""
    purge_broker()
    process = start_worker()
    try:
        yield process
    finally:
        stop_worker(process)
        purge_broker()
