"""`manage.py import_factchecks FILE...`: earlier fact-checks (ClaimReview JSON-LD or CSV) to match claims against."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.errors import InvalidInput
from claims.services.factcheck_import import CSV_COLUMNS, factchecks_import_file


class Command(BaseCommand):
    help = (
        "Import fact-checks published elsewhere, identified by their URL (re-importing updates them). FILE is "
        "ClaimReview JSON-LD (one object, a list, or an @graph) or CSV with the columns "
        f"{','.join(CSV_COLUMNS)} (rating optional). Bad records are reported and skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE", type=Path)
        parser.add_argument(
            "--format",
            choices=["auto", "jsonld", "csv"],
            default="auto",
            help="File format (default: from the extension, else the content).",
        )
        parser.add_argument(
            "--skip-embeddings",
            action="store_true",
            help="Do not compute embeddings now; matching computes them on first use.",
        )

    def handle(self, *args, files: list[Path], format: str, skip_embeddings: bool, **options) -> None:
        totals = {"created": 0, "updated": 0, "unchanged": 0, "errors": 0}
        for path in files:
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
            try:
                report = factchecks_import_file(path=path, file_format=format, embed=not skip_embeddings)
            except InvalidInput as exc:
                raise CommandError(exc.message) from exc
            for location, message in report.errors:
                self.stderr.write(f"{path}: {location}: {message}")
            self.stdout.write(
                f"{path}: {report.created} created, {report.updated} updated, {report.unchanged} unchanged, "
                f"{len(report.errors)} bad"
            )
            totals["created"] += report.created
            totals["updated"] += report.updated
            totals["unchanged"] += report.unchanged
            totals["errors"] += len(report.errors)
        if len(files) > 1:
            self.stdout.write(
                f"total: {totals['created']} created, {totals['updated']} updated, {totals['unchanged']} unchanged, "
                f"{totals['errors']} bad"
            )
