"""Reads of claims for the API and the desk: filtered lists, one claim, a user's open work."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery

from claims.errors import InvalidInput, NotFound
from claims.models import CheckerProfile, Claim, ClaimEvent, Evidence, Verdict
from claims.selectors.filters import ClaimFilter
from claims.states import OPEN_STATES
from claims.workflow import TRANSITIONS, Condition, four_eyes, has_evidence
from claims.workflow.roles import CHECKER, user_roles


def user_languages(user) -> list[str]:
    """The languages a checker reads (on their checker profile); empty for anyone else or when they declared none.
    Editors oversee every language, so their queue is not narrowed."""
    if user is None or CHECKER not in user_roles(user):
        return []
    profile = CheckerProfile.objects.filter(user=user).values_list("languages", flat=True).first()
    return [str(code) for code in profile or []]


def claim_list(*, filters: Mapping[str, Any] | None = None, user=None) -> QuerySet[Claim]:
    """Claims matching the query-string `filters` (see claims.selectors.filters.ClaimFilter): by default one row per
    cluster, highest triage score first.

    Without a `language` filter, a checker who declared languages sees claims in those languages (and claims whose
    language is unknown); `language=all` shows every language. Read a page as `.values(*ROW_COLUMNS)`. Raises
    InvalidInput with a message per field when a filter value is not valid.
    """
    filters = filters or {}
    queryset = Claim.objects.all()
    if filters.get("language") == "all":
        filters = filters.copy()
        filters.pop("language")
    elif not filters.get("language"):
        languages = user_languages(user)
        if languages:
            queryset = queryset.filter(language__in=[*languages, ""])
    return _filtered(queryset, filters)


# The columns of a row of the claim list read as plain values (`claim_list(...).values(*ROW_COLUMNS)`):
# building three model instances per row costs more than the query itself on a 200-row page.
ROW_COLUMNS = (
    "id",
    "status",
    "text",
    "quote",
    "start",
    "end",
    "claimant",
    "language",
    "checkworthiness",
    "priority",
    "due_at",
    "created_at",
    "assignee_id",
    "assignee__username",
    "article_id",
    "article__title",
    "article__url",
    "already_checked_id",
    "already_checked__rating",
    "already_checked__url",
    "already_checked__published_at",
    "canonical_id",
    "cluster_size",
    "cluster_outlets",
    "first_seen_at",
    "last_seen_at",
    # A member's cluster figures are its canonical claim's.
    "canonical__cluster_size",
    "canonical__cluster_outlets",
    "canonical__first_seen_at",
    "canonical__last_seen_at",
    "triage_rank",
    "triage_reasons",
)


def _filtered(queryset: QuerySet[Claim], filters: Mapping[str, Any] | None) -> QuerySet[Claim]:
    filterset = ClaimFilter(data=filters or {}, queryset=queryset)
    if not filterset.is_valid():
        raise InvalidInput("Invalid filter.", fields={k: list(v) for k, v in filterset.errors.items()})
    return filterset.qs


def claims_with_links(queryset: QuerySet[Claim] | None = None) -> QuerySet[Claim]:
    """Claims with their article, assignee, already-checked fact-check and canonical claim (its cluster's figures)
    loaded in the same query, without the vectors and the article text no page shows."""
    queryset = Claim.objects.all() if queryset is None else queryset
    return queryset.select_related("article", "assignee", "already_checked", "canonical").defer(
        "embedding",
        "search_document",
        "article__text",
        "already_checked__embedding",
        "already_checked__search_document",
        "canonical__embedding",
        "canonical__search_document",
    )


def claim_detail(*, claim_id: int) -> Claim:
    """One claim with its links loaded (`claims_with_links`)."""
    claim = claims_with_links().filter(pk=claim_id).first()
    if claim is None:
        raise NotFound(f"Claim {claim_id} does not exist.")
    return claim


def claim_get(*, claim_id: int) -> Claim:
    """The bare claim row (for permission checks before a write)."""
    claim = Claim.objects.only("id", "status", "assignee_id").filter(pk=claim_id).first()
    if claim is None:
        raise NotFound(f"Claim {claim_id} does not exist.")
    return claim


def claims_annotate_workflow(claims: Iterable[Claim]) -> None:
    """Load what the workflow's conditions read (evidence count, current verdict author) for a page of claims
    in at most two queries, so `available_transitions` needs no query per row."""
    claims = list(claims)
    counts, authors = claims_workflow_facts(claims=[(c.pk, c.status) for c in claims])
    for claim in claims:
        claim.evidence_count = counts.get(claim.pk, 0)
        claim.current_verdict_author_id = authors.get(claim.pk)


def _sources_checking(condition: Condition) -> frozenset[str]:
    """The states from which some transition checks `condition`: the only claims whose facts it reads."""
    return frozenset().union(*(t.sources for t in TRANSITIONS.values() if condition in t.conditions))


def claims_workflow_facts(*, claims: Iterable[tuple[int, str]]) -> tuple[dict[int, int], dict[int, int]]:
    """For (id, status) pairs: evidence counts and current verdict authors of the claims in the states whose
    transitions check them (has_evidence, four_eyes), in at most two queries."""
    claims = list(claims)
    # Read from the workflow table, so a transition that starts checking a condition elsewhere gets its facts.
    count_states, author_states = _sources_checking(has_evidence), _sources_checking(four_eyes)
    need_count = [pk for pk, status in claims if status in count_states]
    need_author = [pk for pk, status in claims if status in author_states]
    counts: dict[int, int] = {}
    if need_count:
        counts = dict(
            Evidence.objects.filter(claim_id__in=need_count)
            .values_list("claim_id")
            .annotate(n=Count("id"))
            .values_list("claim_id", "n")
        )
    authors: dict[int, int] = {}
    if need_author:
        latest = Verdict.objects.filter(claim_id=OuterRef("pk")).order_by("-version").values("author_id")[:1]
        authors = dict(Claim.objects.filter(pk__in=need_author).annotate(a=Subquery(latest)).values_list("pk", "a"))
    return counts, authors


def claim_current_verdict(*, claim: Claim) -> Verdict | None:
    return claim.verdicts.select_related("author", "published_by").order_by("-version").first()


def claim_history(*, claim_id: int) -> QuerySet[ClaimEvent]:
    """The claim's events, oldest first, with their actors."""
    return ClaimEvent.objects.filter(claim_id=claim_id).select_related("actor").order_by("created_at", "id")


def claim_evidence(*, claim_id: int) -> QuerySet[Evidence]:
    return Evidence.objects.filter(claim_id=claim_id).select_related("added_by").order_by("-relevance", "created_at")


def user_open_claims(*, user: Any) -> QuerySet:
    """The open claims assigned to `user`, soonest due first."""
    return (
        Claim.objects.filter(assignee_id=user.pk, status__in=OPEN_STATES)
        .order_by("due_at", "id")
        .values("id", "status", "text", "due_at")
    )
