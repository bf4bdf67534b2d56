"""Public pages: every published fact-check, its ClaimReview JSON-LD, the rating scale and the feeds."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET

from claims.errors import NotFound
from claims.models import FactCheck
from claims.ratings import rating_label, rating_scale
from claims.selectors.publishing import (
    factcheck_evidence,
    factcheck_get_published,
    factcheck_history,
    factcheck_list_published,
)
from claims.services.publishing import claimreview_jsonld

FEED_ITEMS = 50
PAGE_SIZE = 50

# Characters that could end the <script> element or open markup inside it, escaped the way json_script does.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def jsonld_script_body(document: dict[str, Any]) -> SafeString:
    """JSON for a <script type="application/ld+json"> element; no text inside can close the element."""
    return mark_safe(json.dumps(document, ensure_ascii=False, indent=2).translate(_SCRIPT_ESCAPES))  # noqa: S308


def _site_url(path: str) -> str:
    return settings.FACTCHECK_SITE_URL.rstrip("/") + path


@require_GET
def factcheck_index(request: HttpRequest) -> HttpResponse:
    page = Paginator(factcheck_list_published(), PAGE_SIZE).get_page(request.GET.get("page"))
    for factcheck in page:
        factcheck.rating_label = rating_label(factcheck.rating)
    return render(
        request,
        "claims/public/index.html",
        {"page": page, "organization": settings.FACTCHECK_ORGANIZATION_NAME},
    )


@require_GET
def factcheck_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        factcheck = factcheck_get_published(factcheck_id=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    history = factcheck_history(factcheck=factcheck)
    for version in history:
        version.rating_label = rating_label(version.rating)
    context = {
        "factcheck": factcheck,
        "rating_label": rating_label(factcheck.rating),
        "verdict": factcheck.verdict,
        "article": factcheck.claim.article if factcheck.claim_id else None,
        "evidence": factcheck_evidence(factcheck=factcheck),
        "history": history,
        "corrections": history[1:],
        "jsonld": jsonld_script_body(claimreview_jsonld(factcheck)),
        "organization": settings.FACTCHECK_ORGANIZATION_NAME,
        "page_language": factcheck.language or settings.LANGUAGE_CODE,
    }
    return render(request, "claims/public/detail.html", context)


@require_GET
def rating_scale_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "claims/public/ratings.html",
        {"scale": rating_scale(), "organization": settings.FACTCHECK_ORGANIZATION_NAME},
    )


class _RssWithLanguages(Rss201rev2Feed):
    """RSS 2.0 whose items name their own language (Dublin Core), since one feed carries several."""

    def rss_attributes(self) -> dict[str, str]:
        return {**super().rss_attributes(), "xmlns:dc": "http://purl.org/dc/elements/1.1/"}

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        if item.get("language"):
            handler.addQuickElement("dc:language", item["language"])


class FactCheckRssFeed(Feed):
    """RSS 2.0 of the latest published fact-checks."""

    feed_type = _RssWithLanguages

    def title(self) -> str:
        return f"{settings.FACTCHECK_ORGANIZATION_NAME}: fact-checks"

    def link(self) -> str:
        return reverse("public:factcheck-index")

    def description(self) -> str:
        return f"Fact-checks published by {settings.FACTCHECK_ORGANIZATION_NAME}."

    def items(self) -> list[FactCheck]:
        return list(factcheck_list_published()[:FEED_ITEMS])

    def item_title(self, item: FactCheck) -> str:
        return f"{rating_label(item.rating)}: {item.title or item.claim_text}"

    def item_description(self, item: FactCheck) -> str:
        claimant = f"{item.claimant}: " if item.claimant else ""
        return f"{claimant}“{item.claim_text}” — {rating_label(item.rating)}. {item.summary}"

    def item_link(self, item: FactCheck) -> str:
        return reverse("public:factcheck-detail", kwargs={"pk": item.pk})

    def item_guid(self, item: FactCheck) -> str:
        return item.url

    def item_guid_is_permalink(self, item: FactCheck) -> bool:
        return True

    def item_pubdate(self, item: FactCheck):
        return item.published_at

    def item_updateddate(self, item: FactCheck):
        return item.verdict.published_at if item.verdict else item.published_at

    def item_categories(self, item: FactCheck) -> list[str]:
        return [rating_label(item.rating)]

    def item_extra_kwargs(self, item: FactCheck) -> dict[str, str]:
        return {"language": item.language}


@require_GET
def factcheck_json_feed(request: HttpRequest) -> JsonResponse:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1) of the latest published fact-checks."""
    items = []
    for factcheck in factcheck_list_published()[:FEED_ITEMS]:
        label = rating_label(factcheck.rating)
        item: dict[str, Any] = {
            "id": factcheck.url,
            "url": factcheck.url,
            "title": f"{label}: {factcheck.title or factcheck.claim_text}",
            "summary": factcheck.summary,
            "content_text": f"{factcheck.claim_text}\n\nRating: {label}\n\n{factcheck.summary}",
            "tags": [label],
            "_claim_review": claimreview_jsonld(factcheck),
        }
        if factcheck.language:
            item["language"] = factcheck.language
        if factcheck.published_at:
            item["date_published"] = factcheck.published_at.isoformat()
        if factcheck.verdict and factcheck.verdict.published_at:
            item["date_modified"] = factcheck.verdict.published_at.isoformat()
        items.append(item)
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"{settings.FACTCHECK_ORGANIZATION_NAME}: fact-checks",
        "home_page_url": _site_url(reverse("public:factcheck-index")),
        "feed_url": _site_url(reverse("public:factcheck-json-feed")),
        "description": f"Fact-checks published by {settings.FACTCHECK_ORGANIZATION_NAME}.",
        "language": settings.LANGUAGE_CODE,
        "authors": [{"name": settings.FACTCHECK_ORGANIZATION_NAME, "url": settings.FACTCHECK_ORGANIZATION_URL}],
        "items": items,
    }
    return JsonResponse(
        document, content_type="application/feed+json; charset=utf-8", json_dumps_params={"ensure_ascii": False}
    )
