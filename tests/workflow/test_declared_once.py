"""A transition is declared once: one entry in the workflow table (with its effect) gives the service, the API's
endpoint and its OpenAPI schema, the claim page's form and the claim list's bulk action."""

from __future__ import annotations

from types import ModuleType

import pytest
from django.contrib.admin import helpers
from django.core.checks import run_checks
from django.urls import include, path, reverse
from rest_framework.test import APIClient

import factcheck.urls
from claims.api.claims import transition_urlpatterns
from claims.models import Claim, ClaimEvent
from claims.states import State
from claims.workflow import TRANSITIONS, Transition
from claims.workflow.inputs import Choice, Text
from claims.workflow.roles import EDITOR
from tests.api.conftest import token_client
from tests.factories import claim_create

pytestmark = pytest.mark.django_db

ESCALATE = Transition(
    name="escalate",
    sources=frozenset({State.NEW}),
    target=State.NEW,
    stays_in=frozenset({State.NEW}),
    roles=frozenset({EDITOR}),
    inputs=(
        Text(name="why", required=True, help_text="What makes it urgent."),
        Choice(name="level", required=True, choices=lambda: [("high", "High"), ("urgent", "Urgent")]),
    ),
    effect="tests.workflow.test_declared_once.escalate_apply",
    note_from="why",
    bulk=True,
    label="Escalate",
    description="Raise a new claim's priority.",
)


def escalate_apply(claim: Claim, user, data: dict) -> dict:
    """The effect the test transition names: it sets the claim's priority."""
    claim.priority = data["level"]
    return {"priority": data["level"]}


@pytest.fixture
def escalate(monkeypatch, settings):
    """ESCALATE added to the table, and URLs built from the table as it is now (the project's URLconf built them
    when it was imported)."""
    monkeypatch.setitem(TRANSITIONS, ESCALATE.name, ESCALATE)
    urlconf = ModuleType("urls_with_escalate")
    urlconf.urlpatterns = [path("api/", include(transition_urlpatterns())), *factcheck.urls.urlpatterns]
    settings.ROOT_URLCONF = urlconf
    return ESCALATE


def test_the_declared_effect_must_import(escalate, monkeypatch):
    assert not [error for error in run_checks() if error.id == "claims.E003"]
    monkeypatch.setitem(TRANSITIONS, "escalate", Transition(**{**vars(escalate), "effect": "tests.nowhere.apply"}))
    assert [error.id for error in run_checks() if error.id == "claims.E003"] == ["claims.E003"]


def test_the_api_schema_documents_the_declared_input(escalate):
    schema = APIClient().get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/claims/{id}/escalate/"]["post"]
    assert (operation["operationId"], operation["summary"]) == ("claims_escalate", "Escalate")
    assert "Who: editor." in operation["description"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    component = schema["components"]["schemas"][body]
    assert body == "EscalateInputRequest"
    assert set(component["properties"]) == {"note", "why", "level"}
    assert set(component["required"]) == {"why", "level"}
    assert component["properties"]["why"]["description"] == "What makes it urgent."
    levels = component["properties"]["level"]
    assert schema["components"]["schemas"][levels["$ref"].rsplit("/", 1)[1]]["enum"] == ["high", "urgent"]
    transitions = schema["components"]["schemas"]["ClaimDetail"]["properties"]["available_transitions"]["items"]
    assert "escalate" in schema["components"]["schemas"][transitions["$ref"].rsplit("/", 1)[1]]["enum"]


def test_the_api_validates_the_declared_input_and_fires_it(escalate, editor, checker):
    claim = claim_create()
    client = token_client(editor)
    assert "escalate" in client.get(f"/api/claims/{claim.pk}/").json()["available_transitions"]
    url = reverse("api-claim-escalate", args=[claim.pk])
    refused = client.post(url, {"level": "lowest"}, format="json")
    assert refused.status_code == 400, refused.content
    assert set(refused.json()["error"]["fields"]) == {"why", "level"}
    assert token_client(checker).post(url, {"why": "Viral", "level": "urgent"}, format="json").status_code == 403
    response = client.post(url, {"why": "Viral overnight.", "level": "urgent"}, format="json")
    assert response.status_code == 200, response.content
    assert (response.json()["priority"], response.json()["status"]) == ("urgent", "new")
    event = ClaimEvent.objects.get(claim=claim, transition="escalate")
    assert (event.actor, event.note, event.payload) == (editor, "Viral overnight.", {"priority": "urgent"})


def test_the_claim_page_offers_the_declared_form(escalate, client, editor):
    claim = claim_create()
    client.force_login(editor)
    page = client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    url = reverse("admin:claims_claim_transition", args=[claim.pk, "escalate"])
    assert url in page
    assert 'name="escalate-why"' in page
    assert 'name="escalate-level"' in page
    assert "What makes it urgent." in page
    client.post(url, {"escalate-why": "Trending.", "escalate-level": "high"})
    claim.refresh_from_db()
    assert claim.priority == "high"
    assert ClaimEvent.objects.get(claim=claim, transition="escalate").note == "Trending."


def test_the_claim_list_offers_the_declared_bulk_action(escalate, client, editor, checker):
    claims = [claim_create(text=f"Claim {i} rose 3 percent.") for i in range(2)]
    changelist = reverse("admin:claims_claim_changelist") + "?mine=all"
    client.force_login(checker)
    assert "escalate_selected" not in dict(client.get(changelist).context["action_form"].fields["action"].choices)
    client.force_login(editor)
    choices = dict(client.get(changelist).context["action_form"].fields["action"].choices)
    assert choices["escalate_selected"] == "Escalate selected claims…"
    selected = {"action": "escalate_selected", helpers.ACTION_CHECKBOX_NAME: [c.pk for c in claims], "index": 0}
    page = client.post(changelist, selected)
    assert 'name="why"' in page.content.decode()
    response = client.post(
        changelist, {**selected, "apply": "Escalate", "why": "A wave.", "level": "urgent"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == ["Escalate: 2 claims done."]
    assert set(Claim.objects.values_list("priority", flat=True)) == {"urgent"}


def test_a_cluster_transition_from_a_closed_state_is_reported(escalate, monkeypatch):
    assert not [error for error in run_checks() if error.id == "claims.E004"]
    from_published = Transition(
        **{**vars(escalate), "applies_to_cluster": True, "sources": frozenset({State.PUBLISHED})}
    )
    monkeypatch.setitem(TRANSITIONS, "escalate", from_published)
    assert [error.id for error in run_checks() if error.id == "claims.E004"] == ["claims.E004"]
