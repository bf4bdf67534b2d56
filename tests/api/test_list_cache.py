"""The claim list's page cache and the token cache: served without a query while nothing changed, outdated by
every committed write whatever path made it, never serving another user's page or a revoked token.

Transactional tests: the data versions change when a write commits, as in production."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from claims.data_version import DESK
from claims.models import Claim, ClaimEvent
from claims.services.transitions import claim_transition
from tests.api.conftest import scoped_client, token_client
from tests.factories import claim_create

pytestmark = pytest.mark.django_db(transaction=True)

QUEUE = "/api/claims/?status=new&ordering=-checkworthiness"


def get(client, url: str, **headers):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    return response, len(captured)


def test_a_polled_page_needs_no_query_until_a_write_commits(editor):
    first_claim = claim_create(checkworthiness=0.9)
    second_claim = claim_create(checkworthiness=0.5)
    client = token_client(editor)

    built, built_queries = get(client, QUEUE)
    served, served_queries = get(client, QUEUE)
    assert built.status_code == served.status_code == 200
    assert built_queries > 0 and served_queries == 0
    assert served.content == built.content
    assert [c["id"] for c in served.json()["results"]] == [first_claim.pk, second_claim.pk]
    assert served["ETag"] == built["ETag"] and served["Cache-Control"] == "private, no-cache"

    # A poller that sends back the ETag gets 304 and no body.
    not_modified, _ = get(client, QUEUE, HTTP_IF_NONE_MATCH=served["ETag"])
    assert not_modified.status_code == 304 and not_modified.content == b""

    # A bulk UPDATE (no model signals) outdates the page as surely as the workflow service does.
    Claim.objects.filter(pk=second_claim.pk).update(checkworthiness=0.99)
    reordered, queries = get(client, QUEUE)
    assert queries > 0
    assert [c["id"] for c in reordered.json()["results"]] == [second_claim.pk, first_claim.pk]
    assert reordered["ETag"] != served["ETag"]
    assert get(client, QUEUE, HTTP_IF_NONE_MATCH=served["ETag"])[0].status_code == 200

    claim_transition(claim_id=second_claim.pk, transition="accept", user=editor, data={}, note="")
    assert [c["id"] for c in get(client, QUEUE)[0].json()["results"]] == [first_claim.pk]


def test_each_user_gets_their_own_page(editor, checker):
    claim_create()
    editor_page = get(token_client(editor), QUEUE)[0].json()
    checker_page, _ = get(token_client(checker), QUEUE)
    assert "accept" in editor_page["results"][0]["available_transitions"]
    assert checker_page.json()["results"][0]["available_transitions"] == []
    # And the checker's page, cached in turn, stays theirs.
    assert get(token_client(checker), QUEUE)[0].json() == checker_page.json()


def test_a_token_without_the_workflow_scope_never_gets_a_page_cached_for_one_with_it(editor):
    claim_create()
    clients = (scoped_client(editor, "read", "workflow"), scoped_client(editor, "read"))
    pages = [get(client, QUEUE)[0] for client in clients]
    assert pages[0].json()["results"][0]["available_transitions"] == ["accept", "reject", "mark_duplicate"]
    assert pages[1].json()["results"][0]["available_transitions"] == []
    assert pages[0]["ETag"] != pages[1]["ETag"]


def test_time_relative_filters_and_the_browsable_api_are_built_every_time(editor):
    claim_create(status="assigned", assignee=editor)
    client = token_client(editor)
    for url, headers in (("/api/claims/?overdue=false", {}), (QUEUE, {"HTTP_ACCEPT": "text/html"})):
        get(client, url, **headers)
        response, queries = get(client, url, **headers)
        assert response.status_code == 200 and queries > 0, url


def test_a_transaction_reads_its_own_uncommitted_writes_and_caches_nothing_of_them(editor):
    claim = claim_create(text="Inflation is 2 percent.")
    client = token_client(editor)
    get(client, QUEUE)

    class Abandon(Exception):
        pass

    with pytest.raises(Abandon), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(text="Inflation is 9 percent.")
        inside, queries = get(client, QUEUE)
        assert queries > 0 and inside.json()["results"][0]["text"] == "Inflation is 9 percent."
        raise Abandon

    after, _ = get(client, QUEUE)
    assert after.json()["results"][0]["text"] == "Inflation is 2 percent."


def test_writes_to_unwatched_tables_keep_the_cached_pages(editor):
    claim = claim_create()
    client = token_client(editor)
    get(client, QUEUE)
    version = cache.get(DESK.key)
    # claims_claimevent starts like claims_claim; only the quoted name counts.
    ClaimEvent.objects.create(claim=claim, transition="note", from_state="new", to_state="new")
    assert cache.get(DESK.key) == version
    assert get(client, QUEUE)[1] == 0


def test_a_revoked_token_or_a_removed_role_takes_effect_at_once(editor, other_editor):
    claim_create()
    client = token_client(editor)
    get(client, QUEUE)
    assert get(client, QUEUE)[1] == 0  # token, roles and page all from the cache

    editor.groups.remove(Group.objects.get(name="editor"))
    refused, _ = get(client, QUEUE)
    assert refused.status_code == 403

    other = token_client(other_editor)
    assert get(other, QUEUE)[0].status_code == 200
    Token.objects.filter(user=other_editor).delete()
    assert get(other, QUEUE)[0].status_code == 401


def test_the_api_carries_on_without_its_cache(editor, settings):
    claim = claim_create()
    client = token_client(editor)
    settings.CACHES = {"default": {"BACKEND": "factcheck.cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
    for _ in range(2):
        page, queries = get(client, QUEUE)
        assert page.status_code == 200 and queries > 0
        assert [c["id"] for c in page.json()["results"]] == [claim.pk]
    accepted = client.post(f"/api/claims/{claim.pk}/accept/", {}, format="json")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert get(client, QUEUE)[0].json()["results"] == []
