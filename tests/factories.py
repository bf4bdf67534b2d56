"""How the tests build rows: one plain builder per kind of row, each asking only for what a test cares about, so a
model change is mended here once. Builders write directly, as a fixture would; the behaviour under test goes
through the services."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from claims.models import Article, CheckerProfile, Claim, Evidence, Verdict
from claims.states import State

_counter = itertools.count(1)

CLAIM_TEXT = "Unemployment fell to 3 percent last year."


def user_create(username: str, *groups: str, **extra):
    """A user (password "pw-<username>") in the desk groups named."""
    user = get_user_model().objects.create_user(username=username, password=f"pw-{username}", **extra)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def checker_create(username: str, *, profile: dict | None = None, **extra):
    """A checker, with a CheckerProfile holding `profile` when given."""
    user = user_create(username, "checker", email=f"{username}@desk.example", **extra)
    if profile is not None:
        CheckerProfile.objects.create(user=user, **profile)
    return user


def article_create(*, text: str = CLAIM_TEXT, **extra) -> Article:
    n = next(_counter)
    defaults = {"url": f"https://news.example/{n}", "content_hash": f"{n:064d}", "title": f"Article {n}"}
    return Article.objects.create(**{**defaults, "text": text, **extra})


def claim_create(
    *,
    text: str = CLAIM_TEXT,
    claimant: str = "",
    status: str = State.NEW,
    assignee=None,
    article: Article | None = None,
    **extra,
) -> Claim:
    """A claim quoted from `article`, by default an article of its own that says "<claimant> said <text>"."""
    if article is None:
        said = f"{claimant} said " if claimant else ""
        article = article_create(text=f"Opening paragraph. {said}{text} Closing paragraph.")
    start = article.text.find(text)
    if start < 0 or article.claims.filter(start=start, end=start + len(text)).exists():
        # The text is not (or no longer uniquely) in the given article: a span of its own keeps the claims apart.
        start = len(article.text) + next(_counter)
    return Claim.objects.create(
        article=article,
        text=text,
        quote=text,
        start=start,
        end=start + len(text),
        claimant=claimant,
        status=status,
        assignee=assignee,
        **extra,
    )


def report_claim_create(
    *,
    text: str = "The city received 91 drones overnight.",
    claimant: str = "Sergei Lavrov",
    status: str = State.PUBLISHED,
    article_url: str | None = None,
    article_published_at: datetime | None = datetime(2026, 3, 14, 9, 30, tzinfo=UTC),
    **extra,
) -> Claim:
    """A claim from a dated, attributed news report, as publishing shows one: published unless `status` says
    otherwise."""
    n = next(_counter)
    article = article_create(
        url=article_url or f"https://news.example.org/story-{n}",
        title="Drones over the city",
        text=f"Intro. {text} More.",
        author="Ann Reporter",
        publisher="Example News",
        published_at=article_published_at,
    )
    return claim_create(text=text, claimant=claimant, status=status, article=article, **extra)


def evidence_create(claim: Claim, **extra) -> Evidence:
    n = next(_counter)
    defaults = {"url": f"https://stats.example/{n}", "title": "Statistics", "fingerprint": f"fp-{n}"}
    return Evidence.objects.create(claim=claim, **{**defaults, **extra})


def verdict_create(claim: Claim, author, **extra) -> Verdict:
    """A verdict version, not published."""
    version = claim.verdicts.count() + 1
    defaults = {"version": version, "rating": "false", "summary": "No.", "explanation": "Because."}
    return Verdict.objects.create(claim=claim, author=author, **{**defaults, **extra})


def published_verdict_create(
    claim: Claim, *, author, publisher, rating: str = "false", correction_note: str = "", summary: str = ""
) -> Verdict:
    """A published verdict version, as the workflow's `publish` transition leaves it."""
    version = claim.verdicts.count() + 1
    return verdict_create(
        claim,
        author,
        version=version,
        rating=rating,
        summary=summary or f"Summary v{version}: no such thing happened.",
        explanation=f"Explanation v{version}: the records show otherwise.",
        published_at=timezone.now() + timedelta(seconds=version),
        published_by=publisher,
        correction_note=correction_note,
    )
