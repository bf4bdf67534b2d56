"""Claims and articles for the admin tests, built directly (the workflow is exercised through the admin)."""

from __future__ import annotations

import itertools

import pytest

from claims.models import Article, Claim
from claims.workflow import State


@pytest.fixture
def make_claim(db):
    counter = itertools.count(1)

    def make(
        *,
        text: str = "Unemployment fell to 3.5 percent last year.",
        claimant: str = "Jane Doe",
        status: str = State.NEW,
        article: Article | None = None,
        **extra,
    ) -> Claim:
        n = next(counter)
        if article is None:
            article = Article.objects.create(
                title=f"Jobs report coverage {n}",
                url=f"https://news.example/{n}",
                content_hash=f"{n:064d}",
                text=f"Opening paragraph. {claimant} said {text} Closing paragraph.",
            )
        start = article.text.find(text)
        assert start >= 0, "the claim text must occur in the article"
        return Claim.objects.create(
            article=article,
            text=text,
            quote=text,
            start=start,
            end=start + len(text),
            claimant=claimant,
            status=status,
            **{"checkworthiness": 0.8, **extra},
        )

    return make
