"""Importing fact-checks published elsewhere (ClaimReview JSON-LD or CSV) so new claims are matched against them.

A fact-check is identified by its URL: importing it again updates it, never duplicates it. A bad record is
reported with where it is in the file and does not stop the others; a file is written in one transaction, so an
import that fails partway leaves nothing of it behind.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date

from claims.errors import InvalidInput
from claims.extraction.language import normalise_language
from claims.inputs.dates import OutOfRange, datetime_utc
from claims.inputs.text import text_problem
from claims.inputs.urls import is_http_url
from claims.models import FactCheck
from claims.services.cross_language import factchecks_multilingual_queue
from claims.services.embeddings import factcheck_embedding_store

CSV_COLUMNS = ("claim", "rating", "url", "claimant", "date", "publisher", "title")
CSV_REQUIRED = ("claim", "url")
_TEXT_DATE_FORMATS = ("%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%Y/%m/%d")
_CHUNK = 500
_FIELDS = (
    "claim_text",
    "rating",
    "claimant",
    "claim_date",
    "publisher",
    "title",
    "summary",
    "published_at",
    "language",
)
# Real ClaimReview values are a name inside an object inside a list at most; deeper ones would exhaust the stack.
_MAX_DEPTH = 8


@dataclass(frozen=True)
class FactCheckRecord:
    url: str
    claim_text: str
    rating: str = ""
    claimant: str = ""
    claim_date: date | None = None
    publisher: str = ""
    title: str = ""
    summary: str = ""
    published_at: datetime | None = None
    language: str = ""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # (where in the file, what is wrong), e.g. ("line 7", "the url is missing")
    errors: list[tuple[str, str]] = field(default_factory=list)
    factcheck_ids: list[int] = field(default_factory=list)


# --- parsing ------------------------------------------------------------------------------------------------


def _text(value: Any, depth: int = 0) -> str:
    if depth > _MAX_DEPTH:
        raise InvalidInput("a value is nested too deeply")
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(part for part in (_text(item, depth + 1) for item in value) if part)
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("alternateName") or value.get("@value"), depth + 1)
    return " ".join(str(value).split())


def _date(value: Any) -> date | None:
    raw = _text(value)
    if not raw:
        return None
    try:
        parsed = parse_date(raw[:10]) if len(raw) >= 10 and raw[4:5] == "-" else None
    except ValueError:
        parsed = None
    if parsed is not None:
        return parsed
    for fmt in _TEXT_DATE_FORMATS:
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise InvalidInput(f"the date {raw!r} is not a date (use YYYY-MM-DD)")


def _datetime(value: Any) -> datetime | None:
    raw = _text(value)
    if not raw:
        return None
    try:
        parsed = datetime_utc(raw)
    except OutOfRange as exc:
        raise InvalidInput(f"the date {raw!r} is out of range") from exc
    if parsed is None:
        day = _date(raw)
        parsed = datetime_utc(day) if day else None
    return parsed


def _record(*, url: str, claim_text: str, **fields: Any) -> FactCheckRecord:
    url = url.strip()
    if not url:
        raise InvalidInput("the url is missing")
    for name, value in {"url": url, "claim": claim_text, **fields}.items():
        problem = text_problem(value) if isinstance(value, str) else None
        if problem:
            raise InvalidInput(f"the {name} {problem}")
    if not is_http_url(url):
        raise InvalidInput(f"the url {url!r} is not an http(s) URL")
    if len(url) > FactCheck._meta.get_field("url").max_length:
        raise InvalidInput("the url is too long")
    if not claim_text.strip():
        raise InvalidInput("the claim is missing")
    limits = {"rating": 64, "claimant": 300, "publisher": 300, "title": 1000}
    for name, limit in limits.items():
        if len(fields.get(name, "")) > limit:
            fields[name] = fields[name][: limit - 1] + "…"
    return FactCheckRecord(url=url, claim_text=claim_text.strip(), **fields)


def _is_claimreview(node: Any) -> bool:
    if not isinstance(node, dict):
        return False
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(str(k).rsplit("/", 1)[-1] == "ClaimReview" for k in kinds)


def _language_tag(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("alternateName") or value.get("name")
    return value if isinstance(value, str) else ""


def claimreview_record(node: dict[str, Any]) -> FactCheckRecord:
    """The fact-check a ClaimReview object describes; InvalidInput says what is missing or malformed."""
    item = node.get("itemReviewed") if isinstance(node.get("itemReviewed"), dict) else {}
    review_rating = node.get("reviewRating") if isinstance(node.get("reviewRating"), dict) else {}
    rating = _text(review_rating.get("alternateName") or review_rating.get("name"))
    if not rating and review_rating.get("ratingValue") not in (None, ""):
        rating = _text(review_rating.get("ratingValue"))
    return _record(
        url=_text(node.get("url")),
        claim_text=_text(node.get("claimReviewed")),
        rating=rating,
        claimant=_text(item.get("author")),
        claim_date=_date(item.get("datePublished")),
        publisher=_text(node.get("author") or node.get("publisher")),
        title=_text(node.get("name") or node.get("headline")),
        summary=_text(node.get("description")),
        published_at=_datetime(node.get("datePublished")),
        # inLanguage is a BCP 47 tag or a Language node ({"@type": "Language", "alternateName": "uk"})
        language=normalise_language(_language_tag(node.get("inLanguage"))),
    )


def parse_jsonld(text: str) -> Iterator[tuple[str, FactCheckRecord | InvalidInput]]:
    """(location, record or error) per ClaimReview in a single object, a list, or an @graph (nodes of other
    types in a graph are skipped; in a list they are errors)."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        yield f"line {exc.lineno}", InvalidInput(f"not valid JSON: {exc.msg}")
        return
    except RecursionError:
        yield "document", InvalidInput("not usable JSON: it is nested too deeply")
        return
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        yield "document", InvalidInput(f"not usable JSON: {exc}")
        return
    if isinstance(document, dict) and "@graph" in document:
        if not isinstance(graph := _graph(document["@graph"]), list):
            yield "@graph", graph
            return
        nodes = [(f"@graph item {i}", node, False) for i, node in enumerate(graph, start=1)]
    elif isinstance(document, list):
        nodes = [(f"item {i}", node, True) for i, node in enumerate(document, start=1)]
    else:
        nodes = [("object", document, True)]
    for location, node, strict in nodes:
        if isinstance(node, dict) and "@graph" in node:
            # A list of documents, each with its own graph.
            if not isinstance(graph := _graph(node["@graph"]), list):
                yield f"{location} @graph", graph
                continue
            for j, inner in enumerate(graph, start=1):
                if _is_claimreview(inner):
                    yield from _parse_node(f"{location} @graph item {j}", inner)
            continue
        if not _is_claimreview(node):
            if strict:
                yield location, InvalidInput("not a ClaimReview object")
            continue
        yield from _parse_node(location, node)


