"""Bulk actions go through the workflow claim by claim and report what moved and why the rest did not."""

import csv
import io
import json

import pytest
from django.contrib.admin import helpers
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim, ClaimEvent, FactCheck, Verdict
from claims.workflow import State

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:claims_claim_changelist")


def run_action(client, action: str, claims, **extra):
    data = {"action": action, helpers.ACTION_CHECKBOX_NAME: [c.pk for c in claims], "index": 0, **extra}
    return client.post(CHANGELIST + "?mine=all", data, follow=True)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_bulk_accept_reports_successes_and_refusals(client, editor, make_claim):
    new = [make_claim(text=f"New claim {i}.") for i in range(3)]
    done = make_claim(text="Already accepted.", status=State.ACCEPTED)
    client.force_login(editor)
    response = run_action(client, "accept_selected", [*new, done])
    assert set(Claim.objects.filter(status=State.ACCEPTED)) == {*new, done}
    assert ClaimEvent.objects.filter(transition="accept").count() == 3
    assert messages_of(response) == [
        "Accept: 3 claims done.",
        "Accept refused for 1: Cannot accept a claim that is accepted; it must be new.",
    ]


def test_bulk_reject_asks_for_a_reason_first(client, editor, make_claim):
    claims = [make_claim(text=f"Vague claim {i}.") for i in range(2)]
    client.force_login(editor)
    page = run_action(client, "reject_selected", claims)
    assert page.templates[0].name == "claims/admin/claim_bulk_action.html"
    assert "2 selected claims" in page.content.decode()
    assert not Claim.objects.filter(status=State.REJECTED).exists()

    response = client.post(
        CHANGELIST + "?mine=all",
        {
            "action": "reject_selected",
            "select_across": "0",
            helpers.ACTION_CHECKBOX_NAME: [c.pk for c in claims],
            "apply": "Reject",
            "reason": "Not verifiable.",
        },
        follow=True,
    )
    assert list(Claim.objects.order_by().values_list("status", "reject_reason").distinct()) == [
        ("rejected", "Not verifiable.")
    ]
    assert messages_of(response) == ["Reject: 2 claims done."]


def test_bulk_reject_across_all_matching_claims(client, editor, make_claim):
    for i in range(3):
        make_claim(text=f"Across claim {i}.")
    kept = make_claim(text="Already accepted one.", status=State.ACCEPTED)
    client.force_login(editor)
    response = client.post(
        CHANGELIST + "?mine=all&status__exact=new",
        {
            "action": "reject_selected",
            "select_across": "1",
            helpers.ACTION_CHECKBOX_NAME: [Claim.objects.filter(status="new").first().pk],
            "apply": "Reject",
            "reason": "Out of scope.",
        },
        follow=True,
    )
    assert Claim.objects.filter(status=State.REJECTED).count() == 3
    kept.refresh_from_db()
    assert kept.status == State.ACCEPTED
    assert messages_of(response) == ["Reject: 3 claims done."]


def test_bulk_assign_to_a_checker(client, editor, checker, make_claim):
    accepted = [make_claim(text=f"Accepted claim {i}.", status=State.ACCEPTED) for i in range(2)]
    new = make_claim(text="Still new.")
    client.force_login(editor)
    page = run_action(client, "assign_selected", [*accepted, new])
    assert "Choose a checker" in page.content.decode()
    response = client.post(
        CHANGELIST + "?mine=all",
        {
            "action": "assign_selected",
            "select_across": "0",
            helpers.ACTION_CHECKBOX_NAME: [c.pk for c in [*accepted, new]],
            "apply": "Assign",
            "assignee": checker.pk,
        },
        follow=True,
    )
    assert set(Claim.objects.filter(assignee=checker, status=State.ASSIGNED)) == set(accepted)
    assert messages_of(response) == [
        "Assign: 2 claims done.",
        "Assign refused for 1: Cannot assign a claim that is new; it must be accepted, assigned, in_review, "
        "researching.",
    ]


def test_checkers_do_not_get_the_editor_actions(client, checker, make_claim):
    make_claim(status=State.ASSIGNED, assignee=checker)
    client.force_login(checker)
    choices = dict(client.get(CHANGELIST).context["action_form"].fields["action"].choices)
    assert "accept_selected" not in choices
    assert "reject_selected" not in choices
    assert "assign_selected" not in choices
    assert "export_csv" in choices


def test_bulk_actions_follow_the_workflow_roles_not_model_permissions(client, django_user_model, make_claim):
    # Model permissions alone would offer actions the workflow refuses for every claim.
    make_claim()
    clerk = django_user_model.objects.create_user(username="clerk", password="pw", is_staff=True)
    clerk.user_permissions.add(*Permission.objects.filter(codename__in=["view_claim", "change_claim"]))
    client.force_login(clerk)
    choices = dict(client.get(CHANGELIST).context["action_form"].fields["action"].choices)
    assert not {"accept_selected", "reject_selected", "assign_selected"} & set(choices)
    assert "export_csv" in choices


def _streamed(response) -> str:
    assert response.streaming
    return b"".join(response.streaming_content).decode()


def test_export_csv_streams_every_selected_row(client, editor, checker, make_claim):
    claims = [make_claim(text=f"Export claim {i}.", claimant="=HYPERLINK(evil)") for i in range(3)]
    claims[0].assignee = checker
    claims[0].save()
    Verdict.objects.create(claim=claims[0], version=1, rating="false", summary="s", explanation="e", author=checker)
    make_claim(text="Not selected.")
    client.force_login(editor)
    response = client.post(
        CHANGELIST + "?mine=all",
        {"action": "export_csv", helpers.ACTION_CHECKBOX_NAME: [c.pk for c in claims], "index": 0},
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(_streamed(response))))
    assert sorted(int(r["id"]) for r in rows) == sorted(c.pk for c in claims)
    first = next(r for r in rows if int(r["id"]) == claims[0].pk)
    assert (first["assignee"], first["rating"], first["article_url"]) == ("chris", "false", claims[0].article.url)
    # Spreadsheet formulas are neutralised.
    assert all(r["claimant"] == "'=HYPERLINK(evil)" for r in rows)


def test_export_claimreview_json_streams_published_fact_checks(client, editor, make_claim):
    published = make_claim(text="Published claim.", status=State.PUBLISHED, claimant="Mayor Smith")
    FactCheck.objects.create(
        origin=FactCheck.Origin.PUBLISHED,
        url="https://desk.example/fact-checks/1",
        claim_text=published.text,
        claimant="Mayor Smith",
        rating="false",
        claim=published,
        published_at=timezone.now(),
    )
    unpublished = make_claim(text="Unpublished claim.")
    client.force_login(editor)
    response = client.post(
        CHANGELIST + "?mine=all",
        {"action": "export_claimreview", helpers.ACTION_CHECKBOX_NAME: [published.pk, unpublished.pk], "index": 0},
    )
    assert response["Content-Type"].startswith("application/json")
    documents = json.loads(_streamed(response))
    assert len(documents) == 1
    review = documents[0]
    assert (review["@type"], review["claimReviewed"], review["url"]) == (
        "ClaimReview",
        "Published claim.",
        "https://desk.example/fact-checks/1",
    )
    assert review["itemReviewed"]["author"]["name"] == "Mayor Smith"
