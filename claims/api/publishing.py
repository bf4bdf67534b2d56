"""API endpoints for publishing: public fact-checks with their ClaimReview, and webhooks for administrators."""

from __future__ import annotations

from typing import Any

from django.urls import include, path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from claims.api.common import StrictBooleanField, StrictCharField, error_responses
from claims.api.parsers import JSONParser
from claims.api.permissions import TokenHasRequiredScopes
from claims.models import FactCheck, Verdict, Webhook, WebhookDelivery
from claims.ratings import rating_label, rating_scale
from claims.selectors.publishing import (
    factcheck_get_published,
    factcheck_history,
    factcheck_list_published,
    webhook_delivery_list,
    webhook_list,
)
from claims.services.publishing import claimreview_jsonld
from claims.services.webhooks import EVENTS, webhook_create, webhook_delete, webhook_update

# --- fact-checks (public) -----------------------------------------------------------------------------------


class FactCheckSerializer(serializers.ModelSerializer):
    rating_label = serializers.SerializerMethodField()
    version_published_at = serializers.SerializerMethodField(
        help_text="When the current version was published (later than published_at after a correction)."
    )
    claim_review = serializers.SerializerMethodField(help_text="schema.org ClaimReview JSON-LD.")

    class Meta:
        model = FactCheck
        fields = [
            "id",
            "url",
            "version",
            "title",
            "claim_text",
            "claimant",
            "claim_date",
            "rating",
            "rating_label",
            "summary",
            "publisher",
            "published_at",
            "version_published_at",
            "claim_review",
        ]
        read_only_fields = fields

    def get_rating_label(self, obj: FactCheck) -> str:
        return rating_label(obj.rating)

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_version_published_at(self, obj: FactCheck) -> Any:
        return obj.verdict.published_at if obj.verdict else obj.published_at

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_claim_review(self, obj: FactCheck) -> dict[str, Any]:
        return claimreview_jsonld(obj)


class FactCheckVersionSerializer(serializers.ModelSerializer):
    rating_label = serializers.SerializerMethodField()

    class Meta:
        model = Verdict
        fields = ["version", "rating", "rating_label", "summary", "published_at", "correction_note"]
        read_only_fields = fields

    def get_rating_label(self, obj: Verdict) -> str:
        return rating_label(obj.rating)


class FactCheckDetailSerializer(FactCheckSerializer):
    explanation = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField(help_text="Every published version, oldest first.")

    class Meta(FactCheckSerializer.Meta):
        fields = [*FactCheckSerializer.Meta.fields, "explanation", "history"]
        read_only_fields = fields

    def get_explanation(self, obj: FactCheck) -> str:
        return obj.verdict.explanation if obj.verdict else ""

    @extend_schema_field(FactCheckVersionSerializer(many=True))
    def get_history(self, obj: FactCheck) -> list[dict[str, Any]]:
        return FactCheckVersionSerializer(factcheck_history(factcheck=obj), many=True).data


class RatingSerializer(serializers.Serializer):
    slug = serializers.CharField()
    label = serializers.CharField()
    value = serializers.IntegerField(allow_null=True, help_text="ClaimReview ratingValue; null: not numeric.")


@extend_schema_view(
    list=extend_schema(
        summary="Published fact-checks",
        responses={200: FactCheckSerializer(many=True), **error_responses(400, 401, 404, 429)},
    ),
    retrieve=extend_schema(
        summary="A published fact-check with its history",
        responses={200: FactCheckDetailSerializer, **error_responses(401, 404, 429)},
    ),
)
class FactCheckViewSet(viewsets.ReadOnlyModelViewSet):
    """The desk's published fact-checks, readable by anyone, each with its ClaimReview JSON-LD."""

    permission_classes = [permissions.AllowAny]
    filter_backends: list = []
    lookup_value_regex = r"\d+"
    queryset = FactCheck.objects.none()

    def get_queryset(self):
        return factcheck_list_published()

    def get_serializer_class(self):
        return FactCheckDetailSerializer if self.action == "retrieve" else FactCheckSerializer

    def get_object(self) -> FactCheck:
        return factcheck_get_published(factcheck_id=int(self.kwargs["pk"]))

    @extend_schema(
        summary="The published rating scale",
        responses={200: RatingSerializer(many=True), **error_responses(401, 429)},
    )
    @action(detail=False, url_path="rating-scale", pagination_class=None)
    def rating_scale(self, request: Request) -> Response:
        return Response(RatingSerializer(rating_scale(), many=True).data)


