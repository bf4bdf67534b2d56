"""Published fact-checks carry their claim's language: ClaimReview inLanguage, the page's lang, both feeds."""

from __future__ import annotations

import json

import pytest
from defusedxml import ElementTree

from claims.services.factcheck_import import claimreview_record
from claims.services.publishing import claimreview_jsonld, factcheck_publish
from tests.factories import published_verdict_create, report_claim_create

pytestmark = pytest.mark.django_db

UKRAINIAN = "Україна намагалася атакувати резиденцію 91 безпілотником, заявив Лавров."


@pytest.fixture
def ukrainian(editor, checker):
    claim = report_claim_create(text=UKRAINIAN, claimant="Сергій Лавров", language="uk")
    return factcheck_publish(
        verdict_id=published_verdict_create(claim, author=checker, publisher=editor, rating="false").pk
    )


def test_claimreview_names_the_language(ukrainian):
    assert ukrainian.language == "uk"
    assert claimreview_jsonld(ukrainian)["inLanguage"] == "uk"


def test_the_public_page_declares_the_language(client, ukrainian):
    html = client.get(f"/fact-checks/{ukrainian.pk}/").content.decode()
    assert html.startswith('<!doctype html>\n<html lang="uk">')
    assert client.get("/fact-checks/").content.decode().startswith('<!doctype html>\n<html lang="en">')


def test_both_feeds_carry_each_items_language(client, ukrainian):
    rss = ElementTree.fromstring(client.get("/fact-checks/feed.rss").content)
    (item,) = rss.find("channel").findall("item")
    assert item.findtext("{http://purl.org/dc/elements/1.1/}language") == "uk"
    feed = json.loads(client.get("/fact-checks/feed.json").content)
    assert feed["items"][0]["language"] == "uk"


@pytest.mark.parametrize(
    ("value", "language"),
    [
        ("pt-BR", "pt"),
        ({"@type": "Language", "name": "Spanish", "alternateName": "es"}, "es"),
        ("Español", ""),
        (7, ""),
    ],
)
def test_an_imported_claimreview_keeps_its_inlanguage(value, language):
    record = claimreview_record(
        {
            "@type": "ClaimReview",
            "url": "https://checks.example.org/1",
            "claimReviewed": "Something was said.",
            "inLanguage": value,
        }
    )
    assert record.language == language
