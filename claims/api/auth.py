"""Token authentication: scoped automation tokens, and personal tokens, each read in one query together with
the user's desk roles.

DRF loads this module while importing its own views (DEFAULT_AUTHENTICATION_CLASSES), so it must not import
any view module; the endpoints about the caller live in claims.api.users."""

from __future__ import annotations

import functools
import hashlib
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token
from rest_framework.request import Request

from claims.data_version import ACCOUNTS
from claims.models import ApiToken
from claims.services.tokens import KEY_PREFIX
from claims.workflow.roles import CHECKER, EDITOR, remember_roles

# last_used_at is a hint for admins, not an audit log: writing it at most this often keeps reads read-only.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def with_desk_roles(tokens: QuerySet) -> QuerySet:
    """Tokens with their user and whether that user is in the editor and checker groups (one query)."""
    in_group = {
        f"user_in_{name}": Exists(Group.objects.filter(user=OuterRef("user_id"), name=name))
        for name in (EDITOR, CHECKER)
    }
    return tokens.select_related("user").annotate(**in_group)


def remember_roles_read_with(token: Any) -> None:
    """Hand the group flags read with the token to the workflow's role rule (cached on the user)."""
    groups = [name for name, member in ((EDITOR, token.user_in_editor), (CHECKER, token.user_in_checker)) if member]
    remember_roles(token.user, groups)


@functools.cache
def _personal_token_sql() -> str:
    """The user of a personal token with whether they are an editor and a checker, as one SELECT written once
    per process: compiling the same ORM query on every request costs several times what running it does."""
    user_model = get_user_model()
    membership = user_model.groups.through._meta
    q = connection.ops.quote_name
    # Only model metadata is interpolated; the group names and the key are bound parameters.
    in_group = (
        f"EXISTS (SELECT 1 FROM {q(membership.db_table)} m INNER JOIN {q(Group._meta.db_table)} g "  # noqa: S608
        f"ON g.{q(Group._meta.pk.column)} = m.{q(membership.get_field('group').column)} "
        f"WHERE m.{q(membership.get_field('user').column)} = u.{q(user_model._meta.pk.column)} "
        f"AND g.{q(Group._meta.get_field('name').column)} = %s)"
    )
    columns = ", ".join(f"u.{q(field.column)}" for field, _, _ in _user_columns())
    return (
        f"SELECT {columns}, {in_group} AS user_in_editor, {in_group} AS user_in_checker "  # noqa: S608
        f"FROM {q(Token._meta.db_table)} t INNER JOIN {q(user_model._meta.db_table)} u "
        f"ON u.{q(user_model._meta.pk.column)} = t.{q(Token._meta.get_field('user').column)} "
        f"WHERE t.{q(Token._meta.pk.column)} = %s"
    )


@functools.cache
def _user_columns() -> list[tuple[Any, Any, list[Any]]]:
    """The user columns _personal_token_sql reads (all but the password hash), each with the converters the ORM
    would apply to its value."""
    columns = []
    for field in get_user_model()._meta.concrete_fields:
        if field.attname == "password":
            continue
        column = field.get_col("u")
        converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        columns.append((field, column, converters))
    return columns


# A token's user and roles are cached until a write to users, groups or tokens (claims.data_version.ACCOUNTS);
# the timeout only bounds what changes made outside Django could leave.
TOKEN_CACHE_SECONDS = 60


def _token_user_row(key: str) -> tuple[list[Any], bool, bool] | None:
    """The user columns (converted as the ORM would) and the editor and checker flags of a personal token."""
    with connection.cursor() as cursor:
        cursor.execute(_personal_token_sql(), [EDITOR, CHECKER, key])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row[:-2])
    for index, (_, column, converters) in enumerate(_user_columns()):
        for convert in converters:
            values[index] = convert(values[index], column, connection)
    return values, bool(row[-2]), bool(row[-1])


class DeskTokenAuthentication(authentication.TokenAuthentication):
    """DRF's personal tokens (`Authorization: Token <40 hex>`), read together with the user's roles, from the
    cache when no account has changed since (the password hash is never cached: it stays deferred)."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Token]:
        cache_key = f"claims:personal-token:{hashlib.sha256(key.encode()).hexdigest()}"
        # A transaction that just changed accounts reads what no cached entry describes.
        cacheable = not ACCOUNTS.has_pending_writes(connection)
        version, entry = ACCOUNTS.read(cache_key) if cacheable else (None, None)
        if entry is None:
            entry = _token_user_row(key)
            if entry is None:
                raise exceptions.AuthenticationFailed("Invalid token.")
            ACCOUNTS.write(cache_key, version, entry, TOKEN_CACHE_SECONDS)
        values, in_editor, in_checker = entry
        user = get_user_model().from_db(connection.alias, [f.attname for f, _, _ in _user_columns()], values)
        if not user.is_active:
            raise exceptions.AuthenticationFailed("Invalid token.")
        token = Token.from_db(connection.alias, ["key", "user_id"], [key, user.pk])
        token.user = user
        token.user_in_editor, token.user_in_checker = in_editor, in_checker
        remember_roles_read_with(token)
        return user, token


class ScopedTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token fct_...` (or `Bearer fct_...`): a scoped automation token acting as its user.

    Keys without the prefix are left to DeskTokenAuthentication, which comes next in the chain.
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
        tokens = ApiToken.objects.filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True)
        token = with_desk_roles(tokens).first()
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        remember_roles_read_with(token)
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return "Token"
