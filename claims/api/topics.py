"""The desk's watched topics: extraction ranks claims near their statements first (claims.extraction.topics).

Editors and checkers read them; editors add, change and remove them. Scoped tokens need `read` to read them and
`ingest` to change them, as for feeds: topics shape what ingestion keeps.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.api.common import PageNumberPagination, StrictBooleanField, StrictCharField, error_responses
from claims.api.ingestion import INTAKE_PERMISSIONS
from claims.extraction.topics import statements_of
from claims.models import WatchedTopic
from claims.selectors.topics import watched_topic_get, watched_topic_list
from claims.services.topics import watched_topic_create, watched_topic_delete, watched_topic_update


class StatementsField(serializers.ListField):
    """A topic's statements as a list of one-line strings; stored one per line."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            child=StrictCharField(max_length=WatchedTopic.MAX_STATEMENT_LENGTH),
            min_length=1,
            max_length=WatchedTopic.MAX_STATEMENTS,
            help_text="Statements of the kind of claim the desk wants found, each one line.",
            **kwargs,
        )

    def to_representation(self, value: str) -> list[str]:
        return list(statements_of(value))


class WatchedTopicSerializer(serializers.ModelSerializer):
    name = StrictCharField(max_length=100)
    statements = StatementsField()
    is_active = StrictBooleanField(required=False)

    class Meta:
        model = WatchedTopic
        fields = ["id", "name", "statements", "is_active", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]
        # Uniqueness is the service's to report (409), not a validator's.
        extra_kwargs = {"name": {"validators": []}}

    def validate_statements(self, statements: list[str]) -> str:
        """As the model stores them: one per line (after the list's own length checks)."""
        if any(len(s.strip().splitlines()) > 1 for s in statements):
            raise serializers.ValidationError("A statement is one line.")
        return "\n".join(s.strip() for s in statements)


class WatchedTopicUpdateSerializer(WatchedTopicSerializer):
    """What a PATCH may change: a topic's name is its identity."""

    statements = StatementsField(required=False)

    class Meta(WatchedTopicSerializer.Meta):
        fields = ["statements", "is_active"]
        read_only_fields: list[str] = []


class WatchedTopicListView(GenericAPIView):
    permission_classes = INTAKE_PERMISSIONS
    required_scopes = {"read": {"read"}, "write": {"ingest"}}
    parser_classes = [JSONParser]
    serializer_class = WatchedTopicSerializer
    pagination_class = PageNumberPagination
    filter_backends: list = []

    def get_queryset(self):
        return watched_topic_list()

    @extend_schema(
        summary="Watched topics", responses={200: WatchedTopicSerializer(many=True), **error_responses(400, 403, 404)}
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(WatchedTopicSerializer(page, many=True).data)

    @extend_schema(summary="Watch a topic", responses={201: WatchedTopicSerializer, **error_responses(400, 403, 409)})
    def post(self, request: Request) -> Response:
        serializer = WatchedTopicSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        topic = watched_topic_create(**serializer.validated_data)
        return Response(WatchedTopicSerializer(topic).data, status=status.HTTP_201_CREATED)


class WatchedTopicDetailView(APIView):
    permission_classes = INTAKE_PERMISSIONS
    required_scopes = {"read": {"read"}, "write": {"ingest"}}
    parser_classes = [JSONParser]

    @extend_schema(summary="One watched topic", responses={200: WatchedTopicSerializer, **error_responses(403, 404)})
    def get(self, request: Request, topic_id: int) -> Response:
        return Response(WatchedTopicSerializer(watched_topic_get(topic_id=topic_id)).data)

    @extend_schema(
        summary="Replace a topic's statements or switch it on or off",
        request=WatchedTopicUpdateSerializer,
        responses={200: WatchedTopicSerializer, **error_responses(400, 403, 404)},
    )
    def patch(self, request: Request, topic_id: int) -> Response:
        serializer = WatchedTopicUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        topic = watched_topic_update(topic=watched_topic_get(topic_id=topic_id), **serializer.validated_data)
        return Response(WatchedTopicSerializer(topic).data)

    @extend_schema(summary="Stop watching a topic", responses={204: None, **error_responses(403, 404)})
    def delete(self, request: Request, topic_id: int) -> Response:
        watched_topic_delete(topic=watched_topic_get(topic_id=topic_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


urlpatterns = [
    path("topics/", WatchedTopicListView.as_view(), name="api-topics"),
    path("topics/<int:topic_id>/", WatchedTopicDetailView.as_view(), name="api-topic"),
]
