"""`manage.py evaluate KIND [PATH]`: score one part of claim intelligence against a labelled data set."""

from __future__ import annotations

import csv
import importlib
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.evaluation.topics import COVID_TOPICS_PATH
from claims.extraction.topics import read_topics

KINDS = (
    "claims",
    "checkworthiness",
    "matching",
    "cross_language",
    "language",
    "attribution",
    "news_checkworthiness",
    "topics",
    "clusters",
)


class Command(BaseCommand):
    help = (
        "Print a table of scores. KIND is claims (NewsClaims, extracted as a desk watching its four COVID-19 topics "
        "unless told otherwise), checkworthiness (CheckThat!/ClaimBuster), matching "
        "(CheckThat! 2020 task 2, through the product: the verified claims are imported into a scratch database and "
        "every tweet is matched with the `match` command's service), cross_language (the seed article's translations "
        "kept with the tests, matched with the English original's claims imported as fact-checks), language "
        "(short sentences per language), attribution (hand-labelled Wikinews statements), news_checkworthiness "
        "(hand-labelled Wikinews sentences: recall of check-worthy ones and share flagged, per split), topics (the "
        "same sentences' COVID-19 articles with their topics labelled, extracted with NewsClaims's four topics watched "
        "and without them) or clusters "
        "(the Wikinews corpus with our own labelled sample and fact-checks, in a scratch database: cluster purity and "
        "recall, the time clustering and reappearance detection add per article, alert latency through a real "
        "worker). PATH defaults to the data set's folder under ../shared/data (for language: the sentences kept "
        "with the tests)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("path", nargs="?", type=Path)
        parser.add_argument(
            "--keepdb",
            action="store_true",
            help="matching: keep the scratch database (imported and embedded) for the next run.",
        )
        parser.add_argument(
            "--alerts", type=int, default=30, help="clusters: articles timed from commit to webhook (0: none)."
        )
        parser.add_argument("--limit", type=int, default=0, help="clusters: ingest only the first N corpus articles.")
        topics = parser.add_mutually_exclusive_group()
        topics.add_argument(
            "--watch",
            type=Path,
            help="claims: extract as a desk watching the topics of this file (as `watch_topics` reads it) instead "
            "of NewsClaims's four, claims/evaluation/data/covid_topics.json.",
        )
        topics.add_argument("--no-topics", action="store_true", help="claims: extract as a desk that watches no topic.")

    def handle(
        self,
        *args,
        kind: str,
        path: Path | None,
        keepdb: bool,
        alerts: int,
        limit: int,
        watch: Path | None,
        no_topics: bool,
        **options,
    ) -> None:
        if (watch is not None or no_topics) and kind != "claims":
            raise CommandError("--watch and --no-topics apply to claims only.")
        # NewsClaims asks for claims on its four topics: a desk given that task watches them.
        watch = None if no_topics else watch or COVID_TOPICS_PATH
        try:
            topics = read_topics(watch) if kind == "claims" and watch is not None else ()
        except (OSError, ValueError) as exc:
            raise CommandError(f"{watch}: {exc}") from exc
        module = importlib.import_module(f"claims.evaluation.{kind}")
        if path is None:
            path = module.DEFAULT_PATH
            if not path.exists():
                raise CommandError(f"No PATH given and the default data set {path} does not exist.")
        elif not path.exists():
            raise CommandError(f"{path} does not exist.")
        try:
            if kind == "matching":
                rows = module.evaluate(path, keepdb=keepdb)
            elif kind == "claims":
                rows = module.evaluate(path, topics=topics)
            elif kind == "clusters":
                rows = module.evaluate(path, keepdb=keepdb, alerts=alerts, limit=limit)
            else:
                rows = module.evaluate(path)
        except KeyError as exc:
            raise CommandError(f"{path}: a record lacks the field {exc.args[0]!r}.") from exc
        except (OSError, ValueError, csv.Error) as exc:  # ValueError includes malformed JSON and non-UTF-8 text
            raise CommandError(f"{path}: {exc}") from exc
        if kind == "claims":
            rows.insert(0, ("watched topics", ", ".join(t.name for t in topics) or "none"))
        width = max((len(name) for name, _ in rows), default=0)
        self.stdout.write(self.style.MIGRATE_HEADING(f"{kind}: {path}"))
        for name, value in rows:
            self.stdout.write(f"{name:<{width}}  {value}")
