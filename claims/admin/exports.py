"""Selected claims exported as CSV or ClaimReview JSON, streamed row by row so any selection size works."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import StreamingHttpResponse
from django.utils import timezone

from claims.models import Claim, FactCheck, Verdict
from claims.services.publishing import claimreview_jsonld

CHUNK_SIZE = 2000

CSV_COLUMNS = [
    "id",
    "status",
    "priority",
    "checkworthiness",
    "claimant",
    "text",
    "quote",
    "article_title",
    "article_url",
    "assignee",
    "due_at",
    "created_at",
    "rating",
    "factcheck_url",
]


class _Echo:
    """A file-like object whose write() hands the line back, so csv.writer can feed a generator."""

    def write(self, value: str) -> str:
        return value


def _iso(value) -> str:
    return value.isoformat() if value else ""


def _csv_rows(queryset: QuerySet[Claim]) -> Iterator[list]:
    latest_rating = Verdict.objects.filter(claim=OuterRef("pk")).order_by("-version").values("rating")[:1]
    factcheck_url = FactCheck.objects.filter(claim=OuterRef("pk")).values("url")[:1]
    rows = (
        # The list's own joins are replaced: the export reads only these columns.
        queryset.select_related(None)
        .select_related("article", "assignee")
        .only(
            *(f for f in CSV_COLUMNS[:7] if f != "id"),
            "article__title",
            "article__url",
            "assignee__username",
            "due_at",
            "created_at",
        )
        .annotate(latest_rating=Subquery(latest_rating), factcheck_url=Subquery(factcheck_url))
    )
    yield CSV_COLUMNS
    for claim in rows.iterator(chunk_size=CHUNK_SIZE):
        yield [
            claim.pk,
            claim.status,
            claim.priority,
            f"{claim.checkworthiness:.3f}",
            claim.claimant,
            claim.text,
            claim.quote,
            claim.article.title,
            claim.article.url,
            claim.assignee.get_username() if claim.assignee else "",
            _iso(claim.due_at),
            _iso(claim.created_at),
            claim.latest_rating or "",
            claim.factcheck_url or "",
        ]


def _csv_safe(value) -> str:
    # Cells starting with these run as formulas in spreadsheets (CSV injection).
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _filename(kind: str) -> str:
    return f"claims-{timezone.now():%Y%m%d-%H%M%S}.{kind}"


def claims_csv_response(queryset: QuerySet[Claim]) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    lines = (writer.writerow([_csv_safe(cell) for cell in row]) for row in _csv_rows(queryset))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


def _claimreview_chunks(queryset: QuerySet[Claim]) -> Iterator[str]:
    factchecks = (
        FactCheck.objects.filter(claim__in=queryset.order_by().values("pk"))
        .select_related("claim__article", "verdict")
        .order_by("pk")
    )
    yield "["
    separator = "\n"
    for factcheck in factchecks.iterator(chunk_size=CHUNK_SIZE):
        yield separator + json.dumps(claimreview_jsonld(factcheck), ensure_ascii=False)
        separator = ",\n"
    yield "\n]\n"


def claims_claimreview_response(queryset: QuerySet[Claim]) -> StreamingHttpResponse:
    """A JSON array with the ClaimReview of every selected claim that has a fact-check."""
    response = StreamingHttpResponse(_claimreview_chunks(queryset), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("json")}"'
    return response
