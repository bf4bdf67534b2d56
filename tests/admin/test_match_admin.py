"""Match suggestions in the admin: the bulk decisions are offered to those the matching service lets decide."""

import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from claims.models import ClaimMatch

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:claims_claimmatch_changelist")


def _actions(client, user) -> set[str]:
    client.force_login(user)
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    form = response.context["action_form"]  # None when the user gets no action at all
    return set(dict(form.fields["action"].choices)) if form else set()


def test_only_editors_get_the_match_decisions(client, editor, checker, admin_user):
    # Checkers may view matches (and hold change_claimmatch), but every decision of theirs would be refused.
    assert {"confirm", "reject"} <= _actions(client, editor)
    assert {"confirm", "reject"} <= _actions(client, admin_user)
    assert not {"confirm", "reject"} & _actions(client, checker)


def test_an_editor_rejects_suggestions_in_bulk(client, editor, make_claim):
    claim, earlier = make_claim(text="Crime fell."), make_claim(text="Crime fell again.")
    match = ClaimMatch.objects.create(claim=claim, matched_claim=earlier, score=0.9)
    client.force_login(editor)
    data = {"action": "reject", helpers.ACTION_CHECKBOX_NAME: [match.pk], "index": 0}
    response = client.post(CHANGELIST, data, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["1 match rejected."]
    match.refresh_from_db()
    assert (match.status, match.decided_by) == (ClaimMatch.Status.REJECTED, editor)
