"""The intake API: submit articles (answered 202 with the ingestion job), follow jobs, read articles with their
claims, and manage feed subscriptions.

Editors and checkers read; editors submit articles and manage feeds. Scoped tokens need `ingest` to submit and
follow jobs, `read` to read articles and feeds.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.api.common import (
    PageNumberPagination,
    StrictBooleanField,
    StrictCharField,
    StrictIntegerField,
    error_responses,
)
from claims.api.permissions import SAFE_METHODS, IsDeskMember, TokenHasRequiredScopes, request_roles
from claims.extraction.language import normalise_language
from claims.inputs.articles import article_source_problem
from claims.models import MAX_ID, Article, Claim, Feed, IngestionItem, IngestionJob
from claims.selectors.articles import (
    article_detail,
    article_list,
    feed_get,
    feed_list,
    ingestion_job_detail,
    ingestion_job_list,
)
from claims.services.feeds import feed_create, feed_delete, feed_update
from claims.services.ingestion import ingestion_job_create
from claims.workflow.roles import EDITOR


class EditorsWrite(permissions.BasePermission):
    message = "Only editors may submit articles and manage feeds and watched topics."

    def has_permission(self, request: Request, view: Any) -> bool:
        return request.method in SAFE_METHODS or EDITOR in request_roles(request)


INTAKE_PERMISSIONS = [IsAuthenticated, TokenHasRequiredScopes, IsDeskMember, EditorsWrite]


# --- Serializers ------------------------------------------------------------------------------------------


class ArticleInputSerializer(serializers.Serializer):
    title = StrictCharField(required=False, allow_blank=True, max_length=1000, trim_whitespace=False)
    text = StrictCharField(required=False, allow_blank=True, trim_whitespace=False)
    html = StrictCharField(required=False, allow_blank=True, trim_whitespace=False)
    url = serializers.URLField(required=False, allow_blank=True, max_length=2000)
    published_at = serializers.DateTimeField(required=False, allow_null=True)
    publisher = StrictCharField(required=False, allow_blank=True, max_length=300)
    author = StrictCharField(required=False, allow_blank=True, max_length=500)
    language = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=16,
        help_text="The article's language (`uk`, `pt-BR`, ...); blank: detected from its text.",
    )

    def validate_language(self, value: str) -> str:
        return _language_field(value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        problem = article_source_problem(attrs)
        if problem:
            field, message = problem
            raise serializers.ValidationError({field: [message]})
        if attrs.get("published_at"):
            attrs["published_at"] = attrs["published_at"].isoformat()
        return {key: value for key, value in attrs.items() if value not in (None, "")}


def _language_field(value: str) -> str:
    language = normalise_language(value)
    if value.strip() and not language:
        raise serializers.ValidationError("Give a language code such as `uk` or `pt-BR`.")
    return language


class ArticleBatchSerializer(serializers.Serializer):
    items = ArticleInputSerializer(many=True, allow_empty=False)


class IngestionItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = IngestionItem
        fields = ["position", "label", "status", "error", "article", "claims_created", "processed_at"]


class IngestionJobSerializer(serializers.ModelSerializer):
    class Meta:
        model = IngestionJob
        fields = [
            "id",
            "kind",
            "status",
            "total",
            "succeeded",
            "failed",
            "claims_created",
            "error",
            "feed",
            "created_at",
            "started_at",
            "finished_at",
        ]


class IngestionJobDetailSerializer(IngestionJobSerializer):
    items = IngestionItemSerializer(many=True, read_only=True)
    errors = serializers.SerializerMethodField(help_text="The failed items: position, label and reason.")

    class Meta(IngestionJobSerializer.Meta):
        fields = [*IngestionJobSerializer.Meta.fields, "errors", "items"]

    def get_errors(self, job: IngestionJob) -> list[dict[str, Any]]:
        return [
            {"position": item.position, "label": item.label, "error": item.error}
            for item in job.items.all()
            if item.status == IngestionItem.Status.FAILED
        ]


class ArticleSerializer(serializers.ModelSerializer):
    claim_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "url",
            "title",
            "author",
            "publisher",
            "published_at",
            "language",
            "source",
            "feed",
            "revision",
            "claim_count",
            "created_at",
            "updated_at",
        ]


class ArticleClaimSerializer(serializers.ModelSerializer):
    class Meta:
        model = Claim
        fields = [
            "id",
            "status",
            "text",
            "quote",
            "start",
            "end",
            "claimant",
            "cue",
            "checkworthiness",
            "numbers",
            "dates",
            "entities",
            "language",
            "priority",
            "created_at",
        ]


class ArticleRevisionSerializer(serializers.Serializer):
    revision = serializers.IntegerField()
    title = serializers.CharField()
    created_at = serializers.DateTimeField()


class ArticleDetailSerializer(serializers.ModelSerializer):
    claims = ArticleClaimSerializer(many=True, read_only=True)
    revisions = ArticleRevisionSerializer(many=True, read_only=True)

    class Meta:
        model = Article
        fields = [*[f for f in ArticleSerializer.Meta.fields if f != "claim_count"], "text", "claims", "revisions"]


class FeedSerializer(serializers.ModelSerializer):
    # Checked as given: a length limit checked after trimming would let a longer value through.
    title = StrictCharField(required=False, allow_blank=True, max_length=500, trim_whitespace=False)
    is_active = StrictBooleanField(required=False)
    poll_interval_minutes = StrictIntegerField(
        required=False, min_value=Feed.MIN_POLL_INTERVAL_MINUTES, max_value=Feed.MAX_POLL_INTERVAL_MINUTES
    )

    class Meta:
        model = Feed
        fields = [
            "id",
            "url",
            "title",
            "language",
            "is_active",
            "poll_interval_minutes",
            "last_polled_at",
            "last_success_at",
            "last_error",
            "consecutive_failures",
            "next_poll_at",
            "created_at",
        ]
        read_only_fields = [
            "last_polled_at",
            "last_success_at",
            "last_error",
            "consecutive_failures",
            "next_poll_at",
            "created_at",
        ]
        # Uniqueness is the service's to report (409), not a validator's.
        extra_kwargs = {"url": {"validators": []}}

    def validate_language(self, value: str) -> str:
        return _language_field(value)


class FeedUpdateSerializer(FeedSerializer):
    """What a PATCH may change, validated by the same field declarations as a subscription."""

    class Meta(FeedSerializer.Meta):
        fields = ["title", "is_active", "poll_interval_minutes", "language"]
        read_only_fields: list[str] = []


# --- Views ------------------------------------------------------------------------------------------------


class ArticleListView(GenericAPIView):
    permission_classes = INTAKE_PERMISSIONS
    required_scopes = {"read": {"read"}, "write": {"ingest"}}
    serializer_class = ArticleSerializer
    pagination_class = PageNumberPagination
    filter_backends: list = []

    def get_queryset(self):
        return article_list(filters=self.request.query_params)

    @extend_schema(
        summary="Articles, newest first (filters: source, feed, language, q)",
        parameters=[
            OpenApiParameter("source", str, enum=list(Article.Source.values), description="How it came in."),
            OpenApiParameter("feed", {"type": "integer", "minimum": 1, "maximum": MAX_ID}, description="A feed id."),
            OpenApiParameter("language", str, description="An ISO 639-1 code (`uk`)."),
            OpenApiParameter("q", str, description="Words in the title."),
        ],
        responses={200: ArticleSerializer(many=True), **error_responses(400, 403, 404)},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ArticleSerializer(page, many=True).data)

    @extend_schema(
        summary="Submit an article (or {'items': [...]}) for ingestion",
        request=ArticleInputSerializer,
        responses={202: IngestionJobSerializer, **error_responses(400, 403, 413)},
    )
    def post(self, request: Request) -> Response:
        data = request.data
        if isinstance(data, dict) and "items" in data:
            serializer = ArticleBatchSerializer(data=data)
            serializer.is_valid(raise_exception=True)
            items = serializer.validated_data["items"]
        else:
            serializer = ArticleInputSerializer(data=data)
            serializer.is_valid(raise_exception=True)
            items = [serializer.validated_data]
        kinds = {"url" if "text" not in i and "html" not in i else ("html" if "html" in i else "text") for i in items}
        kind = kinds.pop() if len(kinds) == 1 else IngestionJob.Kind.TEXT
        job = ingestion_job_create(items=items, kind=kind, user=request.user)
        return Response(IngestionJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class ArticleDetailView(APIView):
    permission_classes = INTAKE_PERMISSIONS
    required_scopes = {"read": {"read"}}

    @extend_schema(
        summary="One article with its text, claims and revisions",
        responses={200: ArticleDetailSerializer, **error_responses(403, 404)},
    )
    def get(self, request: Request, article_id: int) -> Response:
        return Response(ArticleDetailSerializer(article_detail(article_id=article_id)).data)


class IngestionJobListView(GenericAPIView):
    permission_classes = INTAKE_PERMISSIONS
    required_scopes = {"read": {"ingest"}}
    serializer_class = IngestionJobSerializer
    pagination_class = PageNumberPagination
    filter_backends: list = []

    def get_queryset(self):
        mine = self.request.query_params.get("mine") or "0"
        if mine not in ("0", "1"):
            raise serializers.ValidationError({"mine": ["Use 1 (only yours) or 0."]})
        return ingestion_job_list(user=self.request.user, mine=mine == "1")

    @extend_schema(
        summary="Ingestion jobs, newest first (`?mine=1`: only yours)",
        parameters=[OpenApiParameter("mine", str, enum=["0", "1"], description="`1`: only the jobs you submitted.")],
        responses={200: IngestionJobSerializer(many=True), **error_responses(400, 403, 404)},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(IngestionJobSerializer(page, many=True).data)


class IngestionJobDetailView(APIView):
    permission_classes = INTAKE_PERMISSIONS
    required_scopes = {"read": {"ingest"}}

    @extend_schema(
        summary="One ingestion job: status, counts and per-item errors",
        responses={200: IngestionJobDetailSerializer, **error_responses(403, 404)},
    )
    def get(self, request: Request, job_id: int) -> Response:
        return Response(IngestionJobDetailSerializer(ingestion_job_detail(job_id=job_id)).data)


class FeedListView(GenericAPIView):
    permission_classes = INTAKE_PERMISSIONS
    required_scopes = {"read": {"read"}, "write": {"ingest"}}
    serializer_class = FeedSerializer
    pagination_class = PageNumberPagination
    filter_backends: list = []

    def get_queryset(self):
        return feed_list()

    @extend_schema(
        summary="Feed subscriptions", responses={200: FeedSerializer(many=True), **error_responses(400, 403, 404)}
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(FeedSerializer(page, many=True).data)

    @extend_schema(
        summary="Subscribe to an RSS/Atom feed", responses={201: FeedSerializer, **error_responses(400, 409)}
    )
    def post(self, request: Request) -> Response:
        serializer = FeedSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        feed = feed_create(**serializer.validated_data, user=request.user)
        return Response(FeedSerializer(feed).data, status=status.HTTP_201_CREATED)


class FeedDetailView(APIView):
    permission_classes = INTAKE_PERMISSIONS
    required_scopes = {"read": {"read"}, "write": {"ingest"}}

    @extend_schema(summary="One feed subscription", responses={200: FeedSerializer, **error_responses(403, 404)})
    def get(self, request: Request, feed_id: int) -> Response:
        return Response(FeedSerializer(feed_get(feed_id=feed_id)).data)

    @extend_schema(
        summary="Change a feed's title, interval or active flag",
        request=FeedUpdateSerializer,
        responses={200: FeedSerializer, **error_responses(400, 403, 404)},
    )
    def patch(self, request: Request, feed_id: int) -> Response:
        serializer = FeedUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        feed = feed_update(feed=feed_get(feed_id=feed_id), data=serializer.validated_data)
        return Response(FeedSerializer(feed).data)

    @extend_schema(summary="Unsubscribe", responses={204: None, **error_responses(403, 404)})
    def delete(self, request: Request, feed_id: int) -> Response:
        feed_delete(feed=feed_get(feed_id=feed_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


urlpatterns = [
    path("articles/", ArticleListView.as_view(), name="api-articles"),
    path("articles/<int:article_id>/", ArticleDetailView.as_view(), name="api-article"),
    path("ingestion-jobs/", IngestionJobListView.as_view(), name="api-ingestion-jobs"),
    path("ingestion-jobs/<int:job_id>/", IngestionJobDetailView.as_view(), name="api-ingestion-job"),
    path("feeds/", FeedListView.as_view(), name="api-feeds"),
    path("feeds/<int:feed_id>/", FeedDetailView.as_view(), name="api-feed"),
]
