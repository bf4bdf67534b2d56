"""Endpoints about the caller: obtain a personal token, who am I (with my open claims), and a liveness ping."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.urls import path, reverse
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.api.common import StrictCharField, error_responses
from claims.api.permissions import request_roles
from claims.api.throttles import LoginThrottle
from claims.selectors.claims import user_open_claims


class ScopedTokenScheme(OpenApiAuthenticationExtension):
    target_class = "claims.api.auth.ScopedTokenAuthentication"
    name = "scopedToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token fct_...`: a scoped automation token (scopes ingest, read, workflow).",
        }


# --- POST /api/auth/token/ ------------------------------------------------------------------------------


class TokenRequestSerializer(serializers.Serializer):
    username = StrictCharField(max_length=150)
    password = StrictCharField(max_length=1024, trim_whitespace=False, style={"input_type": "password"})


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()


class TokenObtainView(APIView):
    """Exchange a username and password for the user's personal token (`Authorization: Token <key>`)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [LoginThrottle]

    @extend_schema(
        operation_id="auth_token_obtain",
        request=TokenRequestSerializer,
        responses={200: TokenResponseSerializer, **error_responses(400, 429, 503)},
        auth=[],
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=serializer.validated_data["username"],
            password=serializer.validated_data["password"],
        )
        if user is None or not user.is_active:
            raise exceptions.ValidationError({"non_field_errors": ["Unable to log in with these credentials."]})
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


# --- GET /api/users/me/ ---------------------------------------------------------------------------------


class OpenClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    text = serializers.CharField()
    due_at = serializers.DateTimeField(allow_null=True)


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    open_claims = OpenClaimSerializer(many=True)


class MeView(APIView):
    """The calling user, their desk roles and the open claims assigned to them."""

    required_scopes = {"read": {"read"}}

    @extend_schema(operation_id="users_me", responses={200: MeSerializer, **error_responses(401, 403)}, tags=["users"])
    def get(self, request: Request) -> Response:
        user = request.user
        data = {
            "id": user.pk,
            "username": user.get_username(),
            "roles": sorted(request_roles(request)),
            "open_claims": list(user_open_claims(user=user)),
        }
        return Response(MeSerializer(data).data)


# --- GET /api/ ------------------------------------------------------------------------------------------

API_ROOT_LINKS = {
    "docs": "api-docs",
    "schema": "api-schema",
    "token": "api-token",
    "me": "api-me",
    "claims": "api-claims",
    "articles": "api-articles",
    "ingestion_jobs": "api-ingestion-jobs",
    "feeds": "api-feeds",
    "fact_checks": "factcheck-list",
    "webhooks": "webhook-list",
}


class ApiRootSerializer(serializers.Serializer):
    links = serializers.DictField(child=serializers.URLField())


class ApiRootView(APIView):
    """Where to start: links to the documentation and the main collections."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(operation_id="api_root", responses={200: ApiRootSerializer}, auth=[], tags=["meta"])
    def get(self, request: Request) -> Response:
        links = {key: request.build_absolute_uri(reverse(name)) for key, name in API_ROOT_LINKS.items()}
        return Response({"links": links})


# --- GET /api/ping/ -------------------------------------------------------------------------------------


class PingSerializer(serializers.Serializer):
    ok = serializers.BooleanField()


class PingView(APIView):
    """A trivial JSON view: no database, no authentication (the baseline of bench/api)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []

    @extend_schema(operation_id="ping", responses={200: PingSerializer}, auth=[], tags=["meta"])
    def get(self, request: Request) -> Response:
        return Response({"ok": True})


urlpatterns = [
    path("", ApiRootView.as_view(), name="api-root"),
    path("auth/token/", TokenObtainView.as_view(), name="api-token"),
    path("users/me/", MeView.as_view(), name="api-me"),
    path("ping/", PingView.as_view(), name="api-ping"),
]
