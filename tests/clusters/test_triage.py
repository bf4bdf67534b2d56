"""Triage through the services: matching groups the same statement from several outlets and scores it with its
reasons; scores are stored, refreshed when their inputs change and when a day's growth fades."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from claims.models import Article, Claim, FactCheck
from claims.services.clusters import claim_regroup
from claims.services.ingestion import article_ingest
from claims.services.triage import claims_triage_refresh, claims_triage_refresh_due
from tests.clusters.conftest import link, outlet_claim

pytestmark = pytest.mark.django_db

STATEMENT = "Foreign Minister Sergei Lavrov said that Ukraine launched 91 long-range drones at the residence."


def test_the_same_statement_in_three_outlets_is_one_scored_cluster(eager_celery, django_capture_on_commit_callbacks):
    now = timezone.now()
    for hours, outlet in ((5, "Wire Daily"), (3, "Evening Post"), (1, "Morning Herald")):
        with django_capture_on_commit_callbacks(execute=True):
            article_ingest(
                text=f"Drones and diplomacy\n\nMOSCOW - {STATEMENT} Kyiv denied it.\n",
                url=f"https://{outlet.lower().replace(' ', '-')}.example/drones",
                publisher=outlet,
                published_at=now - timedelta(hours=hours),
            )
    claims = list(Claim.objects.filter(text__icontains="91 long-range drones").order_by("article__published_at"))
    assert len(claims) == 3
    canonical = claims[0]
    assert canonical.canonical_id is None
    assert [claim.canonical_id for claim in claims[1:]] == [canonical.pk, canonical.pk]
    assert canonical.cluster_size == 3
    assert canonical.cluster_outlets == ["Evening Post", "Morning Herald", "Wire Daily"]
    assert canonical.triage_reasons[:3] == ["in 3 outlets since yesterday", "said by a minister", "contains a number"]
    # The statement alone, scored as if nobody else carried it, ranks lower.
    alone = outlet_claim("Lone Gazette", text=STATEMENT, claimant=canonical.claimant, numbers=["91"])
    claims_triage_refresh(claim_ids=[alone.pk])
    alone.refresh_from_db()
    assert alone.triage_rank < canonical.triage_rank


def test_a_days_growth_fades_when_beat_rescores():
    now = timezone.now()
    first = outlet_claim("Wire Daily", when=now - timedelta(hours=3))
    second = outlet_claim("Evening Post", when=now - timedelta(hours=2))
    link(second, first)
    first.refresh_from_db()
    assert first.triage_reasons[0] == "in 2 outlets since yesterday"
    # Beat rescores the clusters that appeared in the last day and an hour; a day later the growth is gone.
    later = first.last_seen_at + timedelta(hours=24, minutes=30)
    assert claims_triage_refresh_due(now=later) == 2
    first.refresh_from_db()
    assert first.triage_reasons[0] == "in 2 outlets"
    assert claims_triage_refresh_due(now=later) == 0  # nothing left to change


def test_unscored_claims_are_caught_up_by_beat():
    claim = outlet_claim("Wire Daily")
    assert claim.triage_rank is None
    claims_triage_refresh_due()
    claim.refresh_from_db()
    assert claim.triage_rank is not None


def test_meeting_a_claimant_again_raises_their_new_claims(settings):
    claims = [outlet_claim(f"Outlet {n}", text=f"Statement number {n} by her.", claimant="Jane Holt") for n in range(3)]
    claims_triage_refresh(claim_ids=[claims[0].pk])
    before = Claim.objects.get(pk=claims[0].pk)
    assert before.triage_reasons == ["Jane Holt quoted in 3 articles"]
    newest = outlet_claim("Outlet 9", text="Another statement by her.", claimant="Jane Holt")
    claim_regroup(claim_id=newest.pk)  # as matching does for a new claim
    after = Claim.objects.get(pk=claims[0].pk)
    assert after.triage_reasons == ["Jane Holt quoted in 4 articles"] and after.triage_rank > before.triage_rank


def test_an_already_checked_claim_says_so_and_waits(settings):
    checked, unchecked = outlet_claim("A"), outlet_claim("B")
    factcheck = FactCheck.objects.create(
        origin=FactCheck.Origin.IMPORTED, url="https://fc.example/1", claim_text="x", rating="false"
    )
    Claim.objects.filter(pk=checked.pk).update(already_checked=factcheck)
    Article.objects.update(published_at=timezone.now())
    claims_triage_refresh(claim_ids=[checked.pk, unchecked.pk])
    checked, unchecked = Claim.objects.get(pk=checked.pk), Claim.objects.get(pk=unchecked.pk)
    assert checked.triage_reasons == ["already rated False"]
    assert checked.triage_rank < unchecked.triage_rank
    settings.FACTCHECK_TRIAGE_WEIGHTS = {**settings.FACTCHECK_TRIAGE_WEIGHTS, "already_checked": 1.0}
    claims_triage_refresh(claim_ids=[checked.pk, unchecked.pk])
    assert Claim.objects.get(pk=checked.pk).triage_rank > Claim.objects.get(pk=unchecked.pk).triage_rank