# --- webhooks (administrators) ------------------------------------------------------------------------------


class IsSuperuser(permissions.BasePermission):
    message = "Only administrators manage webhooks."

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


class WebhookSerializer(serializers.ModelSerializer):
    name = StrictCharField(max_length=200)
    is_active = StrictBooleanField(required=False)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=EVENTS), required=False, help_text="Empty means every event."
    )
    secret = StrictCharField(
        write_only=True, required=False, allow_blank=True, max_length=200, help_text="Generated when left out."
    )

    class Meta:
        model = Webhook
        fields = ["id", "name", "url", "events", "is_active", "secret", "created_at"]
        read_only_fields = ["id", "created_at"]


class WebhookCreatedSerializer(WebhookSerializer):
    """The answer to a creation: the only time the secret is shown."""

    secret = serializers.CharField(read_only=True)


class WebhookDeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "event",
            "dedupe_key",
            "status",
            "attempts",
            "next_attempt_at",
            "response_status",
            "response_excerpt",
            "last_error",
            "created_at",
            "delivered_at",
            "payload",
        ]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(
        summary="Webhooks", responses={200: WebhookSerializer(many=True), **error_responses(400, 401, 403, 404, 429)}
    ),
    retrieve=extend_schema(
        summary="A webhook", responses={200: WebhookSerializer, **error_responses(401, 403, 404, 429)}
    ),
    create=extend_schema(
        summary="Register a webhook",
        request=WebhookSerializer,
        responses={201: WebhookCreatedSerializer, **error_responses(400, 401, 403, 429)},
    ),
    partial_update=extend_schema(
        summary="Change a webhook",
        request=WebhookSerializer,
        responses={200: WebhookSerializer, **error_responses(400, 401, 403, 404, 429)},
    ),
    destroy=extend_schema(summary="Delete a webhook", responses={204: None, **error_responses(401, 403, 404, 429)}),
)
class WebhookViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Endpoints told about publications and corrections; administrators only."""

    permission_classes = [TokenHasRequiredScopes, IsSuperuser]
    # JSON only: `events` is a list and `is_active` a boolean, which form encodings cannot say unambiguously.
    parser_classes = [JSONParser]
    serializer_class = WebhookSerializer
    filter_backends: list = []
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    queryset = Webhook.objects.none()

    def get_queryset(self):
        return webhook_list()

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = WebhookSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        webhook = webhook_create(**serializer.validated_data)
        return Response(WebhookCreatedSerializer(webhook).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        webhook = self.get_object()
        serializer = WebhookSerializer(webhook, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        webhook = webhook_update(webhook=webhook, data=serializer.validated_data)
        return Response(WebhookSerializer(webhook).data)

    def perform_destroy(self, instance: Webhook) -> None:
        webhook_delete(webhook=instance)

    @extend_schema(
        summary="A webhook's delivery log",
        responses={200: WebhookDeliverySerializer(many=True), **error_responses(400, 401, 403, 404, 429)},
    )
    @action(detail=True, methods=["get"])
    def deliveries(self, request: Request, pk: str | None = None) -> Response:
        webhook = self.get_object()
        page = self.paginate_queryset(webhook_delivery_list(webhook_id=webhook.pk))
        return self.get_paginated_response(WebhookDeliverySerializer(page, many=True).data)


router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("fact-checks", FactCheckViewSet, basename="factcheck")
router.register("webhooks", WebhookViewSet, basename="webhook")

urlpatterns = [path("", include(router.urls))]
