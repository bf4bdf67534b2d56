"""Automatic assignment: workload, language/topic fit, round-robin, deadlines, idempotency."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from claims.models import CheckerProfile, Claim, ClaimEvent
from claims.services.assignment import claim_assign_auto
from claims.services.ingestion import article_ingest
from claims.workflow import State
from tests.extraction.test_multilingual_seed import SEEDS

pytestmark = pytest.mark.django_db


def test_lowest_open_workload_wins(make_claim, make_checker):
    busy, free = make_checker("busy"), make_checker("free")
    make_claim(status="researching", assignee=busy)
    make_claim(status="published", assignee=free)  # finished work does not count
    make_claim(status="in_review", assignee=free)  # neither does work waiting for an editor
    claim = make_claim(status="accepted")
    assert claim_assign_auto(claim_id=claim.pk).assignee == free


def test_assignment_is_audited_as_a_system_assign_with_a_deadline(make_claim, make_checker, settings):
    settings.FACTCHECK_SLA_HOURS = {**settings.FACTCHECK_SLA_HOURS, "high": 24}
    checker = make_checker("solo")
    claim = make_claim(status="accepted", priority="high")
    before = timezone.now()
    result = claim_assign_auto(claim_id=claim.pk)
    assert (result.status, result.assignee) == ("assigned", checker)
    assert before + timedelta(hours=24) <= result.due_at <= timezone.now() + timedelta(hours=24)
    event = ClaimEvent.objects.get(claim=claim)
    assert (event.transition, event.actor, event.payload["assignee"]) == ("assign", None, checker.pk)


def test_unavailable_inactive_and_non_checkers_are_skipped(make_claim, make_checker, editor):
    make_checker("away", profile={"is_available": False})
    make_checker("left", is_active=False)
    available = make_checker("here")
    make_claim(status="assigned", assignee=available)
    make_claim(status="assigned", assignee=available)
    claim = make_claim(status="accepted")
    assert claim_assign_auto(claim_id=claim.pk).assignee == available


def test_language_and_topic_tags_must_fit(make_claim, make_checker):
    make_checker("french", profile={"languages": ["fr"]})
    make_checker("sport", profile={"topics": ["sport"]})
    economist = make_checker("economist", profile={"languages": ["en", "de"], "topics": ["economy", "labour"]})
    make_claim(status="assigned", assignee=economist)  # busier, but the only one who fits
    claim = make_claim(status="accepted", language="en", topics=["labour"])
    assert claim_assign_auto(claim_id=claim.pk).assignee == economist
    untagged = make_claim(status="accepted", language="fr", topics=[])
    assert claim_assign_auto(claim_id=untagged.pk).assignee.username == "french"


def test_a_ukrainian_claim_goes_to_the_checker_who_reads_ukrainian(make_checker):
    text = (SEEDS / "uk.txt").read_text(encoding="utf-8")
    article, _ = article_ingest(text=text)
    claim = article.claims.filter(claimant="Сергій Лавров").first()
    assert article.language == "uk" and claim is not None and claim.language == "uk"
    make_checker("anglophone", profile={"languages": ["en", "fr"]})
    reader = make_checker("olena", profile={"languages": ["uk", "ru"]})
    Claim.objects.filter(pk=claim.pk).update(status=State.ACCEPTED)
    # the reader is the busier one: fit comes before workload
    other = article.claims.exclude(pk=claim.pk).first()
    Claim.objects.filter(pk=other.pk).update(status=State.ASSIGNED, assignee=reader)
    assert claim_assign_auto(claim_id=claim.pk).assignee == reader


def test_nobody_fits_leaves_the_claim_in_the_queue(make_claim, make_checker):
    make_checker("french", profile={"languages": ["fr"]})
    claim = make_claim(status="accepted", language="de")
    result = claim_assign_auto(claim_id=claim.pk)
    assert (result.status, result.assignee) == ("accepted", None)
    assert not ClaimEvent.objects.exists()


def test_ties_go_round_robin(make_claim, make_checker):
    checkers = [make_checker(name) for name in ("ann", "bob", "cat")]
    picked = []
    for _ in range(6):
        claim = make_claim(status="accepted")
        picked.append(claim_assign_auto(claim_id=claim.pk).assignee.username)
        # Finish the claim so workloads stay equal and only the round-robin decides.
        type(claim).objects.filter(pk=claim.pk).update(status="published")
    assert picked[:3] == sorted(picked[:3]) == ["ann", "bob", "cat"]
    assert picked[3:] == picked[:3]
    assert CheckerProfile.objects.filter(user__in=checkers, last_assigned_at__isnull=False).count() == 3


def test_a_batch_spreads_evenly(make_claim, make_checker):
    for name in ("ann", "bob", "cat", "dan"):
        make_checker(name)
    assignees = [claim_assign_auto(claim_id=make_claim(status="accepted").pk).assignee_id for _ in range(12)]
    assert sorted(assignees.count(pk) for pk in set(assignees)) == [3, 3, 3, 3]


def test_idempotent_an_assigned_or_triaged_claim_is_left_alone(make_claim, make_checker):
    first, second = make_checker("first"), make_checker("second")
    claim = make_claim(status="accepted")
    assert claim_assign_auto(claim_id=claim.pk).assignee == first
    again = claim_assign_auto(claim_id=claim.pk)  # a redelivered task
    assert again.assignee == first
    assert ClaimEvent.objects.filter(claim=claim).count() == 1
    rejected = make_claim(status="rejected")
    assert claim_assign_auto(claim_id=rejected.pk).assignee is None
    assert claim_assign_auto(claim_id=987654) is None
    assert second.assigned_claims.count() == 0


def test_waiting_claims_are_assigned_once_a_checker_is_free(make_claim, make_checker):
    from claims.models import Claim
    from claims.services.assignment import claims_assign_waiting

    waiting = make_claim(status="accepted")
    recent = make_claim(status="accepted")
    an_hour_ago = timezone.now() - timedelta(hours=1)
    Claim.objects.filter(pk=waiting.pk).update(updated_at=an_hour_ago)
    assert claims_assign_waiting() == 0  # nobody to assign to yet

    checker = make_checker("back")
    assert claims_assign_waiting() == 1
    assert Claim.objects.get(pk=waiting.pk).assignee == checker
    # A claim accepted moments ago is left to its own assignment task.
    assert Claim.objects.get(pk=recent.pk).assignee is None
    assert claims_assign_waiting() == 0
