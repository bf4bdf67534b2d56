"""Django's Redis cache backend, keeping one redis-py client per connection pool, with an atomic counter for
the API's throttles (claims.api.throttles).

Django builds a new `redis.Redis` for every cache operation, and each one fills its own table of response
callbacks (about 170 entries): on an API request that reads throttles and a cached page, building clients cost
more CPU than the round trips. A client is safe to share: it takes a pooled connection for each command.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
        self._scripts: dict[int, Any] = {}

    # One command (EVALSHA) rather than a MULTI/INCR/EXPIRE/GET/EXEC pipeline: redis-py spends more CPU packing
    # and parsing five commands than Redis spends running the script.
    INCR_AND_GET = (
        "local count = redis.call('INCR', KEYS[1]) "
        "redis.call('EXPIRE', KEYS[1], ARGV[1]) "
        "return {count, redis.call('GET', KEYS[2])}"
    )

    def incr_and_get(self, incr_key: str, get_key: str, timeout: int) -> tuple[int, int]:
        """Add one to the counter at `incr_key` (created at 0, expiring `timeout` seconds from now) and read the
        counter at `get_key`, atomically, in one round trip."""
        incr_key, get_key = self.make_and_validate_key(incr_key), self.make_and_validate_key(get_key)
        client = self._cache.get_client(incr_key, write=True)
        script = self._scripts.get(id(client))
        if script is None:
            script = self._scripts[id(client)] = client.register_script(self.INCR_AND_GET)
        count, other = script(keys=[incr_key, get_key], args=[timeout])
        return count, int(other or 0)


def incr_and_get(cache: Any, incr_key: str, get_key: str, timeout: int) -> tuple[int, int]:
    """The counter at `incr_key` after adding one (expiring after `timeout` seconds) and the counter at
    `get_key`: atomic on Redis; on the other backends (the embedded file cache, a test's memory cache)
    add-then-incr, near enough for one machine."""
    atomic = getattr(cache, "incr_and_get", None)  # through django.core.cache.cache's proxy too
    if atomic is not None:
        return atomic(incr_key, get_key, timeout)
    cache.add(incr_key, 0, timeout)
    try:
        count = cache.incr(incr_key)
    except ValueError:  # expired between the two calls
        cache.add(incr_key, 1, timeout)
        count = 1
    return count, int(cache.get(get_key) or 0)
