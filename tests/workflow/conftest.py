"""Claims, checkers and evidence for workflow tests, built directly so each test states only what matters."""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth.models import Group

from claims.models import Article, CheckerProfile, Claim, Evidence

_counter = itertools.count(1)


def claim_create(
    *, status: str = "new", assignee=None, text: str = "Unemployment fell to 3 percent last year.", **extra
) -> Claim:
    n = next(_counter)
    article = Article.objects.create(
        url=f"https://news.example/{n}", content_hash=f"{n:064d}", title=f"Article {n}", text=text
    )
    return Claim.objects.create(
        article=article, text=text, quote=text, start=0, end=len(text), status=status, assignee=assignee, **extra
    )


def evidence_create(claim: Claim, **extra) -> Evidence:
    n = next(_counter)
    defaults = {"url": f"https://stats.example/{n}", "title": "Statistics", "fingerprint": f"fp-{n}"}
    return Evidence.objects.create(claim=claim, **{**defaults, **extra})


@pytest.fixture
def make_claim(db):
    return claim_create


@pytest.fixture
def make_evidence(db):
    return evidence_create


@pytest.fixture
def make_checker(db, django_user_model):
    def make(username: str, *, profile: dict | None = None, **extra):
        user = django_user_model.objects.create_user(
            username=username, password="pw", email=f"{username}@desk.example", **extra
        )
        user.groups.add(Group.objects.get(name="checker"))
        if profile is not None:
            CheckerProfile.objects.create(user=user, **profile)
        return user

    return make
