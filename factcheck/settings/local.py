"""The embedded setup used by `make run` and `manage.py`: PostgreSQL with pgvector started from var/postgres
(unless DATABASE_URL is set) and a filesystem broker, nothing external needed."""

import os

from .env import embedded_database_url

os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("DJANGO_SECRET_KEY", "local-development-only-not-secret")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = embedded_database_url("factcheck")

from .base import *  # noqa: F403
from .base import VAR_DIR

VAR_DIR.mkdir(parents=True, exist_ok=True)
