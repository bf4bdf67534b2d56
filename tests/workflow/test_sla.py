"""SLA watch: overdue claims flagged once, editors notified once, reassignment after the grace period."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from claims.models import ClaimEvent, Notification
from claims.services.sla import sla_watch
from claims.states import sla_due_at

pytestmark = pytest.mark.django_db


def test_due_at_follows_the_priority(settings):
    settings.FACTCHECK_SLA_HOURS = {"urgent": 4, "high": 24, "normal": 72, "low": 168}
    start = timezone.now()
    assert sla_due_at(priority="urgent", start=start) == start + timedelta(hours=4)
    assert sla_due_at(priority="low", start=start) == start + timedelta(hours=168)
    assert sla_due_at(priority="unknown", start=start) == start + timedelta(hours=72)


def test_overdue_claims_are_flagged_and_editors_told_once(
    make_claim, checker, editor, other_editor, django_capture_on_commit_callbacks
):
    now = timezone.now()
    late = make_claim(status="researching", assignee=checker, due_at=now - timedelta(hours=1))
    on_time = make_claim(status="assigned", assignee=checker, due_at=now + timedelta(hours=1))
    waiting = make_claim(status="in_review", assignee=checker, due_at=now - timedelta(hours=1))
    editor.email, other_editor.email = "edna@desk.example", ""
    editor.save()
    other_editor.save()
    with django_capture_on_commit_callbacks(execute=True):
        report = sla_watch(now=now)
    assert (report.flagged, report.reassigned) == (1, 0)
    late.refresh_from_db()
    on_time.refresh_from_db()
    waiting.refresh_from_db()
    assert late.overdue_since == now
    assert on_time.overdue_since is None and waiting.overdue_since is None
    notices = Notification.objects.filter(kind="overdue")
    assert sorted(n.user.username for n in notices) == ["eddie", "edna"]
    assert all(n.claim_id == late.pk for n in notices)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["edna@desk.example"]
    assert f"Claim {late.pk} is overdue" in mail.outbox[0].subject

    with django_capture_on_commit_callbacks(execute=True):
        again = sla_watch(now=now + timedelta(minutes=10))
    assert again.flagged == 0
    assert Notification.objects.filter(kind="overdue").count() == 2
    assert len(mail.outbox) == 1


def test_superusers_are_told_as_editors_are(make_claim, checker, editor, admin_user, django_user_model):
    # The workflow counts superusers as editors, so the watch tells them too (once, even when also in the group).
    both = django_user_model.objects.create_superuser(username="boss", password="pw-boss", email="")
    both.groups.add(*editor.groups.all())
    now = timezone.now()
    late = make_claim(status="assigned", assignee=checker, due_at=now - timedelta(hours=1))
    assert sla_watch(now=now).flagged == 1
    told = Notification.objects.filter(kind="overdue", claim=late).values_list("user__username", flat=True)
    assert sorted(told) == ["boss", "edna", "root"]


def test_reassignment_after_the_grace_period(make_claim, make_checker, checker, editor, settings):
    settings.FACTCHECK_SLA_REASSIGN_AFTER_HOURS = 2
    other = make_checker("backup")
    now = timezone.now()
    claim = make_claim(status="researching", assignee=checker, due_at=now - timedelta(hours=5))
    sla_watch(now=now)  # flagged now, not yet reassigned
    claim.refresh_from_db()
    assert claim.assignee == checker
    later = now + timedelta(hours=3)
    report = sla_watch(now=later)
    assert report.reassigned == 1
    claim.refresh_from_db()
    assert (claim.status, claim.assignee, claim.overdue_since) == ("researching", other, None)
    assert claim.due_at > later
    event = ClaimEvent.objects.get(claim=claim)
    assert (event.transition, event.actor, event.payload["previous_assignee"]) == ("assign", None, checker.pk)
    told = set(Notification.objects.filter(kind="reassigned").values_list("user__username", flat=True))
    assert told == {"edna", "chris"}
    assert sla_watch(now=later).reassigned == 0  # a fresh deadline: nothing happens twice


def test_no_reassignment_without_another_checker_or_when_disabled(make_claim, checker, settings):
    now = timezone.now()
    claim = make_claim(status="assigned", assignee=checker, due_at=now - timedelta(hours=5))
    settings.FACTCHECK_SLA_REASSIGN_AFTER_HOURS = 0
    sla_watch(now=now)
    assert sla_watch(now=now + timedelta(days=3)).reassigned == 0
    settings.FACTCHECK_SLA_REASSIGN_AFTER_HOURS = 1
    assert sla_watch(now=now + timedelta(days=3)).reassigned == 0  # nobody else to give it to
    claim.refresh_from_db()
    assert claim.assignee == checker
    assert not ClaimEvent.objects.exists()


def test_reassigning_an_overdue_canonical_claim_takes_its_cluster_along(make_claim, make_checker, checker, settings):
    settings.FACTCHECK_SLA_REASSIGN_AFTER_HOURS = 2
    other = make_checker("backup")
    now = timezone.now()
    canonical = make_claim(status="researching", assignee=checker, due_at=now - timedelta(hours=5))
    member = make_claim(status="assigned", assignee=checker, due_at=now + timedelta(days=2), canonical=canonical)
    sla_watch(now=now)
    assert sla_watch(now=now + timedelta(hours=3)).reassigned == 1
    member.refresh_from_db()
    assert member.assignee == other
    assert ClaimEvent.objects.get(claim=member).transition == "assign"
