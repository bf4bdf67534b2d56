"""The admin's queue: one row per cluster with its size, outlets and dates, triage reasons, a filter for every
claim, and workflow actions on a canonical claim that say what they did to its cluster."""

from __future__ import annotations

import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from claims.models import Claim, ClaimEvent, ClaimMatch

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:claims_claim_changelist")


def shown(response) -> set[int]:
    assert response.status_code == 200
    return {claim.pk for claim in response.context["cl"].result_list}


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_the_queue_shows_one_row_per_cluster_with_its_spread_and_reasons(client, editor, cluster):
    canonical, member, alone = cluster
    client.force_login(editor)
    response = client.get(CHANGELIST)
    assert shown(response) == {canonical.pk, alone.pk}
    html = response.content.decode()
    assert "2 claims, 2 outlets" in html and 'title="Evening Post, Wire Daily"' in html
    assert "2026-03-02 08:00 to 2026-03-03 08:00" in html
    assert "in 2 outlets; said by a minister; contains a number" in html
    assert f'href="{CHANGELIST}?cluster={canonical.pk}"' in html

    assert shown(client.get(CHANGELIST, {"cluster": "all"})) == {canonical.pk, member.pk, alone.pk}
    assert shown(client.get(CHANGELIST, {"cluster": str(member.pk)})) == {canonical.pk, member.pk}
    # Anything else is the default view, never an error.
    assert shown(client.get(CHANGELIST, {"cluster": "²"})) == {canonical.pk, alone.pk}


def test_the_claim_page_shows_cluster_triage_and_what_weighed_in_a_match(client, editor, cluster):
    canonical, member, _ = cluster
    ClaimMatch.objects.filter(claim=member).update(
        explanation=[
            {"feature": "cosine", "label": "meaning (sentence embedding cosine)", "value": 0.9, "contribution": 5.6}
        ]
    )
    client.force_login(editor)
    html = client.get(reverse("admin:claims_claim_change", args=[member.pk])).content.decode()
    assert "2 claims</a> in 2 outlets (Evening Post, Wire Daily), 2026-03-02 to 2026-03-03" in html
    assert f'canonical claim <a href="{reverse("admin:claims_claim_change", args=[canonical.pk])}">' in html
    assert "meaning (sentence embedding cosine) (5.6)" in html
    html = client.get(reverse("admin:claims_claim_change", args=[canonical.pk])).content.decode()
    assert "said by a minister" in html and "take its open members along" in html


def test_accepting_a_canonical_claim_from_its_page_takes_the_cluster_along(client, editor, cluster):
    canonical, member, _ = cluster
    client.force_login(editor)
    url = reverse("admin:claims_claim_transition", args=[canonical.pk, "accept"])
    response = client.post(url, follow=True)
    assert f"Accept: also 1 claim of its cluster ({member.pk})." in messages_of(response)
    assert Claim.objects.get(pk=member.pk).status == "accepted"
    assert ClaimEvent.objects.filter(claim=member, transition="accept", actor=editor).count() == 1


def test_a_bulk_reject_reports_the_members_it_skipped(client, editor, cluster):
    canonical, member, alone = cluster
    Claim.objects.filter(pk=member.pk).update(status="accepted")
    client.force_login(editor)
    data = {
        "action": "reject_selected",
        helpers.ACTION_CHECKBOX_NAME: [canonical.pk, alone.pk],
        "index": 0,
        "apply": "1",
        "reason": "Opinion.",
    }
    response = client.post(CHANGELIST + "?mine=all", data, follow=True)
    said = messages_of(response)
    assert "Reject: 2 claims done." in said
    assert (
        f"Reject skipped for claim {member.pk} of its cluster: Cannot reject a claim that is accepted; it must be new."
        in said
    )
    assert Claim.objects.get(pk=member.pk).status == "accepted"
