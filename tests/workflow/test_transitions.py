"""Every transition and rule of claims.workflow, through claims.services.transitions.claim_transition."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from claims.errors import InvalidInput, NotFound, TransitionForbidden, TransitionNotAllowed
from claims.models import Claim, ClaimEvent, ClaimMatch, FactCheck, Notification, OutboxMessage, Verdict
from claims.selectors.claims import claims_annotate_workflow
from claims.services import outbox
from claims.services.transitions import claim_transition
from claims.workflow import TRANSITIONS, available_transitions

pytestmark = pytest.mark.django_db

VERDICT = {"rating": "false", "summary": "It rose.", "explanation": "The statistics office says 5.1 percent."}


@pytest.fixture
def enqueued(monkeypatch):
    """The (task, argument) pairs the workflow recorded in the outbox (not sent: no broker here)."""
    monkeypatch.setattr(outbox, "outbox_send", lambda **kwargs: 0)

    def recorded() -> list[tuple[str, int]]:
        return [(m.task, [*m.args, *m.kwargs.values()][0]) for m in OutboxMessage.objects.order_by("pk")]

    return recorded


def fire(claim, transition, user, data=None, **kwargs):
    return claim_transition(claim_id=claim.pk, transition=transition, user=user, data=data, **kwargs)


def test_transition_names_are_the_published_ones():
    assert list(TRANSITIONS) == [
        "accept",
        "reject",
        "mark_duplicate",
        "assign",
        "take",
        "release",
        "start_research",
        "submit_verdict",
        "request_changes",
        "publish",
        "reopen",
    ]


# --- triage ---------------------------------------------------------------------------------------------


def test_accept_writes_one_event_and_enqueues_assignment_on_commit(
    make_claim, editor, enqueued, django_capture_on_commit_callbacks
):
    claim = make_claim()
    with django_capture_on_commit_callbacks(execute=True):
        result = fire(claim, "accept", editor, note="Worth it")
    assert result.status == "accepted"
    event = ClaimEvent.objects.get(claim=claim)
    assert (event.transition, event.from_state, event.to_state, event.actor, event.note) == (
        "accept",
        "new",
        "accepted",
        editor,
        "Worth it",
    )
    assert enqueued() == [("workers.review.claim_assign_auto", claim.pk)]


def test_checker_may_not_accept_403(make_claim, checker):
    claim = make_claim()
    with pytest.raises(TransitionForbidden, match="Only editor may accept"):
        fire(claim, "accept", checker)
    claim.refresh_from_db()
    assert claim.status == "new"
    assert not ClaimEvent.objects.exists()


def test_wrong_state_is_409_with_reason(make_claim, editor):
    claim = make_claim(status="published")
    with pytest.raises(TransitionNotAllowed, match="Cannot accept a claim that is published; it must be new"):
        fire(claim, "accept", editor)


def test_unknown_transition_and_missing_claim(make_claim, editor):
    with pytest.raises(TransitionNotAllowed, match="Unknown transition"):
        fire(make_claim(), "approve", editor)
    with pytest.raises(NotFound):
        claim_transition(claim_id=987654, transition="accept", user=editor)


def test_reject_requires_a_reason_and_records_it(make_claim, editor):
    claim = make_claim()
    with pytest.raises(InvalidInput) as exc:
        fire(claim, "reject", editor, {"reason": "  "})
    assert "reason" in exc.value.fields
    result = fire(claim, "reject", editor, {"reason": "Opinion, not a fact."})
    assert (result.status, result.reject_reason) == ("rejected", "Opinion, not a fact.")
    assert ClaimEvent.objects.get(claim=claim).note == "Opinion, not a fact."


def test_mark_duplicate_of_a_claim_confirms_the_suggested_match(make_claim, editor):
    earlier, claim = make_claim(status="published"), make_claim()
    ClaimMatch.objects.create(claim=claim, matched_claim=earlier, score=0.97)
    result = fire(claim, "mark_duplicate", editor, {"duplicate_of": earlier.pk})
    assert (result.status, result.duplicate_of_id) == ("duplicate", earlier.pk)
    match = ClaimMatch.objects.get(claim=claim)
    assert (match.status, match.decided_by) == ("confirmed", editor)


def test_mark_duplicate_of_a_factcheck_by_the_system(make_claim):
    factcheck = FactCheck.objects.create(origin="imported", url="https://fc.example/1", claim_text="x")
    result = fire(make_claim(), "mark_duplicate", None, {"duplicate_of_factcheck": factcheck.pk})
    assert (result.status, result.duplicate_of_factcheck_id) == ("duplicate", factcheck.pk)
    assert ClaimEvent.objects.get(claim=result).actor is None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "duplicate_of"),
        ({"duplicate_of": 1, "duplicate_of_factcheck": 1}, "duplicate_of"),
        ({"duplicate_of": 987654}, "duplicate_of"),
        ({"duplicate_of": "abc"}, "duplicate_of"),
        ({"duplicate_of_factcheck": 987654}, "duplicate_of_factcheck"),
    ],
)
def test_mark_duplicate_needs_exactly_one_existing_target(make_claim, editor, data, field):
    claim = make_claim()
    with pytest.raises(InvalidInput) as exc:
        fire(claim, "mark_duplicate", editor, data)
    assert field in exc.value.fields
    claim.refresh_from_db()
    assert claim.status == "new"


def test_a_claim_cannot_duplicate_itself(make_claim, editor):
    claim = make_claim()
    with pytest.raises(InvalidInput, match="itself"):
        fire(claim, "mark_duplicate", editor, {"duplicate_of": claim.pk})


# --- assignment -----------------------------------------------------------------------------------------


def test_editor_assigns_an_active_checker_with_sla_deadline(make_claim, editor, checker, settings):
    settings.FACTCHECK_SLA_HOURS = {**settings.FACTCHECK_SLA_HOURS, "urgent": 4}
    claim = make_claim(status="accepted", priority="urgent")
    before = timezone.now()
    result = fire(claim, "assign", editor, {"assignee": checker.pk})
    assert (result.status, result.assignee_id) == ("assigned", checker.pk)
    assert before + timedelta(hours=4) <= result.due_at <= timezone.now() + timedelta(hours=4)
    assert Notification.objects.filter(user=checker, claim=claim, kind="assigned").count() == 1
    assert ClaimEvent.objects.get(claim=claim).payload["assignee"] == checker.pk
    checker.checker_profile.refresh_from_db()
    assert checker.checker_profile.last_assigned_at is not None


@pytest.mark.parametrize("who", ["editor", "inactive", "nobody", "none"])
def test_assign_target_must_be_an_active_checker(make_claim, editor, make_checker, who):
    targets = {
        "editor": editor.pk,
        "inactive": make_checker("gone", is_active=False).pk,
        "nobody": 987654,
        "none": None,
    }
    claim = make_claim(status="accepted")
    with pytest.raises(InvalidInput) as exc:
        fire(claim, "assign", editor, {"assignee": targets[who]})
    assert "assignee" in exc.value.fields


def test_checker_may_not_assign(make_claim, checker, other_checker):
    with pytest.raises(TransitionForbidden):
        fire(make_claim(status="accepted"), "assign", checker, {"assignee": other_checker.pk})


def test_reassigning_under_research_keeps_the_state(make_claim, editor, checker, other_checker):
    claim = make_claim(status="researching", assignee=checker)
    result = fire(claim, "assign", editor, {"assignee": other_checker.pk})
    assert (result.status, result.assignee_id) == ("researching", other_checker.pk)
    event = ClaimEvent.objects.get(claim=claim)
    assert (event.from_state, event.to_state, event.payload["previous_assignee"]) == (
        "researching",
        "researching",
        checker.pk,
    )
    assert Notification.objects.filter(user=checker, claim=claim, kind="reassigned").count() == 1
    with pytest.raises(InvalidInput, match="already assigned to this checker"):
        fire(claim, "assign", editor, {"assignee": other_checker.pk})


def test_checker_takes_an_accepted_claim_once(make_claim, checker, other_checker, editor):
    claim = make_claim(status="accepted")
    result = fire(claim, "take", checker)
    assert (result.status, result.assignee_id) == ("assigned", checker.pk)
    assert result.due_at is not None
    with pytest.raises(TransitionNotAllowed):
        fire(claim, "take", other_checker)
    with pytest.raises(TransitionForbidden):
        fire(make_claim(status="accepted"), "take", editor)


def test_release_is_for_the_assignee_or_an_editor(make_claim, checker, other_checker, editor):
    claim = make_claim(status="researching", assignee=checker, due_at=timezone.now())
    with pytest.raises(TransitionForbidden, match="only claims assigned to them"):
        fire(claim, "release", other_checker)
    result = fire(claim, "release", checker)
    assert (result.status, result.assignee_id, result.due_at) == ("accepted", None, None)
    other = make_claim(status="assigned", assignee=other_checker)
    assert fire(other, "release", editor).status == "accepted"


# --- research and verdict -------------------------------------------------------------------------------


def test_start_research_enqueues_evidence_gathering(
    make_claim, checker, other_checker, enqueued, django_capture_on_commit_callbacks
):
    claim = make_claim(status="assigned", assignee=checker)
    with pytest.raises(TransitionForbidden):
        fire(claim, "start_research", other_checker)
    with django_capture_on_commit_callbacks(execute=True):
        assert fire(claim, "start_research", checker).status == "researching"
    assert enqueued() == [("workers.review.evidence_gather", claim.pk)]


def test_submit_verdict_needs_evidence_409(make_claim, checker):
    claim = make_claim(status="researching", assignee=checker)
    with pytest.raises(TransitionNotAllowed, match="at least one evidence item"):
        fire(claim, "submit_verdict", checker, VERDICT)
    assert not Verdict.objects.exists()


def test_submit_verdict_rating_must_be_on_the_scale(make_claim, make_evidence, checker):
    claim = make_claim(status="researching", assignee=checker)
    make_evidence(claim)
    with pytest.raises(InvalidInput) as exc:
        fire(claim, "submit_verdict", checker, {**VERDICT, "rating": "pants-on-fire"})
    assert "rating" in exc.value.fields
    with pytest.raises(InvalidInput) as exc:
        fire(claim, "submit_verdict", checker, {"rating": "false"})
    assert set(exc.value.fields) == {"summary", "explanation"}


def test_submit_verdict_on_someone_elses_claim_is_forbidden(make_claim, make_evidence, checker, other_checker):
    claim = make_claim(status="researching", assignee=checker)
    make_evidence(claim)
    with pytest.raises(TransitionForbidden):
        fire(claim, "submit_verdict", other_checker, VERDICT)


def test_submit_verdict_creates_version_one(make_claim, make_evidence, checker):
    claim = make_claim(status="researching", assignee=checker)
    make_evidence(claim)
    result = fire(claim, "submit_verdict", checker, VERDICT)
    verdict = Verdict.objects.get(claim=claim)
    assert result.status == "in_review"
    assert (verdict.version, verdict.rating, verdict.author, verdict.published_at) == (1, "false", checker, None)
    assert ClaimEvent.objects.get(claim=claim).payload == {"verdict_id": verdict.pk, "version": 1, "rating": "false"}


def test_request_changes_keeps_the_verdict_and_tells_the_checker(make_claim, make_evidence, checker, editor):
    claim = make_claim(status="researching", assignee=checker)
    make_evidence(claim)
    fire(claim, "submit_verdict", checker, VERDICT)
    with pytest.raises(InvalidInput):
        fire(claim, "request_changes", editor, {})
    with pytest.raises(TransitionForbidden):
        fire(claim, "request_changes", checker, {"note": "mine is fine"})
    result = fire(claim, "request_changes", editor, {"note": "Cite the 2024 release."})
    assert result.status == "researching"
    assert Verdict.objects.filter(claim=claim).count() == 1
    assert Notification.objects.get(user=checker, kind="changes_requested").message.endswith("Cite the 2024 release.")


# --- publishing -----------------------------------------------------------------------------------------


def _in_review(make_claim, make_evidence, author, assignee=None):
    claim = make_claim(status="researching", assignee=assignee or author)
    make_evidence(claim)
    return fire(claim, "submit_verdict", author, VERDICT)


def test_four_eyes_the_author_may_not_publish_403(make_claim, make_evidence, editor, other_editor, checker):
    claim = _in_review(make_claim, make_evidence, editor, assignee=checker)
    assert "publish" not in available_transitions(claim, editor)
    assert "publish" in available_transitions(claim, other_editor)
    with pytest.raises(TransitionForbidden, match="Four eyes"):
        fire(claim, "publish", editor)
    with pytest.raises(TransitionForbidden):
        fire(claim, "publish", checker)


def test_publish_stamps_the_verdict_and_makes_the_factcheck_in_the_same_transaction(
    make_claim, make_evidence, checker, editor, enqueued
):
    claim = _in_review(make_claim, make_evidence, checker)
    result = fire(claim, "publish", editor)
    verdict = Verdict.objects.get(claim=claim)
    assert result.status == "published"
    assert (verdict.published_by, verdict.correction_note) == (editor, "")
    assert verdict.published_at is not None
    # No worker is needed: the fact-check and its ClaimReview exist when the transition returns.
    factcheck = FactCheck.objects.get(claim=claim)
    assert (factcheck.verdict, factcheck.version, factcheck.origin) == (verdict, 1, "published")
    event = ClaimEvent.objects.get(claim=claim, transition="publish")
    assert (event.payload["factcheck_id"], event.payload["factcheck_version"]) == (factcheck.pk, 1)
    # No webhook is registered: the only work left for the background is the fact-check's multilingual embedding.
    assert enqueued() == [("workers.ingestion.factcheck_multilingual_embed", factcheck.pk)]


def test_a_publish_that_fails_late_leaves_no_factcheck_and_no_published_verdict(
    make_claim, make_evidence, checker, editor, monkeypatch
):
    from claims.services import transitions

    claim = _in_review(make_claim, make_evidence, checker)

    def broken(**kwargs):
        raise RuntimeError("the ClaimReview could not be built")

    monkeypatch.setattr(transitions, "factcheck_publish", broken)
    with pytest.raises(RuntimeError):
        fire(claim, "publish", editor)
    claim.refresh_from_db()
    assert claim.status == "in_review"
    assert not FactCheck.objects.exists()
    assert Verdict.objects.get(claim=claim).published_at is None


def test_reopen_and_republish_is_a_new_version_with_a_correction_note(
    make_claim, make_evidence, checker, editor, other_editor
):
    claim = _in_review(make_claim, make_evidence, checker)
    fire(claim, "publish", editor)
    with pytest.raises(TransitionForbidden):
        fire(claim, "reopen", checker)
    assert fire(claim, "reopen", editor, note="Figure revised").status == "researching"
    first = Verdict.objects.get(claim=claim)
    assert first.published_at is not None  # the published version stays in history
    fire(claim, "submit_verdict", checker, {**VERDICT, "rating": "mostly-false"})
    with pytest.raises(InvalidInput) as exc:
        fire(claim, "publish", other_editor)
    assert "correction_note" in exc.value.fields
    fire(claim, "publish", other_editor, {"correction_note": "The office revised the figure."})
    versions = list(Verdict.objects.filter(claim=claim).order_by("version"))
    assert [(v.version, v.rating) for v in versions] == [(1, "false"), (2, "mostly-false")]
    assert versions[1].correction_note == "The office revised the figure."
    assert versions[1].published_by == other_editor
    assert [e.transition for e in ClaimEvent.objects.filter(claim=claim)] == [
        "submit_verdict",
        "publish",
        "reopen",
        "submit_verdict",
        "publish",
    ]


# --- the table, atomicity and the available transitions -------------------------------------------------


def test_a_rolled_back_transition_enqueues_nothing_and_leaves_no_event(
    make_claim, editor, enqueued, django_capture_on_commit_callbacks
):
    claim = make_claim()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        fire(claim, "accept", editor)
        raise RuntimeError("the caller's transaction fails after the transition")
    assert callbacks == []
    assert enqueued() == []
    claim.refresh_from_db()
    assert claim.status == "new"
    assert not ClaimEvent.objects.exists()


def test_available_transitions_follow_roles_ownership_and_conditions(
    make_claim, make_evidence, checker, other_checker, editor
):
    assert available_transitions(make_claim(), editor) == ["accept", "reject", "mark_duplicate"]
    assert available_transitions(make_claim(), checker) == []
    assert available_transitions(make_claim(status="accepted"), checker) == ["take"]
    assert available_transitions(make_claim(status="accepted"), None) == ["assign"]
    researching = make_claim(status="researching", assignee=checker)
    assert available_transitions(researching, checker) == ["release"]  # no evidence yet
    make_evidence(researching)
    assert available_transitions(researching, checker) == ["release", "submit_verdict"]
    assert available_transitions(researching, other_checker) == []
    assert available_transitions(researching, editor) == ["assign", "release", "submit_verdict"]


def test_inactive_users_may_do_nothing(make_claim, editor):
    editor.is_active = False
    editor.save()
    with pytest.raises(TransitionForbidden):
        fire(make_claim(), "accept", editor)


def test_annotated_claims_list_their_transitions_without_a_query_per_claim(
    make_claim, make_evidence, checker, editor, django_assert_num_queries
):
    for status in ("researching", "in_review", "researching"):
        claim = make_claim(status=status, assignee=checker)
        make_evidence(claim)
    fire(Claim.objects.filter(status="in_review").get(), "request_changes", editor, {"note": "again"})
    claim = Claim.objects.filter(status="researching").first()
    fire(claim, "submit_verdict", checker, VERDICT)
    claims = list(Claim.objects.order_by("pk"))
    claims_annotate_workflow(claims)
    available_transitions(claims[0], editor)  # the user's roles are read once
    with django_assert_num_queries(0):
        listed = [available_transitions(c, editor) for c in claims]
    assert ["publish" in names for names in listed].count(True) == 1
    assert all("submit_verdict" in names for names in listed if "publish" not in names)
