"""Every article and claim gets a language: the request's or feed's when given, else the one its text is in."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from claims.errors import InvalidInput
from claims.ingestion.feeds import parse_feed
from claims.models import Article, Claim, IngestionJob
from claims.services.feeds import feed_create, feed_poll
from claims.services.ingestion import article_ingest, ingestion_item_process, ingestion_job_create
from tests.ingestion.test_feeds_service import _process

pytestmark = pytest.mark.django_db

UKRAINIAN = (
    "Міська рада в понеділок схвалила купівлю 12 нових автобусів. Мешканці привітали це рішення.\n\n"
    "Кожен автобус коштуватиме 4,5 мільйона гривень, сказав мер."
)
PORTUGUESE = "A câmara aprovou a compra de 12 autocarros novos na segunda-feira. Os moradores gostaram da notícia."


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()


def test_the_language_is_detected_and_given_to_the_claims(fake_extraction):
    article, _ = article_ingest(text=UKRAINIAN)
    assert article.language == "uk"
    assert set(article.claims.values_list("language", flat=True)) == {"uk"}


def test_a_declared_language_outranks_detection(fake_extraction):
    article, _ = article_ingest(text=PORTUGUESE, language="pt-BR")
    assert article.language == "pt"
    article, _ = article_ingest(text=UKRAINIAN + " Ще одне речення.", language="ru")
    assert article.language == "ru"
    with pytest.raises(InvalidInput):
        article_ingest(text=PORTUGUESE, language="not a language")


def test_the_text_outranks_a_page_lang_attribute(fake_extraction):
    html = f'<html lang="en"><body><article><p>{PORTUGUESE}</p></article></body></html>'
    article, _ = article_ingest(html=html)
    assert article.language == "pt"


def test_a_job_item_carries_its_language_and_refuses_a_bad_one(fake_extraction):
    job = ingestion_job_create(items=[{"text": PORTUGUESE, "language": "es"}], kind=IngestionJob.Kind.TEXT)
    item = ingestion_item_process(item_id=job.items.get().pk)
    assert item.article.language == "es"
    with pytest.raises(InvalidInput, match="language"):
        ingestion_job_create(items=[{"text": PORTUGUESE, "language": "??"}], kind=IngestionJob.Kind.TEXT)


def test_a_feed_gives_its_language_to_its_articles(fake_extraction, feed_server):
    feed = feed_create(url=feed_server.url("/feed.xml"), language="de-AT")
    assert feed.language == "de"
    _process(feed_poll(feed_id=feed.pk))
    assert set(Article.objects.filter(feed=feed).values_list("language", flat=True)) == {"de"}
    assert set(Claim.objects.filter(article__feed=feed).values_list("language", flat=True)) == {"de"}


def test_a_feed_declares_its_language():
    rss = b'<?xml version="1.0"?><rss version="2.0"><channel><title>N</title><language>uk-UA</language></channel></rss>'
    assert parse_feed(rss).language == "uk-UA"
    atom = b'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="es"><title>N</title></feed>'
    assert parse_feed(atom).language == "es"


def test_the_api_takes_shows_and_filters_the_language(editor, fake_extraction, monkeypatch):
    monkeypatch.setattr("workers.ingestion.ingestion_item_process.delay", lambda item_id: None)
    api = APIClient()
    api.force_authenticate(editor)
    bad = api.post("/api/articles/", {"text": PORTUGUESE, "language": "12"}, format="json")
    assert bad.status_code == 400 and "language" in bad.json()["error"]["fields"]
    article_ingest(text=UKRAINIAN)
    article_ingest(text=PORTUGUESE)
    rows = api.get("/api/articles/", {"language": "uk"}).json()["results"]
    assert [row["language"] for row in rows] == ["uk"]
    claims = api.get("/api/claims/", {"language": "pt"}).json()["results"]
    assert claims and {row["language"] for row in claims} == {"pt"}
    both = api.get("/api/claims/", {"language": "pt,uk"}).json()["results"]
    assert {row["language"] for row in both} == {"pt", "uk"}
    feed = api.post("/api/feeds/", {"url": "https://news.example/rss", "language": "not a tag"}, format="json")
    assert feed.status_code == 400
