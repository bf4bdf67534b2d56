"""Throttles: per anonymous client, per user, per scoped token, and for password logins.

Each keeps a counter per fixed window in the shared cache, bumped with one atomic increment, so the limit holds
across every web process and concurrent requests cannot overwrite each other's counts (DRF's own throttles read
a list of timestamps and write it back). The rate is checked against a sliding estimate: this window's count
plus the previous window's, weighted by how much of it still overlaps the last `duration` seconds, so a burst
at a window boundary cannot pass twice the rate. Refused requests count too: a client that keeps hammering
stays refused.

Clients are told apart by factcheck.client_address, which believes X-Forwarded-For only from trusted proxies.
When the cache cannot be reached, the API's request limits let requests through (an unreachable cache must not
take the API down with it), while password logins are refused with 503 (guessing must not get unlimited tries).

DRF loads this module while importing its own views (DEFAULT_THROTTLE_CLASSES): it must not import views."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from rest_framework import exceptions, status, throttling
from rest_framework.request import Request
from rest_framework.settings import api_settings

from claims.models import ApiToken
from factcheck.cache import incr_and_get
from factcheck.client_address import client_address

logger = logging.getLogger(__name__)


class _CountedWindows:
    """Window counters with a sliding estimate (see the module), the rate read from the current settings on each
    request (DRF binds rates at import time)."""

    scope: str
    cache: Any
    num_requests: int
    duration: int

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request: Request) -> str:
        return client_address(request)

    def allow_request(self, request: Request, view: Any) -> bool:
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        return key is None or self.allow_key(key)

    def allow_key(self, key: str) -> bool:
        """Count one request against `key`; False (with `retry_after` set) when that is over the rate."""
        now = self.timer()
        window = int(now // self.duration)
        try:
            current, previous = incr_and_get(self.cache, f"{key}:{window}", f"{key}:{window - 1}", 2 * self.duration)
        except Exception:
            return self.cache_unreachable(key)
        overlap = 1 - (now - window * self.duration) / self.duration
        if previous * overlap + current <= self.num_requests:
            return True
        # Retry when the estimate, with the previous window's share fading, lets one more request through (at
        # the latest when this window ends and its own count becomes the fading one).
        room = self.num_requests - current
        fade = overlap - room / previous if previous and room > 0 else overlap
        self.retry_after = max(getattr(self, "retry_after", 0.0), fade * self.duration, 0.0)
        return False

    def cache_unreachable(self, key: str) -> bool:
        # Fail open: an unreachable cache must not take the API down with it.
        logger.warning("Cache unreachable; %s not throttled", key, exc_info=True)
        return True

    def wait(self) -> float:
        return self.retry_after


class AnonThrottle(_CountedWindows, throttling.AnonRateThrottle):
    pass


class UserThrottle(_CountedWindows, throttling.UserRateThrottle):
    """Per user, whichever credential (session, token or scoped token) the requests come with."""


class ApiTokenThrottle(_CountedWindows, throttling.SimpleRateThrottle):
    """Per scoped token, so one runaway script cannot use up its owner's whole budget."""

    scope = "token"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class LimiterUnavailable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "Logins are paused: the login limit cannot be checked right now. Try again shortly."
    default_code = "login_limit_unavailable"
    # DRF's exception handler turns `wait` into Retry-After.
    wait = 30


def submitted_username(request: Any) -> str | None:
    """The username a login request names: from a DRF request's parsed body or a form post."""
    data = request.data if isinstance(request, Request) else request.POST
    username = data.get("username") if hasattr(data, "get") else None
    return username.strip().casefold() if isinstance(username, str) and username.strip() else None


class LoginThrottle(_CountedWindows, throttling.SimpleRateThrottle):
    """Password logins, on the token endpoint and the admin alike, counted per client address and per username:
    guessing one account's password from many addresses is slowed down as much as guessing many accounts' from
    one. Every attempt counts, on both counters. Fails closed: LimiterUnavailable when the cache is unreachable.
    """

    scope = "login"

    def allow_request(self, request: Any, view: Any) -> bool:
        if self.rate is None:
            return True
        idents = [f"address:{self.get_ident(request)}"]
        username = submitted_username(request)
        if username is not None:
            idents.append(f"user:{hashlib.sha256(username.encode()).hexdigest()}")
        allowed = [self.allow_key(self.cache_format % {"scope": self.scope, "ident": ident}) for ident in idents]
        return all(allowed)

    def cache_unreachable(self, key: str) -> bool:
        logger.error("Cache unreachable; password logins refused until it is back (%s)", key, exc_info=True)
        raise LimiterUnavailable()
