"""Tests run against real PostgreSQL (with pgvector) and Redis (see tests/conftest.py for the reachability check).

Without DATABASE_URL the tests use the embedded server in var/postgres (its test database is `test_factcheck`,
beside the `factcheck` database of `make run`).
"""

import os

from .env import embedded_database_url

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-not-secret")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = embedded_database_url("factcheck")
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
# Real Redis, as in production: the worker subprocesses of the integration tests share it with the test run.
os.environ.setdefault("FACTCHECK_CACHE_URL", "redis://127.0.0.1:6379/1")
# Short, so a task held by a killed worker is redelivered quickly in the reliability tests.
os.environ.setdefault("CELERY_VISIBILITY_TIMEOUT", "10")

from .base import *  # noqa: F403
from .base import CACHES, DATABASES, REST_FRAMEWORK, STATIC_ROOT

# Runs against different databases can share one Redis: keep their cache entries apart (the worker
# subprocesses of the integration tests are given the same prefix).
CACHES["default"]["KEY_PREFIX"] = os.environ.get("FACTCHECK_CACHE_KEY_PREFIX") or DATABASES["default"]["NAME"]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {
        "anon": "100000/min",
        "user": "100000/min",
        "token": "100000/min",
        "login": "100000/min",
    },
}

# WhiteNoise expects the collected-static folder to exist, even when nothing was collected.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
