"""The claims API: the queue, one claim, one endpoint per workflow transition, evidence, history and matches.

Who sees what: editors and checkers read every claim (checkers pick work from the shared queue); only editors
act on any claim, checkers act on the claims assigned to them (the workflow table decides transitions and evidence
work, the matching service match decisions). Other accounts get 403. Scoped tokens need `read` to read and
`workflow` to change anything.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpResponse
from django.urls import path
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.api import claims_serializers as s
from claims.api.common import ErrorSerializer, PageNumberPagination, error_responses
from claims.api.list_cache import cached_page
from claims.api.permissions import IsDeskMember, TokenHasRequiredScopes
from claims.models import Claim, ClaimMatch
from claims.selectors.claims import (
    ROW_COLUMNS,
    claim_current_verdict,
    claim_detail,
    claim_evidence,
    claim_get,
    claim_history,
    claim_list,
    claims_annotate_workflow,
    claims_workflow_facts,
)
from claims.selectors.filters import ClaimFilter
from claims.selectors.matching import similar_for_claim
from claims.services.evidence import evidence_add, evidence_set_stance
from claims.services.matching import claim_match_confirm, claim_match_reject
from claims.services.transitions import ClusterOutcome, claim_transition_with_cluster
from claims.workflow import TRANSITIONS, Transition
from claims.workflow.roles import SYSTEM

READ = {"read": {"read"}}
READ_WRITE = {"read": {"read"}, "write": {"workflow"}}
DESK_PERMISSIONS = [IsAuthenticated, TokenHasRequiredScopes, IsDeskMember]


class DeskView(APIView):
    permission_classes = DESK_PERMISSIONS
    required_scopes = READ


def detail_response(request: Request, claim_id: int, outcome: ClusterOutcome | None = None) -> Response:
    claim = claim_detail(claim_id=claim_id)
    claims_annotate_workflow([claim])
    context = {"request": request, "verdict": claim_current_verdict(claim=claim)}
    data = s.ClaimDetailSerializer(claim, context=context).data
    if outcome is not None:
        skipped = [{"id": pk, "reason": reason} for pk, reason in outcome.skipped]
        data["cluster_outcome"] = {"applied": outcome.applied, "skipped": skipped}
    return Response(data)


# --- The queue and one claim ----------------------------------------------------------------------------


class ClaimListView(GenericAPIView):
    """Claims, filtered, searched and ordered; `page_size` up to 200."""

    permission_classes = DESK_PERMISSIONS
    required_scopes = READ
    serializer_class = s.ClaimSerializer
    pagination_class = PageNumberPagination
    # The filters are applied by claims.selectors.claims.claim_list; declaring them here documents them.
    filter_backends = [DjangoFilterBackend]
    filterset_class = ClaimFilter
    queryset = Claim.objects.none()

    @extend_schema(
        operation_id="claims_list",
        parameters=[
            OpenApiParameter(
                "If-None-Match",
                location=OpenApiParameter.HEADER,
                required=False,
                description="The ETag of a page fetched earlier: 304 without a body while it is still current.",
            )
        ],
        responses={
            200: s.ClaimSerializer(many=True),
            304: OpenApiResponse(description="Not modified: the page is the one the ETag names."),
            **error_responses(400, 401, 403, 404, 429),
        },
        tags=["claims"],
    )
    def get(self, request: Request) -> HttpResponse:
        return cached_page(request, build=lambda: self._page(request))

    def _page(self, request: Request) -> dict[str, Any]:
        claims = claim_list(filters=request.query_params, user=request.user)
        page = self.paginator.paginate_queryset(claims, request, view=self, values=ROW_COLUMNS)
        counts, authors = claims_workflow_facts(claims=[(row["id"], row["status"]) for row in page])
        data = s.claim_rows_data(page, request=request, evidence_counts=counts, verdict_authors=authors)
        return self.paginator.get_paginated_data(data)


class ClaimDetailView(DeskView):
    @extend_schema(
        operation_id="claims_retrieve",
        responses={200: s.ClaimDetailSerializer, **error_responses(401, 403, 404, 429)},
        tags=["claims"],
    )
    def get(self, request: Request, pk: int) -> Response:
        return detail_response(request, pk)


# --- One endpoint per transition ------------------------------------------------------------------------


class ClaimTransitionView(DeskView):
    """Validates the input, fires the transition once through the workflow service, returns the claim."""

    required_scopes = {"write": {"workflow"}}
    transition: Transition
    input_serializer: type[serializers.Serializer] = s.NoteInputSerializer

    def post(self, request: Request, pk: int) -> Response:
        serializer = self.input_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        # The note annotates the event, unless the transition reads a note of its own.
        note = data.get("note", "") if self.transition.input("note") else data.pop("note", "")
        outcome = claim_transition_with_cluster(
            claim_id=pk, transition=self.transition.name, user=request.user, data=data, note=note
        )
        return detail_response(request, pk, outcome)


def transition_view(declared: Transition) -> type[ClaimTransitionView]:
    """The endpoint of one declared transition, documented from its declaration."""
    name = declared.name
    input_serializer = s.transition_input_serializer(declared)
    roles = " or ".join(sorted(declared.roles - {SYSTEM}))
    own = " (checkers: only on claims assigned to them)" if declared.checker_own_claims_only else ""
    sources = ", ".join(sorted(declared.sources))
    cluster = (
        " On a cluster's canonical claim it is fired on each open member too; `cluster_outcome` lists them."
        if declared.applies_to_cluster
        else ""
    )
    description = f"{declared.description}{cluster}\n\nFrom: {sources}. Who: {roles}{own}. Token scope: workflow."

    @extend_schema(
        operation_id=f"claims_{name}",
        summary=declared.label,
        description=description,
        request=input_serializer,
        responses={
            200: s.ClaimTransitionSerializer,
            **error_responses(400, 401, 404, 413, 429),
            403: OpenApiResponse(ErrorSerializer, description="Not allowed for this user (or token scope)."),
            409: OpenApiResponse(ErrorSerializer, description=f"The claim is not in a state {name} starts from."),
        },
        tags=["workflow"],
    )
    def post(self: ClaimTransitionView, request: Request, pk: int) -> Response:
        return ClaimTransitionView.post(self, request, pk)

    return type(
        f"Claim{name.title().replace('_', '')}View",
        (ClaimTransitionView,),
        {"transition": declared, "input_serializer": input_serializer, "post": post, "__doc__": declared.description},
    )


def transition_urlpatterns() -> list:
    """One endpoint per transition declared now: claims/<id>/<transition>/."""
    return [
        path(
            f"claims/<int:pk>/{name}/",
            transition_view(declared).as_view(),
            name=f"api-claim-{name.replace('_', '-')}",
        )
        for name, declared in TRANSITIONS.items()
    ]


# --- Evidence -------------------------------------------------------------------------------------------


class ClaimEvidenceView(DeskView):
    required_scopes = READ_WRITE

    @extend_schema(
        operation_id="claims_evidence_list",
        responses={200: s.EvidenceSerializer(many=True), **error_responses(401, 403, 404, 429)},
        tags=["evidence"],
    )
    def get(self, request: Request, pk: int) -> Response:
        claim_get(claim_id=pk)
        return Response(s.EvidenceSerializer(claim_evidence(claim_id=pk), many=True).data)

    @extend_schema(
        operation_id="claims_evidence_add",
        request=s.EvidenceInputSerializer,
        responses={201: s.EvidenceSerializer, **error_responses(400, 401, 403, 404, 409, 413, 429)},
        tags=["evidence"],
    )
    def post(self, request: Request, pk: int) -> Response:
        serializer = s.EvidenceInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        evidence = evidence_add(claim_id=pk, user=request.user, **serializer.validated_data)
        return Response(s.EvidenceSerializer(evidence).data, status=201)


class ClaimEvidenceStanceView(DeskView):
    required_scopes = {"write": {"workflow"}}

    @extend_schema(
        operation_id="claims_evidence_set_stance",
        request=s.StanceInputSerializer,
        responses={200: s.EvidenceSerializer, **error_responses(400, 401, 403, 404, 409, 413, 429)},
        tags=["evidence"],
    )
    def post(self, request: Request, pk: int, evidence_id: int) -> Response:
        serializer = s.StanceInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        evidence = evidence_set_stance(
            claim_id=pk, evidence_id=evidence_id, user=request.user, **serializer.validated_data
        )
        return Response(s.EvidenceSerializer(evidence).data)


# --- History and matches --------------------------------------------------------------------------------


class ClaimHistoryView(DeskView):
    @extend_schema(
        operation_id="claims_history",
        responses={200: s.ClaimEventSerializer(many=True), **error_responses(401, 403, 404, 429)},
        tags=["claims"],
    )
    def get(self, request: Request, pk: int) -> Response:
        claim_get(claim_id=pk)
        return Response(s.ClaimEventSerializer(claim_history(claim_id=pk), many=True).data)


class ClaimSimilarView(DeskView):
    @extend_schema(
        operation_id="claims_similar",
        description="Suggested matches (earlier claims and fact-checks) not rejected yet, best first.",
        responses={200: s.ClaimMatchSerializer(many=True), **error_responses(401, 403, 404, 429)},
        tags=["matching"],
    )
    def get(self, request: Request, pk: int) -> Response:
        claim = claim_get(claim_id=pk)
        return Response(s.ClaimMatchSerializer(similar_for_claim(claim), many=True).data)


class ClaimMatchDecisionView(DeskView):
    """Editors confirm a match (the claim becomes its duplicate through the workflow) or reject it."""

    required_scopes = {"write": {"workflow"}}
    decide: Callable[..., ClaimMatch]

    def post(self, request: Request, pk: int, match_id: int) -> Response:
        self.decide(claim_id=pk, match_id=match_id, user=request.user)
        match = ClaimMatch.objects.select_related("matched_claim", "matched_factcheck").get(pk=match_id)
        return Response(s.ClaimMatchSerializer(match).data)


def _match_view(action: str, decide: Callable[..., ClaimMatch]) -> type[ClaimMatchDecisionView]:
    @extend_schema(
        operation_id=f"claims_similar_{action}",
        request=None,
        responses={200: s.ClaimMatchSerializer, **error_responses(401, 403, 404, 409, 429)},
        tags=["matching"],
    )
    def post(self: ClaimMatchDecisionView, request: Request, pk: int, match_id: int) -> Response:
        return ClaimMatchDecisionView.post(self, request, pk, match_id)

    return type(
        f"ClaimMatch{action.title()}View", (ClaimMatchDecisionView,), {"decide": staticmethod(decide), "post": post}
    )


urlpatterns = [
    path("claims/", ClaimListView.as_view(), name="api-claims"),
    path("claims/<int:pk>/", ClaimDetailView.as_view(), name="api-claim"),
    path("claims/<int:pk>/evidence/", ClaimEvidenceView.as_view(), name="api-claim-evidence"),
    path(
        "claims/<int:pk>/evidence/<int:evidence_id>/stance/",
        ClaimEvidenceStanceView.as_view(),
        name="api-claim-evidence-stance",
    ),
    path("claims/<int:pk>/history/", ClaimHistoryView.as_view(), name="api-claim-history"),
    path("claims/<int:pk>/similar/", ClaimSimilarView.as_view(), name="api-claim-similar"),
    path(
        "claims/<int:pk>/similar/<int:match_id>/confirm/",
        _match_view("confirm", claim_match_confirm).as_view(),
        name="api-claim-match-confirm",
    ),
    path(
        "claims/<int:pk>/similar/<int:match_id>/reject/",
        _match_view("reject", claim_match_reject).as_view(),
        name="api-claim-match-reject",
    ),
    *transition_urlpatterns(),
]
