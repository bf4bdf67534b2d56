"""Feed subscriptions: create/update/delete, and polling with conditional GET, new items only and backoff.

A poll fetches the feed's bytes with the SSRF-safe fetcher, hands feedparser bytes, records each new entry once
(FeedEntry guid) and ingests the new entries as one job. A failing feed backs off exponentially and keeps its
last error for the desk to see.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from claims.errors import Conflict, DomainError, InvalidInput
from claims.extraction.language import normalise_language
from claims.ingestion.feeds import FeedError, parse_feed
from claims.ingestion.fetch import FEED_TYPES, FetchError, fetch
from claims.ingestion.text import canonical_url
from claims.inputs.urls import is_http_url
from claims.models import Feed, FeedEntry, IngestionJob
from claims.services.ingestion import ingestion_job_create
from claims.services.outbox import outbox_enqueue

logger = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=24)


def feed_url_clean(url: str) -> str:
    """The stored spelling of a feed URL (canonical, tracking parameters dropped); InvalidInput unless http(s)."""
    url = (url or "").strip()
    if not is_http_url(url) or len(url) > 2000:
        raise InvalidInput("The feed URL must be an http(s) URL.", fields={"url": ["Must be an http(s) URL."]})
    try:
        return canonical_url(url)
    except ValueError as exc:
        raise InvalidInput(f"The feed URL is malformed: {exc}", fields={"url": [str(exc)]}) from exc


def _check_interval(minutes: int) -> None:
    if not Feed.MIN_POLL_INTERVAL_MINUTES <= minutes <= Feed.MAX_POLL_INTERVAL_MINUTES:
        raise InvalidInput(
            "The poll interval is between one minute and 30 days.",
            fields={
                "poll_interval_minutes": [
                    f"Between {Feed.MIN_POLL_INTERVAL_MINUTES} and {Feed.MAX_POLL_INTERVAL_MINUTES} minutes."
                ]
            },
        )


def feed_create(
    *,
    url: str,
    title: str = "",
    language: str = "",
    poll_interval_minutes: int = 30,
    is_active: bool = True,
    user=None,
) -> Feed:
    """Subscribe to a feed; it is polled at the next beat."""
    url = feed_url_clean(url)
    _check_interval(poll_interval_minutes)
    try:
        with transaction.atomic():
            return Feed.objects.create(
                url=url,
                title=title,
                language=normalise_language(language),
                poll_interval_minutes=poll_interval_minutes,
                is_active=is_active,
                created_by=user if user is not None and user.is_authenticated else None,
            )
    except IntegrityError as exc:
        raise Conflict("This feed is already subscribed.") from exc


def feed_update(*, feed: Feed, data: dict) -> Feed:
    """Change a feed's title, language, interval or active flag; reactivating it clears its backoff."""
    if "poll_interval_minutes" in data:
        _check_interval(data["poll_interval_minutes"])
    for key in ("title", "poll_interval_minutes", "is_active"):
        if key in data:
            setattr(feed, key, data[key])
    if "language" in data:
        feed.language = normalise_language(data["language"])
    if data.get("is_active"):
        feed.consecutive_failures = 0
        feed.next_poll_at = None
    feed.save()
    return feed


def feed_delete(*, feed: Feed) -> None:
    feed.delete()


def _backoff(feed: Feed) -> timedelta:
    base = timedelta(minutes=feed.poll_interval_minutes)
    return min(base * (2 ** min(feed.consecutive_failures, 16)), MAX_BACKOFF)


