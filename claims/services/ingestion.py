"""Ingestion writes: jobs and their items, and articles with their claims.

An article is identified by its canonical URL, else by the hash of its normalised text; ingesting it again (twice,
concurrently, or from a redelivered task) finds the same row and adds nothing. An article and its claims are
written in one transaction. Every failure of one item is recorded on that item and never stops the others.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from claims.errors import DomainError, InvalidInput, NotFound, PayloadTooLarge
from claims.extraction.language import detect_language, normalise_language
from claims.extraction.topics import Topic
from claims.ingestion.fetch import HTML_TYPES, FetchError, fetch
from claims.ingestion.html import extract_html
from claims.ingestion.text import canonical_url, content_hash, decode_bytes, normalise_text
from claims.inputs.articles import article_source_problem
from claims.inputs.dates import OutOfRange, datetime_utc
from claims.inputs.text import text_problem
from claims.inputs.urls import is_http_url
from claims.models import Article, ArticleRevision, Claim, FeedEntry, IngestionItem, IngestionJob
from claims.selectors.topics import watched_topics
from claims.services.embeddings import claim_embedding_store
from claims.services.outbox import outbox_enqueue
from claims.workflow import State

logger = logging.getLogger(__name__)

# Called with (article, created, claims created) inside the transaction that stores an article.
OnStored = Callable[[Article, bool, int], None]

ITEM_FIELDS = ("title", "text", "html", "url", "published_at", "publisher", "author", "language")


@dataclass(frozen=True)
class ArticleInput:
    """What an item resolves to once fetched and parsed: the article to store."""

    text: str
    title: str = ""
    url: str = ""
    author: str = ""
    publisher: str = ""
    published_at: datetime | None = None
    # The language the request or the feed gives, which outranks detection; the page's own `lang` ranks below it.
    language: str = ""
    page_language: str = ""
    source: str = Article.Source.TEXT
    feed_id: int | None = None


# --- Jobs -------------------------------------------------------------------------------------------------


def _check_size(value: str, *, name: str, position: int) -> None:
    limit = settings.FACTCHECK_MAX_ARTICLE_BYTES
    if len(value.encode("utf-8", errors="surrogatepass")) > limit:
        raise PayloadTooLarge(f"Item {position}: `{name}` is larger than the {limit}-byte limit.")


def _validate_item(item: Any, position: int) -> dict[str, Any]:
    """The payload stored for one item; raises InvalidInput/PayloadTooLarge naming the item."""
    if not isinstance(item, dict):
        raise InvalidInput(f"Item {position} must be an object.")
    unknown = set(item) - {*ITEM_FIELDS, "label", "source", "feed_id", "feed_entry_id", "fallback_html"}
    if unknown:
        raise InvalidInput(f"Item {position}: unknown fields {sorted(unknown)}.")
    payload = {key: value for key, value in item.items() if value not in (None, "")}
    for key, value in payload.items():
        if key in ("feed_id", "feed_entry_id"):
            continue
        if not isinstance(value, str):
            raise InvalidInput(f"Item {position}: `{key}` must be a string.", fields={key: ["Must be a string."]})
        problem = text_problem(value)
        if problem:
            raise InvalidInput(f"Item {position}: `{key}` {problem}.", fields={key: [problem.capitalize() + "."]})
    if "language" in payload:
        language = normalise_language(payload["language"])
        if not language:
            raise InvalidInput(
                f"Item {position}: `language` must be a language code such as `uk` or `pt-BR`.",
                fields={"language": ["Not a language code."]},
            )
        payload["language"] = language
    source_problem = article_source_problem(payload)
    if source_problem:
        field, message = source_problem
        raise InvalidInput(f"Item {position}: {message[0].lower()}{message[1:]}", fields={field: [message]})
    for key in ("text", "html", "fallback_html"):
        if key in payload:
            _check_size(payload[key], name=key, position=position)
    if "url" in payload:
        url = payload["url"].strip()
        if not is_http_url(url) or len(url) > 2000:
            raise InvalidInput(f"Item {position}: `url` must be an http(s) URL.", fields={"url": ["Invalid URL."]})
        payload["url"] = url
    if "published_at" in payload and _published(payload["published_at"]) is None:
        raise InvalidInput(
            f"Item {position}: `published_at` is not a valid ISO 8601 date-time.",
            fields={"published_at": ["Not a valid ISO 8601 date-time."]},
        )
    return payload


def _label(payload: dict[str, Any]) -> str:
    if payload.get("label"):
        return payload["label"][:2000]
    if payload.get("url"):
        return payload["url"][:2000]
    if payload.get("title"):
        return payload["title"][:2000]
    return " ".join((payload.get("text") or payload.get("html") or "")[:120].split())


def ingestion_job_create(*, items: list[dict], kind: str, user=None, feed=None) -> IngestionJob:
    """Validate every item, store the job with its items, and enqueue each item once the transaction commits."""
    if kind not in IngestionJob.Kind.values:
        raise InvalidInput(f"Unknown job kind {kind!r}.")
    if not isinstance(items, list) or not items:
        raise InvalidInput("Give at least one item.")
    if len(items) > settings.FACTCHECK_MAX_ITEMS_PER_JOB:
        raise PayloadTooLarge(f"A job holds at most {settings.FACTCHECK_MAX_ITEMS_PER_JOB} items.")
    payloads = [_validate_item(item, position) for position, item in enumerate(items)]
    with transaction.atomic():
        job = IngestionJob.objects.create(
            kind=kind,
            created_by=user if user is not None and user.is_authenticated else None,
            feed=feed,
            total=len(payloads),
        )
        created = IngestionItem.objects.bulk_create(
            IngestionItem(job=job, position=position, label=_label(payload), payload=payload)
            for position, payload in enumerate(payloads)
        )
        item_ids = [item.pk for item in created]
        outbox_enqueue("workers.ingestion.ingestion_item_process", item_ids)
    return job


def ingestion_job_refresh(*, job_id: int) -> IngestionJob:
    """Recompute a job's counts and status from its items, so redelivered tasks never count twice."""
    with transaction.atomic():
        job = IngestionJob.objects.select_for_update().get(pk=job_id)
        stats = job.items.aggregate(
            pending=Count("id", filter=Q(status=IngestionItem.Status.PENDING)),
            failed=Count("id", filter=Q(status=IngestionItem.Status.FAILED)),
            total=Count("id"),
            claims=Sum("claims_created"),
        )
        job.total = stats["total"]
        job.failed = stats["failed"]
        job.succeeded = stats["total"] - stats["pending"] - stats["failed"]
        job.claims_created = stats["claims"] or 0
        if stats["pending"] == 0:
            job.status = IngestionJob.Status.FAILED if job.failed == job.total else IngestionJob.Status.DONE
            job.finished_at = job.finished_at or timezone.now()
            if job.status == IngestionJob.Status.FAILED and not job.error:
                job.error = "Every item failed; see the items for the reasons."
        elif job.status == IngestionJob.Status.QUEUED:
            job.status = IngestionJob.Status.RUNNING
        if job.started_at is None and stats["pending"] < stats["total"]:
            job.started_at = timezone.now()
        job.save()
    return job


