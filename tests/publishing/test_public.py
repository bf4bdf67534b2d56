"""Public pages and feeds: anonymous readers, embedded ClaimReview JSON-LD, valid RSS 2.0 and JSON Feed."""

from __future__ import annotations

import json
import re

import pytest
from defusedxml import ElementTree

from claims.services.publishing import claimreview_jsonld, factcheck_publish
from tests.factories import evidence_create, published_verdict_create, report_claim_create

pytestmark = pytest.mark.django_db

_JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture
def published(editor, checker):
    claim = report_claim_create(text='He said "91 drones" were launched </script><script>alert(1)</script> overnight.')
    evidence_create(
        claim,
        stance="refutes",
        title="Air force statement",
        url="https://mil.example.org/statement",
        excerpt="Excerpt of Air force statement.",
    )
    evidence_create(
        claim,
        stance="",
        title="Unreviewed search hit",
        url="https://other.example.org/hit",
        excerpt="Excerpt of Unreviewed search hit.",
    )
    first = published_verdict_create(claim, author=checker, publisher=editor, rating="false")
    factcheck_publish(verdict_id=first.pk)
    second = published_verdict_create(
        claim, author=checker, publisher=editor, rating="mostly-false", correction_note="Count fixed."
    )
    return factcheck_publish(verdict_id=second.pk)


def test_fact_check_page_is_public_and_embeds_its_claimreview(client, published):
    response = client.get(f"/fact-checks/{published.pk}/")

    assert response.status_code == 200
    html = response.content.decode()
    (script,) = _JSONLD.findall(html)
    assert json.loads(script) == json.loads(json.dumps(claimreview_jsonld(published)))
    # The claim's own "</script>" cannot end the element or inject markup.
    assert "</script><script>alert(1)" not in html
    assert "\\u003C/script\\u003E" in script
    assert "Sergei Lavrov" in html
    assert "Mostly false" in html
    assert "Summary v2" in html and "Explanation v2" in html
    assert "Air force statement" in html and "Refutes" in html
    assert "Unreviewed search hit" not in html
    assert "Count fixed." in html
    assert 'rel="canonical"' in html


def test_unknown_or_imported_fact_check_has_no_page(client, published):
    from claims.models import FactCheck

    imported = FactCheck.objects.create(origin="imported", url="https://elsewhere.example.org/fc", claim_text="x")

    assert client.get(f"/fact-checks/{published.pk + 1000}/").status_code == 404
    assert client.get(f"/fact-checks/{imported.pk}/").status_code == 404


def test_index_lists_published_fact_checks(client, published):
    response = client.get("/fact-checks/")

    assert response.status_code == 200
    assert f'href="/fact-checks/{published.pk}/"' in response.content.decode()


def test_rating_scale_page_publishes_numbers_and_labels(client):
    html = client.get("/fact-checks/ratings/").content.decode()

    assert re.search(r"<td>5</td><td>True</td>", html)
    assert re.search(r"<td>1</td><td>False</td>", html)
    assert re.search(r"<td>—</td><td>Misleading</td>", html)


def test_rss_feed_is_valid_rss_2(client, published):
    response = client.get("/fact-checks/feed.rss")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for required in ("title", "link", "description"):
        assert channel.findtext(required)
    (item,) = channel.findall("item")
    assert item.findtext("link") == f"http://testserver/fact-checks/{published.pk}/"
    assert item.findtext("guid") == published.url
    assert item.findtext("title").startswith("Mostly false: ")
    assert item.findtext("pubDate")
    assert item.findtext("category") == "Mostly false"


def test_json_feed_is_valid_json_feed_1_1(client, published):
    response = client.get("/fact-checks/feed.json")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/feed+json")
    feed = json.loads(response.content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] and feed["home_page_url"].endswith("/fact-checks/")
    assert feed["feed_url"].endswith("/fact-checks/feed.json")
    (item,) = feed["items"]
    assert item["id"] == published.url and item["url"] == published.url
    assert item["content_text"] and item["date_published"] and item["date_modified"]
    assert item["_claim_review"]["@type"] == "ClaimReview"
    # JSON Feed extensions must start with an underscore; every other key is from the spec.
    allowed = {"id", "url", "title", "summary", "content_text", "tags", "date_published", "date_modified", "language"}
    assert {key for key in item if not key.startswith("_")} <= allowed
    assert item["language"] == published.claim.language
