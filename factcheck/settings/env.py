"""Typed readers for settings that come from the environment."""

import os
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from factcheck.paths import var_dir

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Set the {name} environment variable.")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    lowered = raw.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (got {raw!r}).")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer (got {raw!r}).") from exc


def env_float(name: str, default: float | None) -> float | None:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a number (got {raw!r}).") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def embedded_database_url(database: str) -> str:
    """The embedded PostgreSQL (pgvector included) in var/postgres, started if need be: the local and test
    default when DATABASE_URL is not set."""
    from factcheck.embedded_postgres import database_url

    return database_url(var_dir() / "postgres", database)


def cache_from_url(url: str) -> dict[str, Any]:
    """A CACHES entry from a URL: `redis://host:port/db`, `file:///absolute/folder` or `locmem://`."""
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme in ("redis", "rediss", "unix"):
        # A cache that hangs must not hang requests: they carry on without it (claims.data_version).
        options = {"socket_connect_timeout": 1, "socket_timeout": 1}
        return {"BACKEND": "factcheck.cache.RedisCache", "LOCATION": url, "OPTIONS": options}
    if scheme == "file":
        return {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": url[len("file://") :]}
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    raise ImproperlyConfigured(f"FACTCHECK_CACHE_URL must be redis://, file:// or locmem:// (got {url!r}).")