# --- Items ------------------------------------------------------------------------------------------------


def _published(value: Any) -> datetime | None:
    """The time in UTC (naive ones taken as UTC); None when there is none or it is no valid time, such as a
    2024-02-30 or one that falls outside the years 1-9999 in UTC, which PostgreSQL would store but never give back."""
    try:
        return datetime_utc(value)
    except OutOfRange:
        return None


def _from_html(markup: str, *, payload: dict[str, Any], source: str, url: str) -> ArticleInput:
    document = extract_html(markup, url=url)
    return ArticleInput(
        text=document.text,
        title=payload.get("title") or document.title,
        url=url,
        author=payload.get("author") or document.author,
        publisher=payload.get("publisher") or document.publisher,
        published_at=_published(payload.get("published_at")) or _published(document.published),
        language=payload.get("language", ""),
        page_language=normalise_language(document.language),
        source=source,
        feed_id=payload.get("feed_id"),
    )


def article_input_resolve(*, payload: dict[str, Any], kind: str) -> ArticleInput:
    """Turn a stored item payload into article text and metadata, fetching the URL when there is no text.

    Raises InvalidInput (with a reason) when nothing usable comes out.
    """
    url = payload.get("url", "")
    from_feed = bool(payload.get("feed_id"))
    from_file = kind == IngestionJob.Kind.FILE
    if payload.get("text"):
        return ArticleInput(
            text=payload["text"],
            title=payload.get("title", ""),
            url=url,
            author=payload.get("author", ""),
            publisher=payload.get("publisher", ""),
            published_at=_published(payload.get("published_at")),
            language=payload.get("language", ""),
            source=Article.Source.FEED if from_feed else Article.Source.FILE if from_file else Article.Source.TEXT,
            feed_id=payload.get("feed_id"),
        )
    if payload.get("html"):
        source = Article.Source.FEED if from_feed else Article.Source.FILE if from_file else Article.Source.HTML
        return _from_html(payload["html"], payload=payload, source=source, url=url)
    source = Article.Source.FEED if from_feed else Article.Source.URL
    try:
        result = fetch(
            url,
            max_bytes=settings.FACTCHECK_MAX_FETCH_BYTES,
            timeout=settings.FACTCHECK_FETCH_TIMEOUT_SECONDS,
            content_types=HTML_TYPES,
            allowed_networks=settings.FACTCHECK_FETCH_ALLOWED_NETWORKS,
        )
    except FetchError as exc:
        if payload.get("fallback_html"):
            # A feed entry whose page cannot be fetched is ingested from the content the feed carried.
            return _from_html(payload["fallback_html"], payload=payload, source=source, url=url)
        raise InvalidInput(f"Could not fetch {url}: {exc.reason}") from exc
    markup = decode_bytes(result.body, charset=result.charset)
    if result.content_type == "text/plain":
        return ArticleInput(
            text=markup, title=payload.get("title", ""), url=url, language=payload.get("language", ""), source=source
        )
    return _from_html(markup, payload=payload, source=source, url=url)


