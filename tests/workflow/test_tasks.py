"""The review tasks: thin, idempotent, on the workflow queue, started by the transitions that declare them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from claims.models import ClaimEvent, Evidence, Notification
from claims.services.transitions import claim_transition
from factcheck.celery import app
from workers import review

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["claim_assign_auto", "evidence_gather", "sla_watch", "claim_match_suggest"])
def test_tasks_are_late_acked_and_routed_to_the_workflow_queue(name):
    task = getattr(review, name)
    assert task.name == f"workers.review.{name}"
    assert task.acks_late and task.reject_on_worker_lost
    assert app.amqp.router.route({}, task.name)["queue"].name == "workflow"


def test_a_transient_database_error_is_retried_and_the_task_then_succeeds(make_claim, make_checker, monkeypatch):
    from django.db import OperationalError

    from claims.services import assignment

    checker = make_checker("solo")
    claim = make_claim(status="accepted")
    assign, attempts = assignment.claim_assign_auto, []

    def deadlocked_once(*, claim_id):
        attempts.append(claim_id)
        if len(attempts) == 1:
            raise OperationalError("deadlock detected")
        return assign(claim_id=claim_id)

    monkeypatch.setattr(assignment, "claim_assign_auto", deadlocked_once)
    result = review.claim_assign_auto.apply(args=[claim.pk])
    assert (result.state, result.get()) == ("SUCCESS", checker.pk)
    assert attempts == [claim.pk, claim.pk]
    claim.refresh_from_db()
    assert (claim.status, claim.assignee) == ("assigned", checker)


def test_accept_assigns_through_the_task_once_committed(
    make_claim, make_checker, editor, eager_celery, django_capture_on_commit_callbacks
):
    checker = make_checker("solo")
    claim = make_claim()
    with django_capture_on_commit_callbacks(execute=True):
        claim_transition(claim_id=claim.pk, transition="accept", user=editor)
    claim.refresh_from_db()
    assert (claim.status, claim.assignee) == ("assigned", checker)
    assert [e.transition for e in ClaimEvent.objects.filter(claim=claim)] == ["accept", "assign"]


def test_start_research_gathers_evidence_through_the_task(
    make_claim, checker, eager_celery, settings, django_capture_on_commit_callbacks
):
    from claims.models import Article

    settings.FACTCHECK_EVIDENCE_SOURCES = []
    Article.objects.create(
        url="https://archive.example/a", content_hash="c" * 64, text="Unemployment fell to 3 percent, the office said."
    )
    claim = make_claim(status="assigned", assignee=checker)
    with django_capture_on_commit_callbacks(execute=True):
        claim_transition(claim_id=claim.pk, transition="start_research", user=checker)
    assert Evidence.objects.filter(claim=claim, source="archive").count() == 1


def _state(claim):
    claim.refresh_from_db()
    return (
        claim.status,
        claim.assignee_id,
        claim.due_at,
        claim.overdue_since,
        ClaimEvent.objects.count(),
        Evidence.objects.count(),
        Notification.objects.count(),
    )


def test_each_task_run_twice_leaves_the_state_of_one_run(make_claim, make_checker, editor, settings):
    settings.FACTCHECK_EVIDENCE_SOURCES = []
    make_checker("solo")
    accepted = make_claim(status="accepted")
    review.claim_assign_auto.apply(args=[accepted.pk])
    once = _state(accepted)
    review.claim_assign_auto.apply(args=[accepted.pk])
    assert _state(accepted) == once

    researching = make_claim(status="researching", assignee=accepted.assignee, text=accepted.text)
    review.evidence_gather.apply(args=[researching.pk])
    once = _state(researching)
    assert once[5] == 1  # the other claim's article
    review.evidence_gather.apply(args=[researching.pk])
    assert _state(researching) == once

    type(researching).objects.filter(pk=researching.pk).update(due_at=timezone.now() - timedelta(hours=1))
    assert review.sla_watch.apply().get() == {"flagged": 1, "reassigned": 0}
    once = _state(researching)
    assert review.sla_watch.apply().get() == {"flagged": 0, "reassigned": 0}
    assert _state(researching) == once


def test_match_suggestion_task_delegates_and_tolerates_a_claim_gone_or_triaged(make_claim, monkeypatch):
    import sys
    import types

    from claims.errors import NotFound, TransitionNotAllowed

    claim, triaged = make_claim(), make_claim()
    seen = []

    def suggest(*, claim_id):
        seen.append(claim_id)
        if claim_id == triaged.pk:
            raise TransitionNotAllowed("Cannot mark_duplicate a claim that is accepted; it must be new.")
        if claim_id != claim.pk:
            raise NotFound("gone")
        return ["match-a", "match-b"]

    # The task's one collaborator, replaced whole: the test is about the task's contract, not about matching.
    monkeypatch.setitem(sys.modules, "claims.services.matching", types.SimpleNamespace(claim_match_suggest=suggest))
    assert review.claim_match_suggest.apply(args=[claim.pk]).get() == 2
    assert review.claim_match_suggest.apply(args=[triaged.pk]).get() == 0
    assert review.claim_match_suggest.apply(args=[987654]).get() == 0
    assert seen == [claim.pk, triaged.pk, 987654]
