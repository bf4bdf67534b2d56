"""`manage.py ingest PATH...`: queue files (text, HTML, or CSV with url,date,title,text columns) for ingestion."""

from __future__ import annotations

import csv
import json
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from claims.errors import DomainError
from claims.extraction.language import normalise_language
from claims.ingestion.text import decode_bytes
from claims.inputs.dates import OutOfRange, datetime_utc
from claims.models import IngestionItem, IngestionJob
from claims.services.ingestion import ingestion_job_create

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
# Show a progress bar from this many inputs on (and never when the output is for scripts).
PROGRESS_FROM = 5


def _published_at(value: str) -> str:
    """A CSV date or date-time as the ISO 8601 date-time in UTC an item takes (a bare date is its midnight; naive times
    are UTC); anything else is passed on for the item's validation to refuse."""
    value = value.strip()
    try:
        parsed = datetime_utc(value)
    except OutOfRange:
        return value
    return value if parsed is None else parsed.isoformat()


def file_items(path: Path) -> list[dict[str, Any]]:
    """The ingestion items one file holds: a CSV row each, or the whole file as one text or HTML article."""
    raw = path.read_bytes()
    if path.suffix.lower() == ".csv":
        csv.field_size_limit(settings.FACTCHECK_MAX_ARTICLE_BYTES * 2)
        rows = csv.DictReader(decode_bytes(raw).splitlines(keepends=True))
        items = []
        for number, row in enumerate(rows, start=2):
            item = {
                "text": row.get("text") or "",
                "title": row.get("title") or "",
                "url": row.get("url") or "",
                "label": f"{path}:{number}",
            }
            if row.get("date"):
                item["published_at"] = _published_at(row["date"])
            items.append(item)
        return items
    content = decode_bytes(raw)
    if path.suffix.lower() in HTML_SUFFIXES:
        return [{"html": content, "label": str(path)}]
    return [{"text": content, "label": str(path)}]


def job_summary(job: IngestionJob) -> dict[str, Any]:
    errors = [
        {"position": item.position, "label": item.label, "error": item.error}
        for item in job.items.filter(status=IngestionItem.Status.FAILED).order_by("position")
    ]
    return {
        "id": job.pk,
        "status": job.status,
        "total": job.total,
        "succeeded": job.succeeded,
        "failed": job.failed,
        "claims_created": job.claims_created,
        "errors": errors,
    }


class Command(BaseCommand):
    help = "Queue text, HTML or CSV files for ingestion by the workers; --wait to wait for the result."

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", help="Files or folders (folders are read recursively).")
        parser.add_argument("--wait", action="store_true", help="Wait until the workers have processed every item.")
        parser.add_argument("--timeout", type=float, default=600.0, help="Seconds to wait with --wait.")
        parser.add_argument("--json", action="store_true", help="Print one JSON object (the jobs) for scripts.")
        parser.add_argument(
            "--language", default="", help="The articles' language (uk, pt-BR, ...); default: detected per article."
        )

    def handle(self, *args, **options) -> None:
        if options["language"] and not normalise_language(options["language"]):
            raise CommandError(f"--language {options['language']!r} is not a language code such as uk or pt-BR.")
        paths = self._expand(options["paths"])
        show_progress = not options["json"] and len(paths) >= PROGRESS_FROM
        items: list[dict[str, Any]] = []
        unreadable: list[dict[str, str]] = []
        for path in tqdm(paths, desc="reading", unit="file", disable=not show_progress, file=sys.stderr):
            try:
                items.extend(file_items(path))
            except (OSError, csv.Error) as exc:
                unreadable.append({"label": str(path), "error": str(exc)})
        if not items:
            raise CommandError("Nothing to ingest" + (f": {unreadable[0]['error']}" if unreadable else "."))
        if options["language"]:
            for item in items:
                item["language"] = options["language"]
        chunk = settings.FACTCHECK_MAX_ITEMS_PER_JOB
        kind = IngestionJob.Kind.FILE
        jobs = []
        try:
            for start in range(0, len(items), chunk):
                jobs.append(ingestion_job_create(items=items[start : start + chunk], kind=kind))
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if options["wait"]:
            self._wait(jobs, timeout=options["timeout"], show_progress=show_progress or len(items) >= PROGRESS_FROM)
        summaries = [job_summary(IngestionJob.objects.get(pk=job.pk)) for job in jobs]
        if options["json"]:
            self.stdout.write(json.dumps({"jobs": summaries, "unreadable": unreadable}))
            return
        for path in unreadable:
            self.stderr.write(f"unreadable: {path['label']}: {path['error']}")
        for summary in summaries:
            self.stdout.write(
                f"job {summary['id']}: {summary['status']}, {summary['total']} items, {summary['succeeded']} "
                f"succeeded, {summary['failed']} failed, {summary['claims_created']} claims"
            )
            for error in summary["errors"]:
                self.stdout.write(f"  failed #{error['position']} {error['label']}: {error['error']}")

    def _expand(self, raw_paths: list[str]) -> list[Path]:
        paths: list[Path] = []
        for raw in raw_paths:
            path = Path(raw)
            if path.is_dir():
                paths.extend(sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")))
            elif path.is_file():
                paths.append(path)
            else:
                raise CommandError(f"No such file or folder: {raw}")
        return paths

    def _wait(self, jobs: list[IngestionJob], *, timeout: float, show_progress: bool) -> None:
        ids = [job.pk for job in jobs]
        total = sum(job.total for job in jobs)
        deadline = time.monotonic() + timeout
        finished = (IngestionJob.Status.DONE, IngestionJob.Status.FAILED)
        with tqdm(total=total, desc="ingesting", unit="item", disable=not show_progress, file=sys.stderr) as bar:
            while True:
                processed = IngestionItem.objects.filter(job_id__in=ids).exclude(status=IngestionItem.Status.PENDING)
                bar.update(processed.count() - bar.n)
                if IngestionJob.objects.filter(pk__in=ids).exclude(status__in=finished).count() == 0:
                    return
                if time.monotonic() > deadline:
                    raise CommandError(f"Timed out after {timeout:.0f} s; the jobs go on in the background: {ids}")
                time.sleep(0.5)