def _item_finish(
    item_id: int, *, article: Article | None, created: bool, created_claims: int, error: str = ""
) -> IngestionItem:
    """Record a pending item's outcome (once: a finished item is left as it is)."""
    with transaction.atomic():
        item = IngestionItem.objects.select_for_update().get(pk=item_id)
        if item.status == IngestionItem.Status.PENDING:
            if error:
                item.status, item.error = IngestionItem.Status.FAILED, error[:5000]
            else:
                item.status = IngestionItem.Status.DONE if created or created_claims else IngestionItem.Status.DUPLICATE
                item.article = article
                item.claims_created = created_claims
                entry_id = item.payload.get("feed_entry_id")
                if entry_id:
                    FeedEntry.objects.filter(pk=entry_id, article__isnull=True).update(article=article)
            item.processed_at = timezone.now()
            item.save()
    return item


def ingestion_item_process(*, item_id: int) -> IngestionItem:
    """Process one pending item; an item already processed (a redelivered task) is left as it is."""
    try:
        item = IngestionItem.objects.select_related("job").get(pk=item_id)
    except IngestionItem.DoesNotExist as exc:
        raise NotFound(f"Ingestion item {item_id} does not exist.") from exc
    if item.status != IngestionItem.Status.PENDING:
        return item
    if item.job.status == IngestionJob.Status.QUEUED:
        IngestionJob.objects.filter(pk=item.job_id, status=IngestionJob.Status.QUEUED).update(
            status=IngestionJob.Status.RUNNING, started_at=timezone.now()
        )
    error = ""
    article = None
    created_claims = 0
    created = False

    def stored(article: Article, created: bool, created_claims: int) -> None:
        # In the article's own transaction, so a crash cannot leave a stored article with a pending item
        # (whose redelivery would then find "its" article and call it a duplicate).
        _item_finish(item_id, article=article, created=created, created_claims=created_claims)

    try:
        article_input = article_input_resolve(payload=item.payload, kind=item.job.kind)
        article, created, created_claims = _article_ingest(article_input, on_stored=stored)
    except DomainError as exc:
        error = exc.message
    except (ValueError, UnicodeError) as exc:
        error = f"Unreadable input: {exc}"
    except (DatabaseError, OSError):
        raise  # transient: the task retries with backoff
    except Exception as exc:
        # A bug on one input must not leave its job running forever; the item records it and the rest go on.
        logger.exception("ingestion item %s failed", item_id)
        error = f"Internal error while ingesting this item ({exc.__class__.__name__})."
    item = _item_finish(item_id, article=article, created=created, created_claims=created_claims, error=error)
    ingestion_job_refresh(job_id=item.job_id)
    return item


