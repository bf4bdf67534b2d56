"""Ingestion services: idempotent articles, revisions that keep reviewed claims, jobs whose items fail alone."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from claims.errors import InvalidInput, PayloadTooLarge
from claims.models import Article, ArticleRevision, Claim, IngestionItem, IngestionJob
from claims.services.ingestion import article_ingest, ingestion_item_process, ingestion_job_create
from claims.workflow import State
from tests.ingestion.conftest import reply
from tests.support import record_sends

pytestmark = pytest.mark.django_db

TEXT = (
    "The council approved 12 new buses on Monday. Residents welcomed the news.\n\n"
    "The buses will cost 4.5 million euros, the mayor said. Critics were not convinced."
)


def test_article_and_claims_are_stored(fake_extraction):
    article, created = article_ingest(text=TEXT, title="Buses")
    assert created
    claims = list(article.claims.order_by("start"))
    assert [c.quote for c in claims] == [
        "The council approved 12 new buses on Monday.",
        "The buses will cost 4.5 million euros, the mayor said.",
    ]
    for claim in claims:
        assert article.text[claim.start : claim.end] == claim.quote
        assert claim.status == State.NEW


def test_the_same_text_twice_is_one_article(fake_extraction):
    first, created_first = article_ingest(text=TEXT)
    second, created_second = article_ingest(text="  " + TEXT.upper().replace(" ", "  ") + "\n")
    assert (created_first, created_second) == (True, False)
    assert first.pk == second.pk
    assert Article.objects.count() == 1
    assert Claim.objects.count() == 2


def test_the_same_url_twice_is_one_article(fake_extraction):
    first, _ = article_ingest(text=TEXT, url="https://News.example/a?utm_source=feed#x")
    second, created = article_ingest(text=TEXT, url="https://news.example/a")
    assert first.pk == second.pk and not created
    assert first.url == "https://news.example/a"


def test_an_updated_article_keeps_a_revision_and_reviewed_claims(fake_extraction, editor):
    article, _ = article_ingest(text=TEXT, url="https://news.example/story", title="v1")
    reviewed = article.claims.get(quote__startswith="The council")
    Claim.objects.filter(pk=reviewed.pk).update(status=State.ACCEPTED)
    untouched_new = article.claims.get(quote__startswith="The buses")

    updated_text = (
        "Update: the vote was close. The council approved 12 new buses on Monday. Residents welcomed the news.\n\n"
        "The first 3 buses arrive in March."
    )
    same, created = article_ingest(text=updated_text, url="https://news.example/story", title="v2")
    assert same.pk == article.pk and not created
    same.refresh_from_db()
    assert same.revision == 2 and same.title == "v2" and same.text == updated_text
    revision = ArticleRevision.objects.get(article=same)
    assert revision.revision == 1 and revision.text == TEXT and revision.title == "v1"

    reviewed.refresh_from_db()
    assert reviewed.status == State.ACCEPTED  # never reset
    assert same.text[reviewed.start : reviewed.end] == reviewed.quote  # moved to its new offsets
    assert not Claim.objects.filter(pk=untouched_new.pk).exists()  # a `new` claim whose sentence is gone
    quotes = sorted(same.claims.values_list("quote", flat=True))
    assert quotes == ["The council approved 12 new buses on Monday.", "The first 3 buses arrive in March."]

    article_ingest(text=updated_text, url="https://news.example/story")
    assert ArticleRevision.objects.filter(article=same).count() == 1
    assert same.claims.count() == 2


def test_claims_past_new_survive_even_when_their_sentence_is_gone(fake_extraction):
    article, _ = article_ingest(text=TEXT, url="https://news.example/gone")
    claim = article.claims.get(quote__startswith="The buses")
    Claim.objects.filter(pk=claim.pk).update(status=State.RESEARCHING)
    article_ingest(text="Completely rewritten with 7 facts.", url="https://news.example/gone")
    claim.refresh_from_db()
    assert claim.status == State.RESEARCHING
    assert article.claims.count() == 2


def test_article_and_claims_are_written_together_or_not_at_all(monkeypatch):
    def broken(text, *, title="", model_threshold=None, language="en", limits=None, topics=()):
        from tests.ingestion.conftest import FakeClaim

        # Two claims on the same span break the unique constraint after the article row was inserted.
        return [FakeClaim(text="a", quote="The", start=0, end=3), FakeClaim(text="b", quote="The", start=0, end=3)]

    monkeypatch.setattr("claims.extraction.extract_claims", broken)
    with pytest.raises(Exception):  # noqa: B017 - any database error; what matters is what is left behind
        article_ingest(text=TEXT)
    assert Article.objects.count() == 0
    assert Claim.objects.count() == 0


@pytest.mark.parametrize(
    ("items", "error"),
    [
        ([], InvalidInput),
        ([{}], InvalidInput),
        ([{"title": "only a title"}], InvalidInput),
        ([{"text": "a", "html": "<p>b</p>"}], InvalidInput),
        ([{"url": "ftp://news.example/a"}], InvalidInput),
        ([{"url": "javascript:alert(1)"}], InvalidInput),
        ([{"text": "a", "published_at": "yesterday"}], InvalidInput),
        ([{"text": "a", "published_at": "2024-02-30T10:00:00Z"}], InvalidInput),
        ([{"text": "a", "published_at": "9999-12-31T23:00:00-05:00"}], InvalidInput),
        ([{"text": "a\x00b"}], InvalidInput),
        ([{"text": "a", "title": "\x00"}], InvalidInput),
        ([{"text": "a", "author": "\ud800"}], InvalidInput),
        ([{"text": 12}], InvalidInput),
        ([{"text": "a", "colour": "red"}], InvalidInput),
        (["just a string"], InvalidInput),
    ],
)
def test_malformed_jobs_are_refused_whole(items, error):
    with pytest.raises(error):
        ingestion_job_create(items=items, kind="text")
    assert IngestionJob.objects.count() == 0


def test_size_caps(settings):
    settings.FACTCHECK_MAX_ARTICLE_BYTES = 1000
    with pytest.raises(PayloadTooLarge, match="1000-byte"):
        ingestion_job_create(items=[{"text": "é" * 600}], kind="text")
    settings.FACTCHECK_MAX_ITEMS_PER_JOB = 2
    with pytest.raises(PayloadTooLarge):
        ingestion_job_create(items=[{"text": "a"}] * 3, kind="text")
    assert IngestionJob.objects.count() == 0


def _run(job: IngestionJob) -> IngestionJob:
    for item_id in job.items.values_list("id", flat=True):
        ingestion_item_process(item_id=item_id)
    job.refresh_from_db()
    return job


def test_a_failing_item_never_stops_the_rest(fake_extraction, settings):
    settings.FACTCHECK_FETCH_ALLOWED_NETWORKS = []
    job = ingestion_job_create(
        items=[
            {"text": TEXT, "title": "good"},
            {"url": "http://127.0.0.1:9/internal"},
            {"html": "<html><body></body></html>"},
            {"text": "Another story with 3 numbers and 2 claims."},
        ],
        kind="text",
    )
    assert job.status == IngestionJob.Status.QUEUED and job.total == 4
    job = _run(job)
    assert job.status == IngestionJob.Status.DONE
    assert (job.succeeded, job.failed, job.claims_created) == (2, 2, 3)
    items = {item.position: item for item in job.items.all()}
    assert "loopback" in items[1].error
    assert items[2].error == "The article has no text."
    assert items[0].status == items[3].status == IngestionItem.Status.DONE


def test_a_fetched_page_without_a_header_charset_is_decoded_by_its_meta(fake_extraction, local_server, settings):
    settings.FACTCHECK_FETCH_ALLOWED_NETWORKS = [local_server.allowed]
    page = (
        '<html><head><meta charset="koi8-r"><title>Автобусы</title></head><body><article>'
        "<p>Мэр сказал, что город купит 12 новых автобусов в мае.</p></article></body></html>"
    )
    local_server.routes["/koi8"] = lambda handler: reply(handler, page.encode("koi8-r"), content_type="text/html")

    job = _run(ingestion_job_create(items=[{"url": local_server.url("/koi8")}], kind="url"))

    assert job.status == IngestionJob.Status.DONE, job.items.get().error
    assert "город купит 12 новых автобусов" in Article.objects.get().text


def test_a_job_whose_items_all_fail_is_failed(fake_extraction):
    job = _run(ingestion_job_create(items=[{"html": "<p></p>"}, {"url": "http://10.0.0.1/"}], kind="html"))
    assert job.status == IngestionJob.Status.FAILED
    assert job.failed == 2 and job.error


def test_redelivered_items_change_nothing(fake_extraction):
    job = _run(ingestion_job_create(items=[{"text": TEXT}], kind="text"))
    item = job.items.get()
    before = (item.status, item.article_id, item.claims_created, item.processed_at)
    ingestion_item_process(item_id=item.pk)
    item.refresh_from_db()
    job.refresh_from_db()
    assert (item.status, item.article_id, item.claims_created, item.processed_at) == before
    assert (job.succeeded, job.claims_created) == (1, 2)
    assert Claim.objects.count() == 2


def test_the_same_article_in_two_jobs_is_a_duplicate(fake_extraction):
    _run(ingestion_job_create(items=[{"text": TEXT}], kind="text"))
    second = _run(ingestion_job_create(items=[{"text": TEXT}], kind="text"))
    item = second.items.get()
    assert item.status == IngestionItem.Status.DUPLICATE and item.claims_created == 0
    assert item.article_id == Article.objects.get().pk
    assert second.status == IngestionJob.Status.DONE


def test_jobs_enqueue_their_items_on_commit(fake_extraction, django_capture_on_commit_callbacks, monkeypatch):
    sent = record_sends(monkeypatch, "workers.ingestion.ingestion_item_process")
    with django_capture_on_commit_callbacks(execute=True):
        job = ingestion_job_create(items=[{"text": "a 1."}, {"text": "b 2."}], kind="text")
    assert sent == list(job.items.order_by("position").values_list("id", flat=True))


def test_new_claims_are_sent_to_matching_on_commit(fake_extraction, django_capture_on_commit_callbacks, monkeypatch):
    sent = record_sends(monkeypatch, "workers.review.claim_match_suggest")
    with django_capture_on_commit_callbacks(execute=True):
        article, _ = article_ingest(text=TEXT)
    assert sorted(sent) == sorted(article.claims.values_list("id", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        article_ingest(text=TEXT)
    assert len(sent) == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_ingestion_of_one_article_gives_one_article(fake_extraction):
    barrier = threading.Barrier(4)
    results, errors = [], []

    def ingest() -> None:
        try:
            barrier.wait(timeout=10)
            results.append(article_ingest(text=TEXT, url="https://news.example/race"))
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=ingest) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert Article.objects.count() == 1
    assert sum(created for _, created in results) == 1
    assert Claim.objects.count() == 2
    assert transaction.get_autocommit()


def test_a_queued_item_whose_job_was_deleted_is_dropped_with_a_warning(fake_extraction, caplog):
    from workers.ingestion import ingestion_item_process as task

    job = ingestion_job_create(items=[{"text": TEXT}], kind="text")
    item_id = job.items.get().pk
    job.delete()
    task.run(item_id)  # the worker's call, without a broker
    assert f"Ingestion item {item_id} no longer exists" in caplog.text
    assert not Article.objects.exists()
