"""The claim page's evidence panel follows the evidence rule of the workflow: no changes to a published claim."""

import pytest
from django.urls import reverse

from claims.models import ClaimMatch, Evidence
from claims.workflow import State

pytestmark = pytest.mark.django_db


def test_published_claims_evidence_is_not_offered_nor_changed(client, editor, checker, make_claim):
    claim = make_claim(status=State.PUBLISHED, assignee=checker)
    item = Evidence.objects.create(claim=claim, url="https://stats.example/1", fingerprint="fp-1", stance="refutes")
    client.force_login(editor)
    page = client.get(reverse("admin:claims_claim_change", args=[claim.pk]))
    assert page.context["workbench"]["evidence_form"] is None
    assert [row["stance_form"] for row in page.context["workbench"]["evidence"]] == [None]
    assert b"Refutes" in page.content  # the stance is shown, without a form to change it

    response = client.post(
        reverse("admin:claims_claim_evidence_stance", args=[claim.pk, item.pk]),
        {f"evidence-{item.pk}-stance": "supports"},
        follow=True,
    )
    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith("Stance not set: Evidence changes while a claim is assigned, researched or reviewed")
    item.refresh_from_db()
    assert item.stance == "refutes"


def test_researching_claims_evidence_is_offered_to_the_assignee(client, checker, make_claim):
    claim = make_claim(status=State.RESEARCHING, assignee=checker)
    client.force_login(checker)
    Evidence.objects.create(claim=claim, url="https://stats.example/3", fingerprint="fp-3")
    page = client.get(reverse("admin:claims_claim_change", args=[claim.pk]))
    assert page.context["workbench"]["evidence_form"] is not None
    assert all(row["stance_form"] is not None for row in page.context["workbench"]["evidence"])


def test_evidence_and_matches_are_decided_only_through_their_own_claim(client, editor, make_claim):
    claim, other, earlier = make_claim(status=State.RESEARCHING), make_claim(), make_claim()
    item = Evidence.objects.create(claim=claim, url="https://stats.example/2", fingerprint="fp-2", stance="refutes")
    match = ClaimMatch.objects.create(claim=claim, matched_claim=earlier, score=0.9)
    client.force_login(editor)
    response = client.post(
        reverse("admin:claims_claim_evidence_stance", args=[other.pk, item.pk]),
        {f"evidence-{item.pk}-stance": "supports"},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        f"Stance not set: Claim {other.pk} has no evidence {item.pk}."
    ]
    response = client.post(
        reverse("admin:claims_claim_match_decide", args=[other.pk, match.pk, "confirm"]), follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        f"Match not confirmed: Claim {other.pk} has no match {match.pk}."
    ]
    item.refresh_from_db()
    other.refresh_from_db()
    assert (item.stance, other.status) == ("refutes", State.NEW)
    assert ClaimMatch.objects.get(pk=match.pk).status == ClaimMatch.Status.SUGGESTED