def _graph(value: Any) -> list[Any] | InvalidInput:
    """The nodes of an @graph, which JSON-LD allows to be one node object instead of a list."""
    if value is None:
        return []
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return value
    return InvalidInput("@graph is neither a list nor an object")


def _parse_node(location: str, node: dict[str, Any]) -> Iterator[tuple[str, FactCheckRecord | InvalidInput]]:
    try:
        yield location, claimreview_record(node)
    except InvalidInput as exc:
        yield location, exc


def parse_csv(text: str) -> Iterator[tuple[str, FactCheckRecord | InvalidInput]]:
    """(location, record or error) per row of a CSV with the columns claim,rating,url,claimant,date,publisher,title."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in CSV_REQUIRED if name not in header]
    if missing:
        yield "line 1", InvalidInput(f"the header lacks the column(s) {', '.join(missing)}")
        return
    reader.fieldnames = header
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield f"line {start}", InvalidInput(f"unreadable CSV: {exc}")
            return
        location = f"line {start}"
        start = reader.line_num + 1
        if not any((value or "").strip() for key, value in row.items() if key is not None):
            continue
        if None in row:
            yield location, InvalidInput("the row has more fields than the header")
            continue
        values = {name: " ".join((row.get(name) or "").split()) for name in CSV_COLUMNS}
        try:
            yield (
                location,
                _record(
                    url=values["url"],
                    claim_text=values["claim"],
                    rating=values["rating"],
                    claimant=values["claimant"],
                    claim_date=_date(values["date"]),
                    publisher=values["publisher"],
                    title=values["title"],
                ),
            )
        except InvalidInput as exc:
            yield location, exc


def detect_format(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix in (".json", ".jsonld"):
        return "jsonld"
    if suffix == ".csv":
        return "csv"
    return "jsonld" if text.lstrip()[:1] in ("{", "[") else "csv"


# --- writing ------------------------------------------------------------------------------------------------


def _apply_changes(factcheck: FactCheck, values: dict[str, Any]) -> list[str]:
    """Sets the values that differ and returns the changed field names."""
    changed = [name for name, value in values.items() if getattr(factcheck, name) != value]
    for name in changed:
        setattr(factcheck, name, values[name])
    if {"claim_text", "claimant"} & set(changed):
        # The stored embedding described the old text.
        factcheck.embedding = None
        changed.append("embedding")
    if {"claim_text", "language"} & set(changed):
        factcheck.multilingual_embedding = None
        changed.append("multilingual_embedding")
    return changed


def _published_here(record: FactCheckRecord) -> InvalidInput:
    return InvalidInput(f"{record.url} is a fact-check this desk published; it is not imported over")


@transaction.atomic
def factcheck_import(*, record: FactCheckRecord) -> tuple[FactCheck, str]:
    """Stores an imported fact-check by URL: ("created" | "updated" | "unchanged"). The desk's own published
    fact-checks are never overwritten by an import."""
    values = {name: getattr(record, name) for name in _FIELDS}
    factcheck = FactCheck.objects.select_for_update().filter(url=record.url).first()
    if factcheck is None:
        factcheck = FactCheck.objects.create(origin=FactCheck.Origin.IMPORTED, url=record.url, **values)
        return factcheck, "created"
    if factcheck.origin != FactCheck.Origin.IMPORTED:
        raise _published_here(record)
    changed = _apply_changes(factcheck, values)
    if not changed:
        return factcheck, "unchanged"
    factcheck.save(update_fields=[*changed, "updated_at"])
    return factcheck, "updated"


# (position in the file, location, record): the position keeps the error report in file order.
_Queued = tuple[int, str, FactCheckRecord]


def _count(report: ImportReport, outcome: str, factcheck: FactCheck) -> None:
    setattr(report, outcome, getattr(report, outcome) + 1)
    report.factcheck_ids.append(factcheck.pk)


def _import_chunk(chunk: list[_Queued], report: ImportReport) -> list[tuple[int, str, str]]:
    """Imports up to _CHUNK records (distinct URLs) in one transaction: one read, bulk inserts and updates."""
    outcomes: list[tuple[str, FactCheck]] = []
    errors: list[tuple[int, str, str]] = []
    with transaction.atomic():
        urls = [record.url for _position, _location, record in chunk]
        existing = {fc.url: fc for fc in FactCheck.objects.select_for_update().filter(url__in=urls)}
        created: list[FactCheck] = []
        updated: list[FactCheck] = []
        fields: set[str] = set()
        now = timezone.now()
        for position, location, record in chunk:
            values = {name: getattr(record, name) for name in _FIELDS}
            factcheck = existing.get(record.url)
            if factcheck is None:
                factcheck = FactCheck(origin=FactCheck.Origin.IMPORTED, url=record.url, **values)
                created.append(factcheck)
                outcomes.append(("created", factcheck))
            elif factcheck.origin != FactCheck.Origin.IMPORTED:
                errors.append((position, location, _published_here(record).message))
            elif changed := _apply_changes(factcheck, values):
                factcheck.updated_at = now  # bulk_update does not apply auto_now
                updated.append(factcheck)
                fields.update(changed)
                outcomes.append(("updated", factcheck))
            else:
                outcomes.append(("unchanged", factcheck))
        FactCheck.objects.bulk_create(created)
        if updated:
            FactCheck.objects.bulk_update(updated, [*sorted(fields), "updated_at"])
    for outcome, factcheck in outcomes:
        _count(report, outcome, factcheck)
    return errors


def _import_one_by_one(chunk: list[_Queued], report: ImportReport) -> list[tuple[int, str, str]]:
    errors = []
    for position, location, record in chunk:
        try:
            factcheck, outcome = factcheck_import(record=record)
        except InvalidInput as exc:
            errors.append((position, location, exc.message))
            continue
        _count(report, outcome, factcheck)
    return errors


@transaction.atomic
def factchecks_import(*, records: Iterable[tuple[str, FactCheckRecord | InvalidInput]]) -> ImportReport:
    """Imports the parsed records in chunks, all in one transaction; a bad record is reported and never stops the
    rest."""
    report = ImportReport()
    errors: list[tuple[int, str, str]] = []
    chunk: list[_Queued] = []
    chunk_urls: set[str] = set()

    def flush() -> None:
        try:
            errors.extend(_import_chunk(chunk, report))
        except IntegrityError:
            # Another import inserted one of these URLs meanwhile: redo this chunk record by record.
            errors.extend(_import_one_by_one(chunk, report))
        chunk.clear()
        chunk_urls.clear()

    for position, (location, record) in enumerate(records):
        if isinstance(record, InvalidInput):
            errors.append((position, location, record.message))
            continue
        # A URL repeated within the file is applied in order: the chunk holding the first one goes in first.
        if len(chunk) >= _CHUNK or record.url in chunk_urls:
            flush()
        chunk.append((position, location, record))
        chunk_urls.add(record.url)
    if chunk:
        flush()
    report.errors = [(location, message) for _position, location, message in sorted(errors)]
    factchecks_multilingual_queue(factcheck_ids=report.factcheck_ids)
    return report


def factchecks_import_file(*, path: Path, file_format: str = "auto", embed: bool = True) -> ImportReport:
    """Imports a ClaimReview JSON-LD or CSV file (format from the extension or the content when "auto") and,
    with `embed`, stores the embeddings matching reranks with (else matching computes them on first use)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path} is not UTF-8 text: {exc}") from exc
    kind = detect_format(path, text) if file_format == "auto" else file_format
    records = parse_jsonld(text) if kind == "jsonld" else parse_csv(text)
    report = factchecks_import(records=records)
    if embed and report.factcheck_ids:
        factcheck_embedding_store(factcheck_ids=report.factcheck_ids)
    return report
