"""Where a fact-checked claim is said again: `/api/fact-checks/{id}/reappearances/`, for the desk.

The fact-checks themselves are public; the claims that repeat them come from the desk's queue, so their
reappearances are read by editors and checkers (scoped tokens need `read`), like the claims API.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from claims.api.common import PageNumberPagination, error_responses
from claims.api.permissions import IsDeskMember, TokenHasRequiredScopes
from claims.models import Reappearance
from claims.selectors.reappearances import (
    TIMELINE_WEEKS,
    factcheck_for_reappearances,
    factcheck_reappearances,
    reappearances_weekly,
)


class ReappearanceSerializer(serializers.ModelSerializer):
    claim = serializers.IntegerField(source="claim_id", help_text="The claim's id (`/api/claims/{id}/`).")

    class Meta:
        model = Reappearance
        fields = ["id", "claim", "claimant", "publisher", "article_url", "appeared_at", "score", "created_at"]
        read_only_fields = fields


class WeekCountSerializer(serializers.Serializer):
    week = serializers.DateField(help_text="The Monday the week starts on.")
    count = serializers.IntegerField()


class ReappearancePagination(PageNumberPagination):
    """A page of reappearances, newest first, with the weekly counts of the last weeks beside it."""

    def get_paginated_data(self, data: list[Any]) -> dict[str, Any]:
        return {**super().get_paginated_data(data), "weekly": self.weekly}

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        response = super().get_paginated_response_schema(schema)
        response["required"] = [*response["required"], "weekly"]
        response["properties"]["weekly"] = {
            "type": "array",
            "description": f"Reappearances per week over the last {TIMELINE_WEEKS} weeks, oldest first.",
            "items": {
                "type": "object",
                "required": ["week", "count"],
                "properties": {
                    "week": {"type": "string", "format": "date", "description": "The Monday the week starts on."},
                    "count": {"type": "integer"},
                },
            },
        }
        return response


class FactCheckReappearancesView(GenericAPIView):
    """Every later claim that repeats the fact-check (published here, or imported with a rating)."""

    permission_classes = [IsAuthenticated, TokenHasRequiredScopes, IsDeskMember]
    required_scopes = {"read": {"read"}}
    serializer_class = ReappearanceSerializer
    pagination_class = ReappearancePagination
    queryset = Reappearance.objects.none()

    @extend_schema(
        operation_id="fact_checks_reappearances_list",
        summary="Where a fact-checked claim reappeared",
        responses={200: ReappearanceSerializer(many=True), **error_responses(401, 403, 404, 429)},
        tags=["fact-checks"],
    )
    def get(self, request: Request, pk: int) -> Response:
        factcheck = factcheck_for_reappearances(factcheck_id=pk)
        page = self.paginator.paginate_queryset(factcheck_reappearances(factcheck_id=factcheck.pk), request, view=self)
        self.paginator.weekly = WeekCountSerializer(reappearances_weekly(factcheck_id=factcheck.pk), many=True).data
        return self.get_paginated_response(ReappearanceSerializer(page, many=True).data)


urlpatterns = [
    path("fact-checks/<int:pk>/reappearances/", FactCheckReappearancesView.as_view(), name="factcheck-reappearances")
]
