"""Throttles: per anonymous client, per user, per scoped token, and for password logins.

DRF loads this module while importing its own views (DEFAULT_THROTTLE_CLASSES): it must not import views."""

from __future__ import annotations

from typing import Any

from rest_framework import throttling
from rest_framework.request import Request
from rest_framework.settings import api_settings

from claims.models import ApiToken


class _LiveRates:
    """Read the rate from the current settings on each request (DRF binds them at import time)."""

    scope: str

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonThrottle(_LiveRates, throttling.AnonRateThrottle):
    pass


class UserThrottle(_LiveRates, throttling.UserRateThrottle):
    """Per user, whichever credential (session, token or scoped token) the requests come with."""


class ApiTokenThrottle(_LiveRates, throttling.SimpleRateThrottle):
    """Per scoped token, so one runaway script cannot use up its owner's whole budget."""

    scope = "token"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class LoginThrottle(_LiveRates, throttling.SimpleRateThrottle):
    """Per client address on the token endpoint, to slow down password guessing."""

    scope = "login"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
