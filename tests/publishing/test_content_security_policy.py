"""Every page is served with a Content-Security-Policy that allows scripts and styles from this site only, and
no page needs more: no inline script, inline style block or style attribute on the public pages, the admin's
workbench pages or the Swagger UI (tests/browser checks the same in Chromium, with its console)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from claims.services.publishing import factcheck_publish
from tests.factories import evidence_create, published_verdict_create, report_claim_create

pytestmark = pytest.mark.django_db

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
_DATA_BLOCK = re.compile(r'type="application/(ld\+)?json"')


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def _inline_code(html: str) -> list[str]:
    """Inline scripts (not data blocks), style elements and style attributes: what the policy would block."""
    found = [body for attrs, body in _SCRIPT.findall(html) if "src=" not in attrs and not _DATA_BLOCK.search(attrs)]
    found += re.findall(r"<style\b", html, re.I)
    found += re.findall(r"\sstyle=\"[^\"]*\"", html, re.I)
    found += re.findall(r"\son[a-z]+=\"", html, re.I)
    return found


@pytest.fixture
def factcheck(editor, checker):
    claim = report_claim_create()
    evidence_create(
        claim, stance="refutes", title="Statement", url="https://mil.example.org/s", excerpt="Excerpt of Statement."
    )
    return factcheck_publish(verdict_id=published_verdict_create(claim, author=checker, publisher=editor).pk)


def test_the_policy_allows_this_site_only(client):
    policy = _policy(client.get("/fact-checks/"))
    assert policy["default-src"] == policy["script-src"] == policy["style-src"] == ["'self'"]
    assert policy["object-src"] == policy["base-uri"] == policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in str(policy) and "'unsafe-eval'" not in str(policy)


def test_public_pages_carry_the_policy_and_need_nothing_inline(client, factcheck):
    for path in ("/fact-checks/", f"/fact-checks/{factcheck.pk}/", "/fact-checks/ratings/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert _policy(response)["script-src"] == ["'self'"], path
        assert _inline_code(response.content.decode()) == [], path


def test_admin_pages_carry_the_policy_and_need_nothing_inline(editor, factcheck):
    client = Client()
    login = client.get("/admin/login/")
    assert "Content-Security-Policy" in login and _inline_code(login.content.decode()) == []
    client.force_login(editor)
    claim = factcheck.claim
    for path in (
        "/admin/",
        reverse("admin:claims_claim_changelist"),
        reverse("admin:claims_claim_change", args=[claim.pk]),
        reverse("admin:claims_article_change", args=[claim.article_id]),
        reverse("admin:claims_dashboard"),
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Content-Security-Policy" in response, path
        assert _inline_code(response.content.decode()) == [], path


def test_swagger_ui_loads_its_start_up_script_as_a_file(client):
    page = client.get("/api/docs/")
    assert page.status_code == 200 and "Content-Security-Policy" in page
    html = page.content.decode()
    assert _inline_code(html) == []
    (script_url,) = re.findall(r'<script src="([^"]*script=[^"]*)"', html)
    script = client.get(script_url.replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()
