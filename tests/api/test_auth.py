"""Personal tokens, scoped automation tokens and the management command that creates them."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.test import APIClient

from claims.models import ApiToken
from claims.services.tokens import api_token_create, api_token_revoke
from tests.api.conftest import scoped_client

pytestmark = pytest.mark.django_db


def test_token_endpoint_exchanges_credentials_for_a_working_token(editor):
    client = APIClient()
    response = client.post("/api/auth/token/", {"username": "edna", "password": "pw-edna"}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/users/me/").json()["username"] == "edna"
    # Asking again returns the same personal token.
    again = client.post("/api/auth/token/", {"username": "edna", "password": "pw-edna"}, format="json")
    assert again.json()["token"] == token


@pytest.mark.parametrize(
    "body",
    [{"username": "edna", "password": "wrong"}, {"username": "nobody", "password": "x"}, {"username": "edna"}, {}],
)
def test_token_endpoint_refuses_bad_credentials_with_field_messages(editor, body):
    response = APIClient().post("/api/auth/token/", body, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"]


def test_inactive_user_gets_no_token(editor):
    editor.is_active = False
    editor.save()
    response = APIClient().post("/api/auth/token/", {"username": "edna", "password": "pw-edna"}, format="json")
    assert response.status_code == 400


def test_scoped_token_keys_are_prefixed_and_only_their_hash_is_stored(editor):
    token, key = api_token_create(user=editor, name="ingest bot", scopes=["ingest"])
    assert key.startswith("fct_")
    assert token.prefix == key[:8]
    assert token.key_hash == ApiToken.hash_key(key)
    assert key not in str(ApiToken.objects.filter(pk=token.pk).values().get())


def test_scoped_token_authenticates_as_its_user_and_records_use(editor):
    token, key = api_token_create(user=editor, name="reader", scopes=["read"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    response = client.get("/api/users/me/")
    assert response.status_code == 200
    assert response.json()["username"] == "edna"
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_ingest_only_token_cannot_read_or_move_claims(editor, make_claim):
    claim = make_claim()
    client = scoped_client(editor, "ingest")
    assert client.get("/api/claims/").status_code == 403
    assert client.get(f"/api/claims/{claim.pk}/").status_code == 403
    response = client.post(f"/api/claims/{claim.pk}/accept/", {}, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    claim.refresh_from_db()
    assert claim.status == "new"


def test_read_token_reads_but_cannot_transition_and_sees_no_transitions(editor, make_claim):
    claim = make_claim()
    client = scoped_client(editor, "read")
    listed = client.get("/api/claims/")
    assert listed.status_code == 200
    assert listed.json()["results"][0]["available_transitions"] == []
    assert client.post(f"/api/claims/{claim.pk}/accept/", {}, format="json").status_code == 403


def test_workflow_token_moves_claims_with_its_users_rights(editor, checker, make_claim):
    claim = make_claim()
    assert (
        scoped_client(editor, "workflow").post(f"/api/claims/{claim.pk}/accept/", {}, format="json").status_code == 200
    )
    claim.refresh_from_db()
    assert claim.status == "accepted"
    # A checker's workflow token is still a checker: accepting is for editors.
    other = make_claim()
    assert scoped_client(checker, "workflow").post(f"/api/claims/{other.pk}/accept/", {}).status_code == 403


def test_revoked_and_unknown_scoped_tokens_get_401(editor):
    token, key = api_token_create(user=editor, name="old", scopes=["read"])
    api_token_revoke(token_id=token.pk)
    for credential in (key, "fct_not-a-real-key"):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {credential}")
        response = client.get("/api/users/me/")
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "authentication_failed"
        assert response["WWW-Authenticate"] == "Token"


def test_unknown_personal_token_gets_401():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert client.get("/api/claims/").status_code == 401


def test_create_api_token_command_prints_the_key_once(editor):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "create_api_token", "edna", "--scope", "ingest", "--scope", "read", "--name", "wire bot", stdout=out, stderr=err
    )
    key = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert token.scopes == ["ingest", "read"]
    assert token.name == "wire bot"
    assert token.key_hash == ApiToken.hash_key(key)
    with pytest.raises(CommandError):
        call_command("create_api_token", "nobody", "--scope", "read", "--name", "x", stdout=out, stderr=err)


def test_users_me_lists_roles_and_open_claims(checker, make_claim, client_for):
    mine = make_claim(status="researching", assignee=checker)
    make_claim(status="published", assignee=checker)
    make_claim(status="accepted")
    body = client_for(checker).get("/api/users/me/").json()
    assert body["id"] == checker.pk
    assert body["roles"] == ["checker"]
    assert [c["id"] for c in body["open_claims"]] == [mine.pk]


def test_anonymous_callers_get_401_with_the_error_shape():
    response = APIClient().get("/api/claims/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_accounts_outside_the_desk_groups_are_refused(django_user_model, client_for):
    outsider = django_user_model.objects.create_user(username="visitor", password="pw-visitor")
    client = client_for(outsider)
    assert client.get("/api/users/me/").json()["roles"] == []
    response = client.get("/api/claims/")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


@pytest.mark.parametrize("role", ["editor", "checker", "admin_user", "outsider"])
def test_roles_read_with_the_token_match_the_workflows_rule(request, django_user_model, role):
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    from claims.api.auth import DeskTokenAuthentication
    from claims.workflow.roles import user_roles

    if role == "outsider":
        user = django_user_model.objects.create_user(username="visitor", password="x")
    else:
        user = request.getfixturevalue(role)
    token = Token.objects.create(user=user)
    authenticated, _ = DeskTokenAuthentication().authenticate_credentials(token.key)
    assert authenticated._workflow_roles == user_roles(get_user_model().objects.get(pk=user.pk))
