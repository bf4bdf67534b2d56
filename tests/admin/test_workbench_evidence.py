"""The claim page's evidence panel follows the evidence rule of the workflow: no changes to a published claim."""

import pytest
from django.urls import reverse

from claims.models import Evidence
from claims.workflow import State

pytestmark = pytest.mark.django_db


def test_published_claims_evidence_is_not_offered_nor_changed(client, editor, checker, make_claim):
    claim = make_claim(status=State.PUBLISHED, assignee=checker)
    item = Evidence.objects.create(claim=claim, url="https://stats.example/1", fingerprint="fp-1", stance="refutes")
    client.force_login(editor)
    page = client.get(reverse("admin:claims_claim_change", args=[claim.pk]))
    assert page.context["workbench"]["evidence_form"] is None

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
    page = client.get(reverse("admin:claims_claim_change", args=[claim.pk]))
    assert page.context["workbench"]["evidence_form"] is not None
