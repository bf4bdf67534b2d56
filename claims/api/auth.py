"""Scoped automation tokens as a DRF authentication class.

DRF loads this module while importing its own views (DEFAULT_AUTHENTICATION_CLASSES), so it must not import
any view module; the endpoints about the caller live in claims.api.users."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from claims.models import ApiToken
from claims.services.tokens import KEY_PREFIX

# last_used_at is a hint for admins, not an audit log: writing it at most this often keeps reads read-only.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class ScopedTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token fct_...` (or `Bearer fct_...`): a scoped automation token acting as its user.

    Keys without the prefix are left to DRF's TokenAuthentication, which comes next in the chain.
    """

    keywords = ("token", "bearer")

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        parts = authentication.get_authorization_header(request).split()
        if len(parts) != 2 or parts[0].lower().decode(errors="replace") not in self.keywords:
            return None
        try:
            key = parts[1].decode()
        except UnicodeDecodeError:
            return None
        if not key.startswith(KEY_PREFIX):
            return None
        token = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True)
            .first()
        )
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return "Token"
