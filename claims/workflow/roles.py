"""The desk's roles, one rule for every path: a user's workflow roles are their desk groups (superusers count as
editors), and `role_holders` finds the same users with a query. The workflow, the SLA watch's notifications,
automatic assignment, the admin and the API all ask here."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Q

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

EDITOR = "editor"
CHECKER = "checker"
SYSTEM = "system"  # Celery tasks acting without a user
# Superusers hold these roles whatever their desk groups.
SUPERUSER_ROLES = frozenset({EDITOR})


def user_roles(user: AbstractBaseUser | None) -> frozenset[str]:
    """The workflow roles of a user: their desk groups, or SYSTEM for background tasks."""
    if user is None:
        return frozenset({SYSTEM})
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    # Cached on the user object: one query per request, not one per claim and transition.
    cached = getattr(user, "_workflow_roles", None)
    if cached is not None:
        return cached
    return remember_roles(user, user.groups.values_list("name", flat=True))


def remember_roles(user: AbstractBaseUser, group_names: Iterable[str]) -> frozenset[str]:
    """The roles a user's desk groups give them (superusers count as editors), cached on the user for
    user_roles; callers that read the groups along with the user (token authentication) hand them in here."""
    names = {name for name in group_names if name in (EDITOR, CHECKER)}
    if user.is_superuser:
        names |= SUPERUSER_ROLES
    roles = frozenset(names)
    user._workflow_roles = roles
    return roles


def role_holders(*roles: str) -> Q:
    """The users `user_roles` gives one of `roles`, as a filter on users (it joins their groups: add .distinct())."""
    holds = Q(groups__name__in=roles)
    if SUPERUSER_ROLES & set(roles):
        holds |= Q(is_superuser=True)
    return Q(is_active=True) & holds
