"""Reads of intake: articles with their claims, ingestion jobs with their items, feed subscriptions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from claims.errors import InvalidInput, NotFound
from claims.models import MAX_ID, Article, Claim, Feed, IngestionItem, IngestionJob


def article_list(*, filters: Mapping[str, Any] | None = None) -> QuerySet[Article]:
    """Articles newest first, with their claim counts; filters: source, feed, language, q (in the title)."""
    filters = filters or {}
    queryset = Article.objects.defer("text").annotate(claim_count=Count("claims")).order_by("-created_at", "-id")
    if filters.get("source"):
        if filters["source"] not in Article.Source.values:
            choices = ", ".join(Article.Source.values)
            raise InvalidInput("Unknown `source`.", fields={"source": [f"Choose from {choices}."]})
        queryset = queryset.filter(source=filters["source"])
    if filters.get("feed"):
        try:
            feed_id = int(filters["feed"])
        except (TypeError, ValueError):
            feed_id = 0
        if not 1 <= feed_id <= MAX_ID:
            raise InvalidInput("`feed` must be a feed id.", fields={"feed": [f"A whole number from 1 to {MAX_ID}."]})
        queryset = queryset.filter(feed_id=feed_id)
    if filters.get("language"):
        queryset = queryset.filter(language=filters["language"])
    if filters.get("q"):
        queryset = queryset.filter(title__icontains=filters["q"])
    return queryset


def article_detail(*, article_id: int) -> Article:
    """One article with its claims in text order and its earlier revisions."""
    claims = Claim.objects.select_related("assignee").order_by("start", "end")
    try:
        return Article.objects.prefetch_related(Prefetch("claims", queryset=claims), "revisions").get(pk=article_id)
    except Article.DoesNotExist as exc:
        raise NotFound(f"Article {article_id} does not exist.") from exc


def ingestion_job_list(*, user=None, mine: bool = False) -> QuerySet[IngestionJob]:
    queryset = IngestionJob.objects.select_related("created_by", "feed").order_by("-created_at", "-id")
    if mine and user is not None:
        queryset = queryset.filter(created_by=user)
    return queryset


def ingestion_job_detail(*, job_id: int) -> IngestionJob:
    """One job with its items in input order."""
    items = IngestionItem.objects.order_by("position")
    try:
        return IngestionJob.objects.prefetch_related(Prefetch("items", queryset=items)).get(pk=job_id)
    except IngestionJob.DoesNotExist as exc:
        raise NotFound(f"Ingestion job {job_id} does not exist.") from exc


def feed_list() -> QuerySet[Feed]:
    return Feed.objects.order_by("url")


def feed_get(*, feed_id: int) -> Feed:
    try:
        return Feed.objects.get(pk=feed_id)
    except Feed.DoesNotExist as exc:
        raise NotFound(f"Feed {feed_id} does not exist.") from exc
