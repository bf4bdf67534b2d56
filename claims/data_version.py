"""Versions of stored data that change after every committed write to it, so what is built from that data
(pages of the claim list, a token's user and roles) can be cached and still never be served stale.

Every write goes through a Django connection, whoever makes it: services, the admin, Celery tasks, the shell,
migrations, a test's flush. An execute wrapper on each connection spots statements that write to a watched
table and, once their transaction commits, replaces that data's version in the shared cache with a new random
token. A random token rather than a counter: concurrent writers cannot lose an increment, and a version evicted
from the cache never comes back to match entries written under it.

Readers take the version together with their entry (`read`) and store what they build under the version they
read (`write`). An entry built while a write was still uncommitted is stored under the version that write
replaces on commit, so it is never found again. Writes made outside Django (psql, another application) are not
seen: entries also expire on their own timeout.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.backends.base.base import BaseDatabaseWrapper

logger = logging.getLogger(__name__)


class DataVersion:
    def __init__(self, name: str, models: tuple[str, ...]) -> None:
        self.key = f"claims:data-version:{name}"
        self.models = models
        self._quoted_tables: tuple[str, ...] | None = None

        # One function object per version, so a transaction's pending bump can be found by identity.
        def bump() -> None:
            self.bump()

        self._bump_on_commit = bump

    def tables(self, connection: BaseDatabaseWrapper) -> tuple[str, ...]:
        """The watched tables' names (with their many-to-many tables) as PostgreSQL quotes them in SQL."""
        tables = self._quoted_tables
        if tables is None:
            quote = connection.ops.quote_name
            names = set()
            for label in self.models:
                model = apps.get_model(label)
                names.add(model._meta.db_table)
                # Membership tables such as auth_user_groups belong to the model that declares them.
                names.update(field.m2m_db_table() for field in model._meta.local_many_to_many)
            tables = tuple(quote(name) for name in sorted(names))
            self._quoted_tables = tables
        return tables

    def bump(self) -> None:
        """Give the data a new version; every entry stored under an older one is thereby out of date."""
        try:
            cache.set(self.key, secrets.token_hex(8), None)
        except Exception:
            # The write it follows is committed; a cache outage must not turn it into an error. Entries still
            # expire on their timeout.
            logger.exception("Could not replace the data version %s in the cache", self.key)

    def bump_after_commit(self, connection: BaseDatabaseWrapper) -> None:
        if not connection.in_atomic_block:
            self.bump()
        elif not self.has_pending_writes(connection):
            connection.on_commit(self._bump_on_commit)

    def has_pending_writes(self, connection: BaseDatabaseWrapper) -> bool:
        """Whether this connection's open transaction wrote watched data: its own reads see data no version
        describes yet, so nothing read now may be cached (or served from the cache)."""
        return any(callback is self._bump_on_commit for _, callback, _ in connection.run_on_commit)

    def read(self, key: str) -> tuple[str | None, Any]:
        """The current version and the entry stored at `key` under it (None if absent or built from older
        data), in one cache round trip. With the cache unreachable: (None, None), and the caller builds."""
        try:
            found = cache.get_many([self.key, key])
            version = found.get(self.key)
            if version is None:
                version = secrets.token_hex(8)
                if not cache.add(self.key, version, None):
                    version = cache.get(self.key, version)
                return version, None
        except Exception:
            # The cache only saves work: without it, everything is built from the database.
            logger.warning("Cache unreachable; building %s without it", key, exc_info=True)
            return None, None
        stored = found.get(key)
        if stored is None or stored[0] != version:
            return version, None
        return version, stored[1]

    def write(self, key: str, version: str | None, value: Any, timeout: int) -> None:
        """Store `value` under the version `read` returned (nothing when the cache was unreachable)."""
        if version is None:
            return
        try:
            cache.set(key, (version, value), timeout)
        except Exception:
            logger.warning("Cache unreachable; %s not stored", key, exc_info=True)


# What a claim list row shows or its available transitions read: the claim, its article, its assignee's
# username, its evidence count and its current verdict's author; and the languages that filter a checker's queue.
DESK = DataVersion(
    "desk",
    (
        "claims.Claim",
        "claims.Article",
        "claims.Evidence",
        "claims.Verdict",
        "claims.CheckerProfile",
        settings.AUTH_USER_MODEL,
    ),
)
# Who a personal token belongs to, whether that user is active, and their desk roles (group memberships).
ACCOUNTS = DataVersion("accounts", (settings.AUTH_USER_MODEL, "auth.Group", "authtoken.Token"))
VERSIONS = (DESK, ACCOUNTS)


def watch_writes(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
    """Execute wrapper: after a statement that may write watched tables, bump their versions on commit.

    Any statement other than a SELECT that names a watched table counts; a false alarm only costs a refill.
    """
    result = execute(sql, params, many, context)
    if sql.lstrip()[:6].upper() != "SELECT":
        connection = context["connection"]
        for version in VERSIONS:
            if any(table in sql for table in version.tables(connection)):
                version.bump_after_commit(connection)
    return result


def install(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """connection_created receiver: watch every connection's writes (once, however often it reconnects)."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)
