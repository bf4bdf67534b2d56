"""Feed subscriptions: conditional GET, new entries only, backoff for failing feeds, due polling."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from claims.errors import Conflict, InvalidInput
from claims.models import Article, Feed, FeedEntry, IngestionItem
from claims.services.feeds import feed_create, feed_poll, feed_update, feeds_poll_due
from claims.services.ingestion import ingestion_item_process
from tests.ingestion.conftest import reply
from tests.support import record_sends

pytestmark = pytest.mark.django_db


def _process(job):
    for item_id in job.items.values_list("id", flat=True):
        ingestion_item_process(item_id=item_id)


def test_poll_ingests_new_entries_only(fake_extraction, feed_server):
    feed = feed_create(url=feed_server.url("/feed.xml"))
    job = feed_poll(feed_id=feed.pk)
    assert job is not None and job.kind == "feed" and job.total == 2
    _process(job)
    feed.refresh_from_db()
    assert feed.title == "Local news" and feed.etag == '"v1"' and feed.last_error == ""
    assert feed.consecutive_failures == 0 and feed.next_poll_at > timezone.now()
    assert Article.objects.filter(feed=feed, source="feed").count() == 2
    assert {g.rsplit("/", 1)[1] for g in FeedEntry.objects.filter(feed=feed).values_list("guid", flat=True)} == {
        "a",
        "b",
    }
    assert FeedEntry.objects.filter(feed=feed, article__isnull=False).count() == 2

    # Unchanged: the server answers 304 to our ETag, nothing new is created.
    assert feed_poll(feed_id=feed.pk) is None
    assert feed_server.requests[-1]["headers"]["If-None-Match"] == '"v1"'

    # One new entry among the old ones: one new item.
    feed_server.state.update(items=[("c", "Gamma"), ("a", "Alpha"), ("b", "Beta")], etag='"v2"')
    job = feed_poll(feed_id=feed.pk)
    assert job.total == 1 and job.items.get().label.endswith("/story/c")
    _process(job)
    assert Article.objects.count() == 3


def test_unfetchable_entry_pages_fall_back_to_the_feed_content(fake_extraction, feed_server):
    feed_server.state["items"] = [("zzz", "Missing page")]
    feed = feed_create(url=feed_server.url("/feed.xml"))
    job = feed_poll(feed_id=feed.pk)
    _process(job)
    item = job.items.get()
    assert item.status == IngestionItem.Status.DONE
    assert "happened 3 times" in item.article.text


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing.xml", "HTTP 404"),
        ("/html", "not an RSS or Atom feed"),
        ("/bomb.xml", "entity"),
    ],
)
def test_failing_feeds_back_off_with_a_recorded_reason(feed_server, path, reason):
    feed_server.routes["/html"] = lambda h: reply(h, b"<html><body>hello</body></html>")
    bomb = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><rss>&b;</rss>'
    feed_server.routes["/bomb.xml"] = lambda h: reply(h, bomb, content_type="application/xml")
    feed = feed_create(url=feed_server.url(path), poll_interval_minutes=10)
    delays = []
    for _ in range(3):
        before = timezone.now()
        assert feed_poll(feed_id=feed.pk) is None
        feed.refresh_from_db()
        delays.append(feed.next_poll_at - before)
    assert reason in feed.last_error
    assert feed.consecutive_failures == 3
    assert [round(d.total_seconds() / 60) for d in delays] == [20, 40, 80]

    feed_server.routes[path] = feed_server.routes["/feed.xml"]
    feed_poll(feed_id=feed.pk)
    feed.refresh_from_db()
    assert (feed.consecutive_failures, feed.last_error) == (0, "")


def test_feeds_on_private_addresses_are_refused(settings):
    settings.FACTCHECK_FETCH_ALLOWED_NETWORKS = []
    feed = feed_create(url="http://169.254.169.254/latest/feed")
    assert feed_poll(feed_id=feed.pk) is None
    feed.refresh_from_db()
    assert "link-local" in feed.last_error and feed.consecutive_failures == 1


def test_due_feeds_are_claimed_once(django_capture_on_commit_callbacks, monkeypatch):
    sent = record_sends(monkeypatch, "workers.ingestion.feed_poll")
    due = feed_create(url="https://news.example/due.xml")
    later = feed_create(url="https://news.example/later.xml")
    paused = feed_create(url="https://news.example/paused.xml", is_active=False)
    Feed.objects.filter(pk=later.pk).update(next_poll_at=timezone.now() + timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert feeds_poll_due() == [due.pk]
    with django_capture_on_commit_callbacks(execute=True):
        assert feeds_poll_due() == []  # claimed until its poll runs
    assert sent == [due.pk]
    assert paused.pk not in sent


def test_feed_validation_and_reactivation():
    with pytest.raises(InvalidInput):
        feed_create(url="file:///etc/passwd")
    with pytest.raises(InvalidInput):
        feed_create(url="https://news.example/f.xml", poll_interval_minutes=0)
    feed = feed_create(url="https://News.example/f.xml")
    with pytest.raises(Conflict):
        feed_create(url="https://news.example/f.xml")
    Feed.objects.filter(pk=feed.pk).update(consecutive_failures=5, next_poll_at=timezone.now() + timedelta(days=1))
    feed.refresh_from_db()
    feed = feed_update(feed=feed, data={"is_active": True})
    assert feed.consecutive_failures == 0 and feed.next_poll_at is None


def test_the_beat_task_polls_due_feeds_and_ingests_them(
    fake_extraction, feed_server, eager_celery, django_capture_on_commit_callbacks, settings
):
    from workers.ingestion import feeds_poll_due as task

    assert settings.CELERY_BEAT_SCHEDULE["poll-due-feeds"]["task"] == task.name
    feed = feed_create(url=feed_server.url("/feed.xml"))
    with django_capture_on_commit_callbacks(execute=True):
        task.delay()
    assert Article.objects.filter(feed=feed).count() == 2
    assert all(item.status == "done" for item in IngestionItem.objects.all())
