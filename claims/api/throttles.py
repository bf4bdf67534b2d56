"""Throttles: per anonymous client, per user, per scoped token, and for password logins.

Each keeps a counter per fixed window in the shared cache, bumped with one atomic increment, so the limit holds
across every web process and concurrent requests cannot overwrite each other's counts (DRF's own throttles read
a list of timestamps and write it back). The rate is checked against a sliding estimate: this window's count
plus the previous window's, weighted by how much of it still overlaps the last `duration` seconds, so a burst
at a window boundary cannot pass twice the rate. Refused requests count too: a client that keeps hammering
stays refused.

DRF loads this module while importing its own views (DEFAULT_THROTTLE_CLASSES): it must not import views."""

from __future__ import annotations

import logging
from typing import Any

from rest_framework import throttling
from rest_framework.request import Request
from rest_framework.settings import api_settings

from claims.models import ApiToken
from factcheck.cache import incr_and_get

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

    def allow_request(self, request: Request, view: Any) -> bool:
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        now = self.timer()
        window = int(now // self.duration)
        try:
            current, previous = incr_and_get(self.cache, f"{key}:{window}", f"{key}:{window - 1}", 2 * self.duration)
        except Exception:
            # Fail open: an unreachable cache must not take the API down with it.
            logger.warning("Cache unreachable; %s not throttled", key, exc_info=True)
            return True
        overlap = 1 - (now - window * self.duration) / self.duration
        if previous * overlap + current <= self.num_requests:
            return True
        # Retry when the estimate, with the previous window's share fading, lets one more request through (at
        # the latest when this window ends and its own count becomes the fading one).
        room = self.num_requests - current
        fade = overlap - room / previous if previous and room > 0 else overlap
        self.retry_after = max(0.0, fade * self.duration)
        return False

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


class LoginThrottle(_CountedWindows, throttling.SimpleRateThrottle):
    """Per client address on the token endpoint, to slow down password guessing."""

    scope = "login"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
