"""Abuse limits: X-Forwarded-For is believed only from trusted proxies, password logins (API and admin) are
limited per address and per username, and while the cache is unreachable logins are refused, not unlimited."""

from __future__ import annotations

import socket

import pytest
from django.test import Client, RequestFactory, override_settings
from rest_framework.settings import api_settings

from factcheck.client_address import client_address
from factcheck.settings.env import cache_from_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "5/min", "user": "1000/min", "token": "1000/min", "login": "5/min"},
    }
    yield
    api_settings.reload()


def _address(remote: str, forwarded: str | None = None) -> str:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **extra))


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.FACTCHECK_TRUSTED_PROXIES = []
    assert _address("203.0.113.9", "198.51.100.1") == "203.0.113.9"
    assert _address("10.0.0.2", "198.51.100.1") == "10.0.0.2"


def test_behind_trusted_proxies_the_first_untrusted_hop_from_the_right_is_the_client(settings):
    settings.FACTCHECK_TRUSTED_PROXIES = ["10.0.0.0/8", "fd00::/8"]
    # The client may write anything in front; the proxies append what they saw.
    assert _address("10.0.0.2", "1.2.3.4, 198.51.100.7") == "198.51.100.7"
    assert _address("10.0.0.2", "1.2.3.4, 198.51.100.7, 10.1.1.1") == "198.51.100.7"
    assert _address("10.0.0.2", "[2001:db8::5]:4711, 10.0.0.3") == "2001:db8::5"
    assert _address("10.0.0.2", "198.51.100.7:5555") == "198.51.100.7"
    assert _address("fd00::1", "2001:db8::9") == "2001:db8::9"
    # Only proxies: the farthest one is all that is known.
    assert _address("10.0.0.2", "10.0.0.9") == "10.0.0.9"
    # No header, or junk where a proxy's entry should be: the nearest trusted hop stands for the client.
    assert _address("10.0.0.2") == "10.0.0.2"
    assert _address("10.0.0.2", "not-an-ip, 10.0.0.4") == "10.0.0.4"
    # A connection from outside the trusted networks is taken at its word, whatever it forwards.
    assert _address("203.0.113.9", "10.0.0.2, 198.51.100.7") == "203.0.113.9"


def _login(client: Client, username: str, password: str = "wrong", **extra) -> int:
    return client.post(
        "/api/auth/token/", {"username": username, "password": password}, content_type="application/json", **extra
    ).status_code


def test_a_fresh_forwarded_address_per_request_does_not_lift_the_login_limit(editor, rates):
    client = Client()
    statuses = [_login(client, "edna", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}") for n in range(8)]
    assert statuses == [400] * 5 + [429] * 3
    # The right password is refused too while the limit holds.
    assert _login(client, "edna", "pw-edna", HTTP_X_FORWARDED_FOR="198.51.100.99") == 429


def test_logins_are_limited_per_username_across_addresses(editor, rates):
    statuses = [_login(Client(REMOTE_ADDR=f"203.0.113.{n}"), "EDNA ") for n in range(7)]
    assert statuses == [400] * 5 + [429] * 2
    # Another account from a fresh address still gets its tries.
    assert _login(Client(REMOTE_ADDR="203.0.113.200"), "chris") == 400


def test_logins_are_limited_per_address_across_usernames(editor, rates):
    client = Client(REMOTE_ADDR="203.0.113.7")
    assert [_login(client, f"user{n}") for n in range(6)] == [400] * 5 + [429]
    assert _login(Client(REMOTE_ADDR="203.0.113.8"), "someone") == 400


def test_behind_a_trusted_proxy_each_client_has_its_own_budget(editor, rates, settings):
    settings.FACTCHECK_TRUSTED_PROXIES = ["10.0.0.0/8"]
    proxy = Client(REMOTE_ADDR="10.0.0.2")
    for n in range(6):
        assert _login(proxy, f"user{n}", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}") == 400
    assert [_login(proxy, f"x{n}", HTTP_X_FORWARDED_FOR="198.51.100.50") for n in range(6)] == [400] * 5 + [429]


def test_the_anonymous_limit_ignores_forwarded_addresses(rates):
    client = Client()
    statuses = [client.get("/api/fact-checks/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(7)]
    assert statuses == [200] * 5 + [429] * 2


def _admin_login(client: Client, username: str, password: str = "wrong") -> int:
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password}).status_code


def test_the_admin_login_is_limited_like_the_api(editor, rates):
    client = Client()
    statuses = [_admin_login(client, "edna") for _ in range(7)]
    assert statuses == [200] * 5 + [429] * 2  # 200: the form again, with an error
    refused = client.post("/admin/login/", {"username": "edna", "password": "pw-edna"})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert b"Too many login attempts" in refused.content
    assert "_auth_user_id" not in client.session
    # Per username too: a fresh address gets nowhere with the same account.
    assert _admin_login(Client(REMOTE_ADDR="203.0.113.77"), "edna", "pw-edna") == 429
    # Per address: many usernames from one address.
    other = Client(REMOTE_ADDR="203.0.113.78")
    assert [_admin_login(other, f"u{n}") for n in range(6)] == [200] * 5 + [429]


def test_the_admin_login_page_itself_is_not_counted(editor, rates):
    client = Client()
    for _ in range(10):
        assert client.get("/admin/login/").status_code == 200
    assert _admin_login(client, "edna", "pw-edna") == 302


@pytest.fixture
def cache_down(settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    caches = {"default": cache_from_url(f"redis://127.0.0.1:{port}/0")}
    with override_settings(CACHES=caches):
        yield


def test_while_the_cache_is_down_logins_fail_closed_and_other_requests_go_on(editor, rates, cache_down):
    response = Client().post(
        "/api/auth/token/", {"username": "edna", "password": "pw-edna"}, content_type="application/json"
    )
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "login_limit_unavailable"
    assert "Logins are paused" in response.json()["error"]["message"]
    assert int(response["Retry-After"]) > 0
    admin = Client().post("/admin/login/", {"username": "edna", "password": "pw-edna"})
    assert admin.status_code == 503
    assert b"Logins are paused" in admin.content
    # Reads are not locked out by the cache: the per-client limits let them through.
    assert Client().get("/api/fact-checks/").status_code == 200
