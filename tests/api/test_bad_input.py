"""Bad input of every kind gets a 4xx with a message, never a 500; a database outage is a 503 with Retry-After."""

from __future__ import annotations

import socket
from datetime import UTC, timedelta

import pytest
from django.db import connection
from django.test import Client

from claims.models import Feed
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db

DEEP = b"[" * 1000
DEEP_CLOSED = b"[" * 1000 + b"]" * 1000


def assert_error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["message"]
    return error


CLAIM_FILTERS = ["status", "assignee", "unassigned", "article", "claimant", "min_checkworthiness", "overdue"]
CLAIM_FILTERS += ["due_before", "search", "ordering", "page", "page_size"]


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        *[("/api/claims/", name) for name in CLAIM_FILTERS],
        *[("/api/articles/", name) for name in ("q", "source", "feed", "page", "page_size")],
        ("/api/ingestion-jobs/", "mine"),
        ("/api/feeds/", "page"),
        ("/api/fact-checks/", "page_size"),
        ("/api/claims/", "unknown\x00name"),
    ],
)
def test_nul_in_any_query_parameter_is_400(editor, path, parameter):
    response = token_client(editor).get(path, {parameter: "a\x00b"})
    error = assert_error(response, 400)
    assert "NUL" in error["message"]
    assert error["fields"] == {parameter.replace("\x00", "\\x00"): ["Null characters are not allowed."]}


def test_nul_in_the_articles_title_search_is_400(editor):
    # The literal case: `?q=%00`.
    response = token_client(editor).get("/api/articles/?q=%00")
    assert_error(response, 400)


def test_nul_in_a_page_outside_the_api_is_400(editor):
    assert Client().get("/fact-checks/?page=%00").status_code == 400
    client = Client()
    client.force_login(editor)
    assert client.get("/admin/claims/claim/?q=%00").status_code == 400


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/api/articles/", "feed=99999999999999999999999"),
        ("/api/articles/", "feed=0"),
        ("/api/articles/", "feed=x"),
        ("/api/articles/", "source=carrier-pigeon"),
        ("/api/claims/", "assignee=99999999999999999999999"),
        ("/api/claims/", "article=0"),
        ("/api/claims/", "article=1.5"),
        ("/api/claims/", "min_checkworthiness=2"),
        ("/api/claims/", "page_size=0"),
        ("/api/claims/", "due_before=0001-01-01T00:00:00%2B05:00"),
    ],
)
def test_out_of_range_filters_are_400(editor, path, query):
    assert_error(token_client(editor).get(f"{path}?{query}"), 400)


def test_a_time_offset_postgresql_refuses_is_compared_in_utc(editor, make_claim):
    """ISO 8601 allows offsets up to 23:59, PostgreSQL only up to 15:59: the filter compares the instant in UTC."""
    claim = make_claim()
    claim.due_at = claim.created_at
    claim.save(update_fields=["due_at"])
    later = (claim.created_at.astimezone(UTC) + timedelta(hours=20)).strftime("%Y-%m-%dT%H:%M:%S")
    response = token_client(editor).get(f"/api/claims/?due_before={later}%2B19:26")
    assert response.status_code == 200, response.content
    assert [row["id"] for row in response.json()["results"]] == [claim.pk]


@pytest.mark.parametrize("body", [DEEP, DEEP_CLOSED, b'{"a":' * 1000 + b"1" + b"}" * 1000])
def test_deeply_nested_bodies_are_400(editor, make_claim, body):
    claim = make_claim()
    client = token_client(editor)
    response = client.generic("POST", f"/api/claims/{claim.pk}/reject/", body, content_type="application/json")
    assert "nested too deeply" in assert_error(response, 400)["message"]
    response = client.generic("POST", "/api/articles/", body, content_type="application/json")
    assert_error(response, 400)


@pytest.mark.parametrize("body", [DEEP, DEEP_CLOSED])
def test_deeply_nested_bodies_are_400_for_anonymous_callers_too(body):
    response = Client().generic("POST", "/api/auth/token/", body, content_type="application/json")
    assert "nested too deeply" in assert_error(response, 400)["message"]
    assert_error(Client().generic("POST", "/api/claims/", body, content_type="application/json"), 401)