# --- Articles and claims ----------------------------------------------------------------------------------


def article_language(*, text: str, declared: str = "", page: str = "") -> str:
    """The language an article is stored with: the one the request or feed declared, else the one detected in its
    text, else the one its page declared."""
    return normalise_language(declared) or detect_language(text) or normalise_language(page)


def article_candidates_extract(
    *, text: str, title: str, language: str = "en", topics: Sequence[Topic] | None = None
) -> list:
    """Every candidate ingestion weighs for an article's text, each flagged (`is_claim`) at or above the configured
    threshold, those on the watched `topics` first (None: the desk's active watched topics); InvalidInput, saying
    which limit, for an article over the sentence or time limit of one article. Evaluations measure this path."""
    from claims.extraction import ExtractionLimitExceeded, Limits, extract_claims

    threshold = settings.FACTCHECK_CHECKWORTHINESS_THRESHOLD
    limits = Limits(
        max_sentences=settings.FACTCHECK_MAX_ARTICLE_SENTENCES, max_seconds=settings.FACTCHECK_MAX_ARTICLE_SECONDS
    )
    try:
        return extract_claims(
            text,
            title=title,
            model_threshold=threshold,
            language=language,
            limits=limits,
            topics=watched_topics() if topics is None else topics,
        )
    except ExtractionLimitExceeded as exc:
        raise InvalidInput(exc.reason) from exc


