"""Reads for the desk: workloads, overdue claims, history, evidence and verdict versions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from claims.errors import NotFound
from claims.models import Claim
from claims.selectors.dashboard import claim_is_overdue, claim_overdue_filter, claims_overdue_count
from claims.selectors.review import (
    checker_workload_list,
    claim_history,
    evidence_list,
    verdict_history,
)
from claims.services.workflow import claim_transition

pytestmark = pytest.mark.django_db


def test_workload_counts_assigned_and_researching_only(make_claim, make_checker):
    busy, idle = make_checker("busy"), make_checker("idle")
    make_checker("gone", is_active=False)
    make_claim(status="assigned", assignee=busy)
    make_claim(status="researching", assignee=busy, overdue_since=timezone.now())
    make_claim(status="in_review", assignee=busy)
    make_claim(status="published", assignee=idle)
    rows = [(user.username, user.workload, user.overdue) for user in checker_workload_list()]
    assert rows == [("idle", 0, 0), ("busy", 2, 1)]


def test_overdue_means_past_due_while_a_checker_has_it(make_claim, checker):
    now = timezone.now()
    late = make_claim(status="assigned", assignee=checker, due_at=now - timedelta(hours=1))
    later = make_claim(status="researching", assignee=checker, due_at=now - timedelta(hours=5))
    make_claim(status="in_review", assignee=checker, due_at=now - timedelta(hours=9))
    make_claim(status="assigned", assignee=checker, due_at=now + timedelta(hours=1))
    make_claim(status="accepted")
    assert set(Claim.objects.filter(claim_overdue_filter(now=now))) == {late, later}
    assert claims_overdue_count(now=now) == 2
    # The loaded-claim twin of the filter agrees with it on every claim.
    assert {claim for claim in Claim.objects.all() if claim_is_overdue(claim, now=now)} == {late, later}


def test_history_evidence_and_verdicts(make_claim, make_evidence, checker, editor):
    claim = make_claim(status="accepted")
    claim_transition(claim_id=claim.pk, transition="assign", user=editor, data={"assignee": checker.pk})
    claim_transition(claim_id=claim.pk, transition="start_research", user=checker)
    weak, strong = make_evidence(claim, relevance=0.2), make_evidence(claim, relevance=0.9)
    data = {"rating": "true", "summary": "s", "explanation": "e"}
    claim_transition(claim_id=claim.pk, transition="submit_verdict", user=checker, data=data)
    claim_transition(claim_id=claim.pk, transition="request_changes", user=editor, data={"note": "more"})
    claim_transition(claim_id=claim.pk, transition="submit_verdict", user=checker, data={**data, "rating": "false"})

    assert [e.transition for e in claim_history(claim_id=claim.pk)] == [
        "assign",
        "start_research",
        "submit_verdict",
        "request_changes",
        "submit_verdict",
    ]
    assert list(evidence_list(claim_id=claim.pk)) == [strong, weak]
    assert [(v.version, v.rating) for v in verdict_history(claim_id=claim.pk)] == [(2, "false"), (1, "true")]
    with pytest.raises(NotFound):
        claim_history(claim_id=987654)
    with pytest.raises(NotFound):
        evidence_list(claim_id=987654)
