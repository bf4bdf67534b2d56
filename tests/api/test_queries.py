"""List endpoints run a constant number of queries whatever the page size."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim
from tests.api.conftest import token_client
from tests.factories import article_create, evidence_create, verdict_create

pytestmark = pytest.mark.django_db


def claims_in_every_state(count: int, *, checker, editor) -> None:
    """`count` claims spread over all states, with evidence and verdicts where the workflow reads them."""
    states = ["new", "accepted", "assigned", "researching", "in_review", "published", "rejected", "duplicate"]
    article = article_create()
    for n in range(count):
        status = states[n % len(states)]
        assignee = checker if status in ("assigned", "researching", "in_review", "published") else None
        claim = Claim.objects.create(
            article=article if n % 2 else article_create(),
            text=f"Claim number {n} says 3 percent.",
            quote="q",
            start=n * 10,
            end=n * 10 + 1,
            status=status,
            assignee=assignee,
            checkworthiness=(n % 100) / 100,
        )
        if status == "researching":
            evidence_create(claim)
        if status in ("in_review", "published"):
            verdict_create(claim, checker)


def queries_for(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured), len(response.json()["results"] if "results" in response.json() else response.json())


@pytest.mark.parametrize("role", ["editor", "checker"])
def test_claim_list_queries_do_not_grow_with_the_page(request, role, editor, checker):
    claims_in_every_state(250, checker=checker, editor=editor)
    client = token_client(request.getfixturevalue(role))
    small, rows_small = queries_for(client, "/api/claims/?page_size=10")
    large, rows_large = queries_for(client, "/api/claims/?page_size=200")
    assert (rows_small, rows_large) == (10, 200)
    assert small == large
    # token with user and roles, page with its capped count, evidence counts, verdict authors; a checker's queue
    # also reads the languages on their profile
    languages = 1 if role == "checker" else 0
    assert large <= 4 + languages
    filtered, _ = queries_for(client, "/api/claims/?page_size=200&search=percent&status=researching&status=in_review")
    assert filtered <= 4 + languages
    # A page of new claims needs neither evidence counts nor verdict authors.
    assert queries_for(client, "/api/claims/?status=new&page_size=200")[0] == 2 + languages


def test_evidence_history_and_similar_lists_are_constant(editor, checker, make_claim, client_for):
    from claims.models import ClaimEvent, ClaimMatch

    claim = make_claim(status="researching", assignee=checker)
    client = token_client(editor)
    counts = []
    for size in (10, 60):
        for n in range(size - claim.evidence.count()):
            evidence_create(claim, added_by=checker if n % 2 else None)
        existing = ClaimEvent.objects.filter(claim=claim).count()
        ClaimEvent.objects.bulk_create(
            ClaimEvent(claim=claim, actor=editor, transition="assign", from_state="accepted", to_state="assigned")
            for _ in range(size - existing)
        )
        while claim.matches.count() < size:
            ClaimMatch.objects.create(claim=claim, matched_claim=make_claim(), score=0.5)
        counts.append(
            tuple(queries_for(client, f"/api/claims/{claim.pk}/{part}/") for part in ("evidence", "history", "similar"))
        )
    small, large = counts
    assert [rows for _, rows in large] == [60, 60, 60]
    assert [q for q, _ in small] == [q for q, _ in large]