def article_claims_extract(
    *, text: str, title: str, language: str = "en", topics: Sequence[Topic] | None = None
) -> list:
    """The claims ingestion stores for an article's text: the flagged candidates (`article_candidates_extract`)."""
    candidates = article_candidates_extract(text=text, title=title, language=language, topics=topics)
    return [claim for claim in candidates if claim.is_claim]


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _jsonable(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _claim_from(extracted: Any, *, article: Article) -> Claim:
    return Claim(
        article=article,
        text=extracted.text,
        quote=extracted.quote,
        start=extracted.start,
        end=extracted.end,
        claimant=(extracted.claimant or "")[:300],
        cue=(extracted.cue or "")[:100],
        checkworthiness=min(max(float(extracted.checkworthiness), 0.0), 1.0),
        numbers=_jsonable(extracted.numbers or []),
        dates=_jsonable(extracted.dates or []),
        entities=_jsonable(extracted.entities or []),
        embedding=getattr(extracted, "embedding", None),
        language=article.language,
    )


def _lock_existing(*, url: str, digest: str) -> Article | None:
    queryset = Article.objects.select_for_update()
    if url:
        return queryset.filter(url=url).first()
    return queryset.filter(url="", content_hash=digest).first()


def _reconcile_claims(article: Article, extracted: list) -> list[Claim]:
    """Bring an updated article's claims in line with its new text.

    Claims whose quote is still in the text move to its new offsets, whatever their state; claims still `new`
    whose quote is gone are removed; claims already past `new` are never touched otherwise. New spans are added.
    """
    text = article.text
    taken: set[tuple[int, int]] = set()
    quotes: set[str] = set()
    for claim in article.claims.select_for_update().order_by("start"):
        position = text.find(claim.quote) if claim.quote else -1
        span = (position, position + len(claim.quote))
        if position >= 0 and span not in taken:
            if (claim.start, claim.end) != span:
                # Park the span out of the way first, so swapping two claims never trips the unique span.
                Claim.objects.filter(pk=claim.pk).update(start=len(text) + claim.pk, end=len(text) + claim.pk)
                claim.start, claim.end = span
                claim.save(update_fields=["start", "end", "updated_at"])
        elif claim.status == State.NEW:
            claim.delete()
            continue
        # Kept claims whose quote left the text still point into the revision they came from.
        taken.add((claim.start, claim.end))
        quotes.add(claim.quote)
    return [
        _claim_from(e, article=article) for e in extracted if (e.start, e.end) not in taken and e.quote not in quotes
    ]


def _store(
    data: ArticleInput,
    *,
    text: str,
    digest: str,
    url: str,
    language: str,
    extracted: list,
    on_stored: OnStored | None = None,
) -> tuple[Article, bool, int]:
    fields = {
        "title": data.title[:1000],
        "author": data.author[:500],
        "publisher": data.publisher[:300],
        "published_at": data.published_at,
        "language": language[:16],
        "source": data.source,
        "feed_id": data.feed_id,
    }
    with transaction.atomic():
        article = _lock_existing(url=url, digest=digest)
        created = False
        if article is None:
            try:
                with transaction.atomic():
                    article = Article.objects.create(url=url, content_hash=digest, text=text, **fields)
                    created = True
            except IntegrityError:
                # A concurrent ingestion of the same article won the insert; use its row.
                article = _lock_existing(url=url, digest=digest)
                if article is None:
                    raise
        if not created:
            if article.content_hash == digest:
                if on_stored is not None:
                    on_stored(article, False, 0)
                return article, False, 0
            ArticleRevision.objects.get_or_create(
                article=article,
                revision=article.revision,
                defaults={"title": article.title, "text": article.text, "content_hash": article.content_hash},
            )
            article.revision += 1
            article.text, article.content_hash = text, digest
            for key, value in fields.items():
                if value not in ("", None) and key != "source":
                    setattr(article, key, value)
            article.save()
            claims = _reconcile_claims(article, extracted)
        else:
            claims = [_claim_from(e, article=article) for e in extracted]
        created_claims = Claim.objects.bulk_create(claims)
        claim_ids = [claim.pk for claim in created_claims]
        # Most claims carry the embedding of extraction's model pass; the others are embedded as they are stored.
        claim_embedding_store(claim_ids=[claim.pk for claim in created_claims if claim.embedding is None])
        outbox_enqueue("workers.review.claim_match_suggest", claim_ids)
        if on_stored is not None:
            on_stored(article, created, len(claim_ids))
    return article, created, len(claim_ids)


def _article_ingest(data: ArticleInput, *, on_stored: OnStored | None = None) -> tuple[Article, bool, int]:
    text = normalise_text(data.text)
    if not text:
        raise InvalidInput("The article has no text.")
    _check_size(text, name="text", position=0)
    url = canonical_url(data.url) if data.url else ""
    digest = content_hash(text)
    # Unchanged articles are recognised before extraction, the expensive step, which runs outside any lock.
    existing = Article.objects.filter(url=url) if url else Article.objects.filter(url="", content_hash=digest)
    current = existing.values_list("content_hash", flat=True).first()
    if current == digest:
        return existing.get(), False, 0
    language = article_language(text=text, declared=data.language, page=data.page_language)
    extracted = article_claims_extract(text=text, title=normalise_text(data.title), language=language)
    return _store(data, text=text, digest=digest, url=url, language=language, extracted=extracted, on_stored=on_stored)


def article_ingest(
    *,
    text: str = "",
    html: str = "",
    title: str = "",
    url: str = "",
    author: str = "",
    publisher: str = "",
    published_at: datetime | None = None,
    source: str = "",
    language: str = "",
) -> tuple[Article, bool]:
    """Store one article and its claims in one transaction; returns (article, created).

    Re-ingesting the same article changes nothing; new text at a known URL becomes a new revision. `language`, when
    given, is the article's language instead of the detected one.
    """
    if not (text or html):
        raise InvalidInput("Give `text` or `html`.")
    if language and not normalise_language(language):
        raise InvalidInput("`language` must be a language code such as `uk` or `pt-BR`.")
    payload = {
        "title": title,
        "author": author,
        "publisher": publisher,
        "published_at": published_at,
        "language": normalise_language(language),
    }
    if html:
        data = _from_html(html, payload=payload, source=source or Article.Source.HTML, url=url)
    else:
        data = ArticleInput(
            text=text,
            title=title,
            url=url,
            author=author,
            publisher=publisher,
            published_at=_published(published_at),
            language=normalise_language(language),
            source=source or Article.Source.TEXT,
        )
    article, created, _claims = _article_ingest(data)
    return article, created
