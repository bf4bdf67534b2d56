"""Clusters: claims that state the same thing are grouped under one canonical claim, regrouped idempotently when
links change, and accept, reject and assign on the canonical claim take the open members along."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim, ClaimEvent, ClaimMatch, FactCheck
from claims.services.assignment import claim_assign_auto
from claims.services.clusters import claim_regroup
from claims.services.matching import claim_match_reject
from claims.services.transitions import claim_transition, claim_transition_with_cluster
from claims.workflow import State
from tests.clusters.conftest import link, outlet_claim

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
TUESDAY = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
WEDNESDAY = datetime(2026, 3, 4, 8, 0, tzinfo=UTC)


def fresh(*claims: Claim) -> list[Claim]:
    return [Claim.objects.get(pk=claim.pk) for claim in claims]


def test_matches_above_the_cluster_threshold_group_claims_under_the_earliest():
    tuesday = outlet_claim("Daily Wire Service", when=TUESDAY)
    monday = outlet_claim("Evening Post", when=MONDAY)
    wednesday = outlet_claim("Daily Wire Service", when=WEDNESDAY)
    link(tuesday, monday, score=0.85)
    link(wednesday, tuesday, score=0.81)  # joins through tuesday: clusters are transitive

    monday, tuesday, wednesday = fresh(monday, tuesday, wednesday)
    assert monday.canonical_id is None
    assert tuesday.canonical_id == wednesday.canonical_id == monday.pk
    # The canonical claim holds the cluster's figures.
    assert monday.cluster_size == 3
    assert monday.cluster_outlets == ["Daily Wire Service", "Evening Post"]
    assert (monday.first_seen_at, monday.last_seen_at) == (MONDAY, WEDNESDAY)
    assert (tuesday.cluster_size, tuesday.cluster_outlets, tuesday.first_seen_at) == (1, [], None)


def test_claims_repeating_one_fact_check_are_one_cluster(editor):
    factcheck = FactCheck.objects.create(
        origin=FactCheck.Origin.IMPORTED, url="https://fc.example/1", claim_text="x", rating="false"
    )
    first, second, third = (
        outlet_claim(name, when=when) for name, when in (("A", MONDAY), ("B", TUESDAY), ("C", WEDNESDAY))
    )
    # Linked as matching does: an automatic duplicate of the fact-check, a strong match to it, a weak one.
    claim_transition(
        claim_id=first.pk, transition="mark_duplicate", user=None, data={"duplicate_of_factcheck": factcheck.pk}
    )
    ClaimMatch.objects.create(claim=second, matched_factcheck=factcheck, score=0.88)
    ClaimMatch.objects.create(claim=third, matched_factcheck=factcheck, score=0.6)
    claim_regroup(claim_id=second.pk)
    claim_regroup(claim_id=third.pk)
    first, second, third = fresh(first, second, third)
    # The new claim still waiting stands for the cluster before the closed duplicate.
    assert (second.canonical_id, first.canonical_id, third.canonical_id) == (None, second.pk, None)
    assert second.cluster_size == 2


def test_weak_and_rejected_matches_do_not_group(editor, settings):
    settings.FACTCHECK_CLUSTER_THRESHOLD = 0.8
    first, second, third = outlet_claim("A"), outlet_claim("B"), outlet_claim("C")
    link(second, first, score=0.79)
    assert fresh(second)[0].canonical_id is None and fresh(first)[0].cluster_size == 1

    match = link(third, first, score=0.95)
    assert fresh(third)[0].canonical_id == first.pk
    claim_match_reject(match_id=match.pk, user=editor)
    claim_regroup(claim_id=third.pk)  # as the task the rejection queued does
    first, third = fresh(first, third)
    assert third.canonical_id is None and (first.cluster_size, third.cluster_size) == (1, 1)


def test_a_confirmed_or_automatic_duplicate_joins_what_it_repeats(editor):
    earlier, later = outlet_claim("A", when=MONDAY), outlet_claim("B", when=TUESDAY)
    claim_transition(claim_id=later.pk, transition="mark_duplicate", user=editor, data={"duplicate_of": earlier.pk})
    claim_regroup(claim_id=later.pk)  # queued by the transition
    earlier, later = fresh(earlier, later)
    assert later.status == State.DUPLICATE and later.canonical_id == earlier.pk and earlier.cluster_size == 2


def test_a_claim_the_desk_works_on_is_canonical_before_an_earlier_new_one():
    earlier = outlet_claim("A", when=MONDAY)
    worked = outlet_claim("B", when=TUESDAY, status=State.ACCEPTED)
    link(worked, earlier)
    earlier, worked = fresh(earlier, worked)
    assert worked.canonical_id is None and earlier.canonical_id == worked.pk


def test_regrouping_again_writes_nothing():
    first, second = outlet_claim("A"), outlet_claim("B")
    link(second, first)
    with CaptureQueriesContext(connection) as captured:
        claim_regroup(claim_id=second.pk)
        claim_regroup(claim_id=first.pk)
    writes = [q["sql"] for q in captured if q["sql"].startswith(("UPDATE", "INSERT", "DELETE"))]
    assert writes == []


def test_accepting_the_canonical_claim_accepts_its_open_members_each_with_its_own_event(editor):
    canonical = outlet_claim("A", when=MONDAY)
    member = outlet_claim("B", when=TUESDAY)
    closed = outlet_claim("C", when=TUESDAY)
    link(member, canonical)
    link(closed, canonical)
    claim_transition(claim_id=closed.pk, transition="reject", user=editor, data={"reason": "Opinion."})

    outcome = claim_transition_with_cluster(claim_id=canonical.pk, transition="accept", user=editor)

    assert (outcome.applied, outcome.skipped) == ([member.pk], [])
    canonical, member, closed = fresh(canonical, member, closed)
    assert (canonical.status, member.status, closed.status) == (State.ACCEPTED, State.ACCEPTED, State.REJECTED)
    event = ClaimEvent.objects.get(claim=member, transition="accept")
    assert event.actor == editor and str(canonical.pk) in event.note
    assert ClaimEvent.objects.filter(claim=canonical, transition="accept").count() == 1


def test_members_the_workflow_refuses_are_skipped_and_reported(editor):
    canonical = outlet_claim("A", when=MONDAY)
    new_member = outlet_claim("B", when=TUESDAY)
    accepted_member = outlet_claim("C", when=TUESDAY)
    link(new_member, canonical)
    link(accepted_member, canonical)
    # Accepted on its own, before its cluster was looked at again.
    claim_transition(claim_id=accepted_member.pk, transition="accept", user=editor)

    outcome = claim_transition_with_cluster(
        claim_id=canonical.pk, transition="reject", user=editor, data={"reason": "Not checkable."}
    )
    assert outcome.applied == [new_member.pk]
    ((skipped_id, reason),) = outcome.skipped
    assert skipped_id == accepted_member.pk and reason == "Cannot reject a claim that is accepted; it must be new."
    canonical, new_member, accepted_member = fresh(canonical, new_member, accepted_member)
    assert (canonical.status, new_member.status, accepted_member.status) == ("rejected", "rejected", "accepted")
    assert new_member.reject_reason == "Not checkable."


def test_a_refused_member_keeps_its_state_and_is_named_with_the_reason(editor, checker):
    canonical = outlet_claim("A", when=MONDAY, status=State.ACCEPTED)
    member = outlet_claim("B", when=TUESDAY)
    link(member, canonical)
    # Assign is open from accepted, not from new: the new member is refused and says why.
    outcome = claim_transition_with_cluster(
        claim_id=canonical.pk, transition="assign", user=editor, data={"assignee": checker.pk}
    )
    assert outcome.applied == []
    ((skipped_id, reason),) = outcome.skipped
    assert skipped_id == member.pk and "new" in reason
    assert fresh(member)[0].status == State.NEW and fresh(canonical)[0].assignee_id == checker.pk
    assert not ClaimEvent.objects.filter(claim=member).exists()


def test_automatic_assignment_gives_a_cluster_to_one_checker(editor, checker, other_checker):
    canonical = outlet_claim("A", when=MONDAY)
    members = [outlet_claim(name, when=TUESDAY) for name in ("B", "C")]
    for member in members:
        link(member, canonical)
    claim_transition_with_cluster(claim_id=canonical.pk, transition="accept", user=editor)
    # A member's own assignment task, run before its canonical claim's, waits for it.
    assert claim_assign_auto(claim_id=members[0].pk).assignee_id is None
    claim_assign_auto(claim_id=canonical.pk)
    claim_assign_auto(claim_id=members[1].pk)  # redelivered after: nothing changes
    assignees = {claim.assignee_id for claim in fresh(canonical, *members)}
    assert len(assignees) == 1 and None not in assignees
    assert {claim.status for claim in fresh(canonical, *members)} == {State.ASSIGNED}


def test_regrouping_a_deleted_claim_does_nothing():
    claim = outlet_claim("A")
    pk = claim.pk
    claim.delete()
    assert claim_regroup(claim_id=pk) == []
