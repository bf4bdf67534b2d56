"""Fixtures for publishing: claims with published verdicts, and a local webhook receiver that checks signatures."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from claims.models import Article, Claim, Evidence, Verdict
from claims.workflow import State
from tests.publishing.receiver import Receiver, running_receiver


def make_claim(
    *, text: str = "The city received 91 drones overnight.", claimant: str = "Sergei Lavrov", **extra
) -> Claim:
    article = Article.objects.create(
        url=extra.pop("article_url", f"https://news.example.org/story-{Article.objects.count() + 1}"),
        content_hash=f"{Article.objects.count() + 1:064d}",
        title="Drones over the city",
        text=f"Intro. {text} More.",
        author="Ann Reporter",
        publisher="Example News",
        published_at=extra.pop("article_published_at", datetime(2026, 3, 14, 9, 30, tzinfo=UTC)),
    )
    start = article.text.index(text)
    return Claim.objects.create(
        article=article,
        text=text,
        quote=text,
        start=start,
        end=start + len(text),
        claimant=claimant,
        status=extra.pop("status", State.PUBLISHED),
        **extra,
    )


def publish_verdict(
    claim: Claim, *, author, publisher, rating: str = "false", correction_note: str = "", summary: str = ""
) -> Verdict:
    """A published verdict version, as the workflow's `publish` transition leaves it."""
    version = claim.verdicts.count() + 1
    return Verdict.objects.create(
        claim=claim,
        version=version,
        rating=rating,
        summary=summary or f"Summary v{version}: no such thing happened.",
        explanation=f"Explanation v{version}: the records show otherwise.",
        author=author,
        published_at=timezone.now() + timedelta(seconds=version),
        published_by=publisher,
        correction_note=correction_note,
    )


def add_evidence(claim: Claim, *, stance: str, title: str, url: str) -> Evidence:
    return Evidence.objects.create(
        claim=claim, url=url, title=title, excerpt=f"Excerpt of {title}.", stance=stance, fingerprint=url
    )


@pytest.fixture
def webhook_receiver(settings) -> Iterator[Receiver]:
    with running_receiver(secret="s3cret-for-tests") as receiver:
        settings.FACTCHECK_WEBHOOK_ALLOWED_NETWORKS = [receiver.allowed]
        yield receiver