@pytest.fixture
def feed_id(editor) -> int:
    response = token_client(editor).post("/api/feeds/", {"url": "https://news.example/feed.xml"}, format="json")
    assert response.status_code == 201, response.content
    return response.json()["id"]


@pytest.mark.parametrize("value", [2**31, 2**63, -1, 0, Feed.MAX_POLL_INTERVAL_MINUTES + 1, "5", 1.5, True, None])
def test_feed_intervals_are_checked_the_same_on_patch_as_on_post(editor, feed_id, value):
    client = token_client(editor)
    patch = client.patch(f"/api/feeds/{feed_id}/", {"poll_interval_minutes": value}, format="json")
    assert "poll_interval_minutes" in assert_error(patch, 400)["fields"]
    post = client.post(
        "/api/feeds/", {"url": "https://other.example/rss", "poll_interval_minutes": value}, format="json"
    )
    assert "poll_interval_minutes" in assert_error(post, 400)["fields"]
    assert Feed.objects.get(pk=feed_id).poll_interval_minutes == 30


@pytest.mark.parametrize(("field", "value"), [("title", 5), ("title", "x" * 501), ("is_active", "yes")])
def test_every_patched_feed_field_is_validated_like_post(editor, feed_id, field, value):
    client = token_client(editor)
    assert field in assert_error(client.patch(f"/api/feeds/{feed_id}/", {field: value}, format="json"), 400)["fields"]
    post = client.post("/api/feeds/", {"url": "https://other.example/rss", field: value}, format="json")
    assert field in assert_error(post, 400)["fields"]


def test_the_largest_interval_is_accepted(editor, feed_id):
    patch = token_client(editor).patch(
        f"/api/feeds/{feed_id}/", {"poll_interval_minutes": Feed.MAX_POLL_INTERVAL_MINUTES}, format="json"
    )
    assert patch.status_code == 200
    assert patch.json()["poll_interval_minutes"] == Feed.MAX_POLL_INTERVAL_MINUTES


def test_the_schema_states_the_minimums_the_api_enforces(editor):
    schema = Client().get("/api/schema/?format=json").json()

    def parameter(path: str, name: str) -> dict:
        (found,) = [p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == name]
        return found["schema"]

    assert parameter("/api/claims/", "page_size")["minimum"] == 1
    assert parameter("/api/claims/", "page")["minimum"] == 1
    assert parameter("/api/claims/", "assignee") == {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}
    assert parameter("/api/claims/", "article")["minimum"] == 1
    assert parameter("/api/claims/", "min_checkworthiness") == {"type": "number", "minimum": 0, "maximum": 1}
    assert parameter("/api/articles/", "feed")["minimum"] == 1
    interval = schema["components"]["schemas"]["PatchedFeedUpdateRequest"]["properties"]["poll_interval_minutes"]
    assert (interval["minimum"], interval["maximum"]) == (1, Feed.MAX_POLL_INTERVAL_MINUTES)
    interval = schema["components"]["schemas"]["FeedRequest"]["properties"]["poll_interval_minutes"]
    assert (interval["minimum"], interval["maximum"]) == (1, Feed.MAX_POLL_INTERVAL_MINUTES)


# --- the database going away ------------------------------------------------------------------------------


def _dead_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def database_down(transactional_db):
    """The default connection points at a port nobody listens on until the test ends."""
    port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = str(_dead_port())
    yield
    connection.close()
    connection.settings_dict["PORT"] = port


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db(transaction=True)
def test_a_database_outage_is_503_with_retry_after(editor, request):
    api = token_client(editor)
    admin = _logged_in(editor)
    request.getfixturevalue("database_down")
    for response in (
        api.get("/api/claims/"),
        api.post("/api/articles/", {"text": "Unemployment fell to 3 percent."}, format="json"),
        Client().get("/api/fact-checks/"),
        Client().post("/api/auth/token/", {"username": "edna", "password": "pw"}, content_type="application/json"),
    ):
        assert assert_error(response, 503)["code"] == "database_unavailable"
        assert int(response["Retry-After"]) > 0
    for response in (admin.get("/admin/claims/claim/"), Client().get("/fact-checks/")):
        assert response.status_code == 503
        assert int(response["Retry-After"]) > 0
        assert b"database" in response.content
