"""Scoped API tokens for automation: created with a key shown once, stored only as a hash."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from claims.errors import InvalidInput, NotFound
from claims.models import ApiToken

# Scoped keys carry this prefix, so they are told apart from personal DRF tokens (40 hex characters).
KEY_PREFIX = "fct_"


def api_token_create(*, user: AbstractBaseUser, name: str, scopes: Iterable[str]) -> tuple[ApiToken, str]:
    """Create a token for `user` limited to `scopes`; the returned key is never stored and cannot be shown again."""
    scope_list = sorted(set(scopes))
    unknown = [scope for scope in scope_list if scope not in ApiToken.Scope.values]
    if not scope_list or unknown:
        allowed = ", ".join(ApiToken.Scope.values)
        raise InvalidInput(f"Give one or more scopes among: {allowed}.", fields={"scopes": [f"Unknown: {unknown}"]})
    name = name.strip()
    if not name:
        raise InvalidInput("A token needs a name.", fields={"name": ["This field is required."]})
    key = KEY_PREFIX + ApiToken.generate_key()
    token = ApiToken.objects.create(
        user=user,
        name=name[:200],
        key_hash=ApiToken.hash_key(key),
        prefix=key[:8],
        scopes=scope_list,
    )
    return token, key


def api_token_revoke(*, token_id: int) -> ApiToken:
    """Revoke a token; requests with its key are refused from then on (revoking twice keeps the first time)."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().filter(pk=token_id).first()
        if token is None:
            raise NotFound(f"No API token {token_id}.")
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
    return token
