"""Every transition of claims.workflow through claims.services.workflow.claim_transition."""

from __future__ import annotations

import pytest

from claims.errors import InvalidInput, TransitionForbidden, TransitionNotAllowed
from claims.models import ClaimEvent
from claims.services.workflow import claim_transition

pytestmark = pytest.mark.django_db


def test_accept_writes_one_event_and_enqueues_assignment(make_claim, editor, django_capture_on_commit_callbacks):
    claim = make_claim()
    with django_capture_on_commit_callbacks() as callbacks:
        result = claim_transition(claim_id=claim.pk, transition="accept", user=editor)
    assert result.status == "accepted"
    event = ClaimEvent.objects.get(claim=claim)
    assert (event.transition, event.from_state, event.to_state, event.actor) == ("accept", "new", "accepted", editor)
    assert len(callbacks) == 1


def test_checker_cannot_accept(make_claim, checker):
    claim = make_claim()
    with pytest.raises(TransitionForbidden, match="Only editor may accept"):
        claim_transition(claim_id=claim.pk, transition="accept", user=checker)


def test_wrong_state_is_not_allowed(make_claim, editor):
    claim = make_claim(status="published")
    with pytest.raises(TransitionNotAllowed, match="Cannot accept a claim that is published"):
        claim_transition(claim_id=claim.pk, transition="accept", user=editor)


def test_reject_requires_reason(make_claim, editor):
    claim = make_claim()
    with pytest.raises(InvalidInput) as exc:
        claim_transition(claim_id=claim.pk, transition="reject", user=editor, data={"reason": "  "})
    assert "reason" in exc.value.fields
