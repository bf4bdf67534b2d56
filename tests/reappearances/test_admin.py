"""The admin: the claim list's "already checked" column and filter, and a fact-check's reappearances."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.models import FactCheck, Reappearance
from tests.factories import claim_create

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:claims_claim_changelist")


def test_the_claim_list_shows_and_filters_claims_already_checked(client, editor, factcheck):
    marked = claim_create(text="Ukraine attacked the residence with 91 drones.", already_checked=factcheck)
    plain = claim_create(text="Unemployment fell to 3 percent last year.")
    client.force_login(editor)

    html = client.get(CHANGELIST).content.decode()
    assert 'class="fc-checked"' in html
    assert reverse("admin:claims_factcheck_change", args=[factcheck.pk]) in html
    assert "2026-01-05" in html

    only_checked = client.get(CHANGELIST, {"already_checked": "yes"}).content.decode()
    assert marked.text in only_checked and plain.text not in only_checked
    never_checked = client.get(CHANGELIST, {"already_checked": "no"}).content.decode()
    assert plain.text in never_checked and marked.text not in never_checked

    page = client.get(reverse("admin:claims_claim_change", args=[marked.pk])).content.decode()
    assert "Already checked:" in page and "91 long-range drones" in page


def test_the_fact_check_page_lists_its_reappearances_with_a_weekly_chart(client, admin_user, factcheck):
    claim = claim_create(text="Ukraine attacked the residence with 91 drones.", already_checked=factcheck)
    Reappearance.objects.create(
        factcheck=factcheck,
        claim=claim,
        score=0.87,
        claimant="Sergei Lavrov",
        publisher="Wire Daily",
        article_url="https://wire.example/lavrov-drones",
        appeared_at=timezone.now() - timedelta(days=1),
    )
    client.force_login(admin_user)
    page = client.get(reverse("admin:claims_factcheck_change", args=[factcheck.pk])).content.decode()
    assert 'class="fc-reappearances"' in page
    assert "Reappearances per week" in page and "<svg" in page
    assert "Wire Daily" in page and "https://wire.example/lavrov-drones" in page and "0.87" in page
    assert reverse("admin:claims_claim_change", args=[claim.pk]) in page

    quiet = FactCheck.objects.create(
        origin="imported", url="https://factchecks.example/q", claim_text="q", rating="true"
    )
    page = client.get(reverse("admin:claims_factcheck_change", args=[quiet.pk])).content.decode()
    assert "No later claim has repeated it." in page


def test_the_dashboard_shows_the_fact_checks_reappearing_most_this_week(client, editor, factcheck):
    quieter = FactCheck.objects.create(
        origin="imported", url="https://factchecks.example/quiet", claim_text="Quiet claim", rating="true"
    )
    now = timezone.now()
    for factcheck_, ages in ((factcheck, (1, 2, 30)), (quieter, (3,))):
        for days in ages:
            Reappearance.objects.create(
                factcheck=factcheck_,
                claim=claim_create(),
                score=0.8,
                appeared_at=now - timedelta(days=days),
            )
    client.force_login(editor)
    page = client.get(reverse("admin:claims_dashboard")).content.decode()
    assert f'data-testid="reappearing-{factcheck.pk}">2<' in page
    assert f'data-testid="reappearing-{quieter.pk}">1<' in page
    assert page.index(f"reappearing-{factcheck.pk}") < page.index(f"reappearing-{quieter.pk}")
