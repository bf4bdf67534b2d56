"""`manage.py extract FILE...`: the claims extraction finds in text files, without touching the database."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.errors import InvalidInput
from claims.extraction import CLAIM_THRESHOLD
from claims.extraction.topics import read_topics
from claims.services.ingestion import article_claims_extract, article_language


class Command(BaseCommand):
    help = (
        "Extract claims from plain-text articles and print them; nothing is stored. Listed are the candidates "
        f"with checkworthiness >= {CLAIM_THRESHOLD} that are neither headings nor opinions."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="UTF-8 text files.")
        parser.add_argument("--json", action="store_true", help="One JSON object per file, one per line.")
        parser.add_argument("--title", default="", help="Article title, used as context for names.")
        parser.add_argument(
            "--language", default="", help="The articles' language (uk, ru, es, fr, de, pt, en); default: detected."
        )
        parser.add_argument(
            "--watch",
            type=Path,
            help="Extract as a desk watching the topics of this file (as `watch_topics` reads it); the desk's own "
            "watched topics are in the database, which this command does not read.",
        )

    def handle(self, *args, files: list[Path], title: str, language: str, watch: Path | None, **options) -> None:
        as_json = options["json"]
        try:
            topics = read_topics(watch) if watch else ()
        except (OSError, ValueError) as error:
            raise CommandError(f"{watch}: {error}") from error
        for path in files:
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError as error:
                raise CommandError(f"{path}: {error.strerror}") from error
            found = article_language(text=text, declared=language)
            try:
                claims = article_claims_extract(text=text, title=title, language=found, topics=topics)
            except InvalidInput as error:
                raise CommandError(f"{path}: {error.message}") from error
            if as_json:
                self._write_json(path, found, claims)
            else:
                self._write_listing(path, found, claims)

    def _write_json(self, path: Path, language: str, claims: list) -> None:
        record = {"path": str(path), "language": language, "claims": [c.as_dict() for c in claims]}
        self.stdout.write(json.dumps(record, ensure_ascii=False))

    def _write_listing(self, path: Path, language: str, claims: list) -> None:
        self.stdout.write(
            self.style.MIGRATE_HEADING(f"{path} ({language or 'language unknown'}): {len(claims)} claims")
        )
        for n, c in enumerate(claims, 1):
            source = f"{c.claimant} ({c.cue})" if c.claimant else (f"({c.cue})" if c.cue else "(article)")
            self.stdout.write(f"{n:3}. [{c.checkworthiness:.2f}] {source}  {c.start}-{c.end}")
            self.stdout.write(f"     {c.text}")
            facets = [("numbers", c.numbers), ("dates", c.dates), ("entities", c.entities)]
            shown = "; ".join(f"{name}: {', '.join(values)}" for name, values in facets if values)
            if shown:
                self.stdout.write(f"     {shown}")