def feeds_poll_due(*, now=None) -> list[int]:
    """Claim every active feed that is due (moving its next poll ahead) and enqueue a poll of each."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            Feed.objects.select_for_update(skip_locked=True)
            .filter(is_active=True)
            .filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))
            .order_by("next_poll_at")
        )
        for feed in due:
            # Claimed until the poll sets the real next time, so the next beat does not enqueue it again.
            feed.next_poll_at = now + timedelta(minutes=feed.poll_interval_minutes)
            feed.save(update_fields=["next_poll_at"])
        ids = [feed.pk for feed in due]
        outbox_enqueue("workers.ingestion.feed_poll", ids)
    return ids


def _record_failure(feed_id: int, reason: str) -> Feed:
    with transaction.atomic():
        feed = Feed.objects.select_for_update().get(pk=feed_id)
        now = timezone.now()
        feed.consecutive_failures += 1
        feed.last_error = reason[:5000]
        feed.last_polled_at = now
        feed.next_poll_at = now + _backoff(feed)
        feed.save()
    logger.info("feed %s failed (%d in a row): %s", feed_id, feed.consecutive_failures, reason)
    return feed


def feed_poll(*, feed_id: int) -> IngestionJob | None:
    """Poll one feed; returns the job ingesting its new entries, or None when there is nothing new."""
    feed = Feed.objects.filter(pk=feed_id).first()
    if feed is None or not feed.is_active:
        return None
    headers = {}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    try:
        result = fetch(
            feed.url,
            max_bytes=settings.FACTCHECK_MAX_FETCH_BYTES,
            timeout=settings.FACTCHECK_FETCH_TIMEOUT_SECONDS,
            content_types=FEED_TYPES,
            headers=headers,
            allowed_networks=settings.FACTCHECK_FETCH_ALLOWED_NETWORKS,
        )
        parsed = (
            None
            if result.not_modified
            else parse_feed(result.body, content_type=result.headers.get("content-type", ""), base_url=feed.url)
        )
    except (FetchError, FeedError) as exc:
        _record_failure(feed_id, exc.reason)
        return None
    try:
        with transaction.atomic():
            feed = Feed.objects.select_for_update().get(pk=feed_id)
            now = timezone.now()
            feed.last_polled_at = feed.last_success_at = now
            feed.consecutive_failures = 0
            feed.last_error = parsed.warning[:5000] if parsed and parsed.warning else ""
            feed.next_poll_at = now + timedelta(minutes=feed.poll_interval_minutes)
            job = None
            if parsed is not None:
                feed.etag = result.headers.get("etag", "")[:500]
                feed.last_modified = result.headers.get("last-modified", "")[:100]
                if not feed.title and parsed.title:
                    feed.title = parsed.title
                job = _ingest_new_entries(feed, parsed.items, language=feed.language or parsed.language)
            feed.save()
    except DomainError as exc:
        # Entries the job refused are not marked seen (the transaction rolled back); the feed records why.
        _record_failure(feed_id, exc.message)
        return None
    return job


def _ingest_new_entries(feed: Feed, items: list, *, language: str) -> IngestionJob | None:
    seen = set(FeedEntry.objects.filter(feed=feed, guid__in=[i.guid for i in items]).values_list("guid", flat=True))
    fresh = []
    for item in items:
        fetchable = is_http_url(item.link)
        if item.guid in seen or not (fetchable or item.content_html.strip()):
            continue
        seen.add(item.guid)
        fresh.append(item)
    fresh = fresh[: settings.FACTCHECK_MAX_ITEMS_PER_JOB]
    if not fresh:
        return None
    entries = FeedEntry.objects.bulk_create(
        FeedEntry(feed=feed, guid=item.guid, link=item.link if is_http_url(item.link) else "") for item in fresh
    )
    payloads = []
    for item, entry in zip(fresh, entries, strict=True):
        payload = {
            "title": item.title,
            "author": item.author,
            "published_at": item.published.isoformat() if item.published else "",
            "publisher": feed.title[:300],
            "feed_id": feed.pk,
            "feed_entry_id": entry.pk,
            "label": item.link or item.guid,
            "language": normalise_language(language),
        }
        if entry.link:
            payload["url"] = entry.link
            payload["fallback_html"] = item.content_html[: settings.FACTCHECK_MAX_ARTICLE_BYTES // 4]
        else:
            payload["html"] = item.content_html[: settings.FACTCHECK_MAX_ARTICLE_BYTES // 4]
        payloads.append(payload)
    return ingestion_job_create(items=payloads, kind=IngestionJob.Kind.FEED, feed=feed)
