"""Reads for the desk: workloads, overdue claims, history, evidence, the current verdict and workflow facts."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from django.utils import timezone

from claims.models import Claim, Verdict
from claims.selectors.claims import (
    claim_current_verdict,
    claim_evidence,
    claim_history,
    claims_annotate_workflow,
    claims_workflow_facts,
)
from claims.selectors.dashboard import claims_overdue_count
from claims.selectors.review import checker_workload_list
from claims.services.transitions import claim_transition
from claims.states import claim_is_overdue, claim_overdue_filter
from claims.workflow import TRANSITIONS, State, available_transitions, has_evidence

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
    assert list(claim_evidence(claim_id=claim.pk)) == [strong, weak]
    current = claim_current_verdict(claim=claim)
    assert (current.version, current.rating) == (2, "false")


def _claims_with_facts(make_claim, make_evidence, checker, author):
    """One claim in every state, assigned to `checker`, with evidence and a verdict by `author`."""
    claims = []
    for state in State:
        claim = make_claim(status=state, assignee=checker)
        make_evidence(claim)
        Verdict.objects.create(claim=claim, version=1, rating="true", summary="s", explanation="e", author=author)
        claims.append(claim)
    return claims


def test_loaded_facts_give_the_transitions_the_conditions_would_compute(
    make_claim, make_evidence, checker, other_checker, editor
):
    claims = _claims_with_facts(make_claim, make_evidence, checker, author=checker)
    annotated = list(Claim.objects.filter(pk__in=[c.pk for c in claims]).order_by("pk"))
    claims_annotate_workflow(annotated)
    for user in (editor, checker, other_checker):
        for claim in annotated:
            fresh = Claim.objects.get(pk=claim.pk)  # the conditions query the claim's own rows
            assert available_transitions(claim, user) == available_transitions(fresh, user), (claim.status, user)


def test_facts_are_loaded_wherever_the_workflow_table_checks_them(
    make_claim, make_evidence, checker, editor, monkeypatch
):
    claims = _claims_with_facts(make_claim, make_evidence, checker, author=editor)
    by_state = {claim.status: claim.pk for claim in claims}
    pairs = [(claim.pk, claim.status) for claim in claims]
    counts, authors = claims_workflow_facts(claims=pairs)
    assert set(counts) == {by_state[State.RESEARCHING]}
    assert authors == {by_state[State.IN_REVIEW]: editor.pk}

    # A table change moves the facts with it: starting research now needs evidence, publishing is allowed
    # from "researching" too.
    start, publish = TRANSITIONS["start_research"], TRANSITIONS["publish"]
    monkeypatch.setitem(TRANSITIONS, "start_research", replace(start, conditions=(has_evidence,)))
    monkeypatch.setitem(TRANSITIONS, "publish", replace(publish, sources=publish.sources | {State.RESEARCHING}))
    counts, authors = claims_workflow_facts(claims=pairs)
    assert set(counts) == {by_state[State.ASSIGNED], by_state[State.RESEARCHING]}
    assert set(authors) == {by_state[State.RESEARCHING], by_state[State.IN_REVIEW]}
