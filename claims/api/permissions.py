"""Who may call which endpoint: token scopes and desk roles. Whether a transition is allowed is decided by
the workflow table, never here."""

from __future__ import annotations

from typing import Any

from rest_framework import permissions
from rest_framework.request import Request

from claims.models import ApiToken
from claims.workflow.roles import CHECKER, EDITOR, user_roles

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def required_scopes_for(view: Any, request: Request) -> frozenset[str] | None:
    """The scopes `view` declares for this request: `required_scopes` maps "read"/"write" (safe or unsafe
    methods) to scope names. None means the view takes no scoped tokens at all."""
    declared = getattr(view, "required_scopes", None)
    if declared is None:
        return None
    kind = "read" if request.method in SAFE_METHODS else "write"
    scopes = declared.get(kind)
    return frozenset(scopes) if scopes is not None else None


class TokenHasRequiredScopes(permissions.BasePermission):
    """A scoped token reaches a view only when it carries every scope the view requires for the method.

    Session and personal (DRF) tokens act with the user's full rights; views that declare no scopes refuse
    scoped tokens, so a new endpoint is closed to automation until it says otherwise.
    """

    message = "This token's scopes do not allow this request."

    def has_permission(self, request: Request, view: Any) -> bool:
        token = request.auth
        if not isinstance(token, ApiToken):
            return True
        required = required_scopes_for(view, request)
        if required is None:
            return False
        return required <= set(token.scopes)


def request_roles(request: Request) -> frozenset[str]:
    """The requesting user's workflow roles (cached on the user, so every row of a list reuses one query)."""
    user = request.user
    return user_roles(user) if user.is_authenticated else frozenset()


def may_fire_transitions(request: Request | None) -> bool:
    """Whether the request may fire workflow transitions at all (the table then decides which): a signed-in
    user, through a scoped token only if it carries the workflow scope."""
    if request is None or not request.user.is_authenticated:
        return False
    token = request.auth
    return not isinstance(token, ApiToken) or ApiToken.Scope.WORKFLOW in token.scopes


class IsDeskMember(permissions.BasePermission):
    """Editors and checkers (and superusers, who count as editors) work the desk; other accounts do not."""

    message = "Only editors and checkers may use the desk."

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request_roles(request) & {EDITOR, CHECKER})
