"""One JSON error shape for every failure, never a 500 for bad input, and throttling per user and per token."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.test import Client, override_settings
from rest_framework.settings import api_settings

from claims.api.throttles import UserThrottle
from factcheck.cache import RedisCache, incr_and_get
from tests.api.conftest import scoped_client, token_client

pytestmark = pytest.mark.django_db


def assert_error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) <= {"code", "message", "fields"} and error["message"]
    if code:
        assert error["code"] == code
    return error


@pytest.mark.parametrize(
    "raw",
    [
        b"{not json",
        b'{"reason": "\xff\xfe"}',
        b"\x00\x01\x02",
        b'{"reason": "a\\u0000b"}',
        b"[1, 2, 3]",
        b'"just a string"',
        b"123456789012345678901234567890",
        b'{"reason": {"nested": [1, {"deep": null}]}}',
    ],
)
def test_junk_bodies_are_400_never_500(editor, make_claim, raw):
    claim = make_claim()
    client = token_client(editor)
    response = client.generic("POST", f"/api/claims/{claim.pk}/reject/", raw, content_type="application/json")
    assert_error(response, 400)


def test_unicode_text_is_kept_as_sent(editor, make_claim):
    claim = make_claim()
    reason = "\u202e\ud7ff\U0001f4a9 \u0645\u0631\u062d\u0628\u0627"
    response = token_client(editor).post(f"/api/claims/{claim.pk}/reject/", {"reason": reason}, format="json")
    assert response.status_code == 200
    assert response.json()["reject_reason"] == reason


def test_unsupported_media_type_is_415_json(editor, make_claim):
    claim = make_claim()
    response = token_client(editor).generic("POST", f"/api/claims/{claim.pk}/accept/", b"x", content_type="text/csv")
    assert_error(response, 415, "unsupported_media_type")


def test_unknown_claim_and_unknown_api_url_are_404_json(editor):
    client = token_client(editor)
    assert_error(client.get("/api/claims/424242/"), 404, "not_found")
    assert_error(client.post("/api/claims/424242/accept/", {}, format="json"), 404, "not_found")
    assert_error(client.get("/api/no-such-endpoint/"), 404, "not_found")


def test_wrong_method_is_405_json(editor, make_claim):
    claim = make_claim()
    assert_error(token_client(editor).get(f"/api/claims/{claim.pk}/accept/"), 405, "method_not_allowed")


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024)
def test_oversized_bodies_are_413_json_for_api_and_plain_django_views(editor, make_claim):
    claim = make_claim()
    body = b'{"reason": "' + b"x" * 4096 + b'"}'
    client = token_client(editor)
    response = client.generic("POST", f"/api/claims/{claim.pk}/reject/", body, content_type="application/json")
    assert_error(response, 413, "payload_too_large")
    # Not a DRF view: the admin login form.
    plain = Client().post("/admin/login/", {"username": "x" * 4096, "password": "y"})
    assert_error(plain, 413, "payload_too_large")
    claim.refresh_from_db()
    assert claim.status == "new"


def test_session_auth_without_csrf_token_is_403_json(editor, make_claim):
    claim = make_claim()
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.get("/api/claims/").status_code == 200
    assert_error(client.post(f"/api/claims/{claim.pk}/accept/", {}), 403)


@pytest.fixture
def tight_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/min", "user": "5/min", "token": "2/min", "login": "2/min"},
    }
    yield
    api_settings.reload()


def test_users_are_throttled_with_429(editor, checker, tight_rates):
    edna = token_client(editor)
    statuses = [edna.get("/api/users/me/").status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    error = assert_error(edna.get("/api/users/me/"), 429, "throttled")
    assert "second" in error["message"]
    # Another user has their own budget.
    assert token_client(checker).get("/api/users/me/").status_code == 200


def test_each_scoped_token_has_its_own_budget(editor, tight_rates):
    first, second = scoped_client(editor, "read"), scoped_client(editor, "read")
    assert [first.get("/api/users/me/").status_code for _ in range(3)] == [200, 200, 429]
    assert second.get("/api/users/me/").status_code == 200


def test_password_logins_are_throttled(editor, tight_rates):
    client = Client()
    statuses = [
        client.post(
            "/api/auth/token/", {"username": "edna", "password": "guess"}, content_type="application/json"
        ).status_code
        for _ in range(3)
    ]
    assert statuses == [400, 400, 429]


def test_a_burst_across_a_window_boundary_is_still_throttled(editor, tight_rates, monkeypatch):
    """Fixed windows alone would let 5 requests at the end of one minute and 5 more at the start of the next
    through; the previous window's share of the last minute still counts."""
    clock = [60 * 1_000_000 - 1.0]  # one second before a window ends
    monkeypatch.setattr(UserThrottle, "timer", lambda self: clock[0])
    edna = token_client(editor)
    assert [edna.get("/api/users/me/").status_code for _ in range(5)] == [200] * 5
    clock[0] += 2  # one second into the next window: 5 x 59/60 + 1 > 5
    refused = edna.get("/api/users/me/")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    clock[0] += 30  # halfway: 5 x 1/2 of the old window + 1 refusal + this request = 4.5
    assert edna.get("/api/users/me/").status_code == 200


def test_counters_in_redis_lose_no_concurrent_increment():
    from django.core.cache import caches

    backend = caches["default"]
    assert isinstance(backend, RedisCache), "the test settings use the production cache backend"
    key = f"test-counter-{uuid.uuid4().hex}"

    def hit_many(_: int) -> list[int]:
        return [incr_and_get(backend, key, "absent", 60)[0] for _ in range(100)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        counts = [count for chunk in pool.map(hit_many, range(8)) for count in chunk]
    assert sorted(counts) == list(range(1, 801))
    assert incr_and_get(backend, f"{key}-other", key, 60) == (1, 800)
