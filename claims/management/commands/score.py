"""Score sentences for check-worthiness: one sentence a line on stdin, one JSON line out each."""

from __future__ import annotations

import json
import sys
from itertools import islice

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from claims.intelligence import checkworthiness

BATCH_LINES = 64


def configured_threshold() -> float:
    threshold = getattr(settings, "FACTCHECK_CHECKWORTHINESS_THRESHOLD", None)
    return checkworthiness.DEFAULT_THRESHOLD if threshold is None else float(threshold)


class Command(BaseCommand):
    help = (
        "Read one sentence per line from stdin and print one JSON object per line with "
        '"checkworthiness" (0..1) and "checkworthy" (true at the configured threshold).'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--threshold",
            type=float,
            default=None,
            help="decision threshold (default: FACTCHECK_CHECKWORTHINESS_THRESHOLD, else the model's own)",
        )

    def handle(self, *args, threshold: float | None = None, **options) -> None:
        if threshold is None:
            threshold = configured_threshold()
        scorer = checkworthiness.get_scorer()
        lines = (line.rstrip("\r\n") for line in sys.stdin)
        # Batches keep the encoder efficient while output still streams for long inputs.
        while batch := list(islice(lines, BATCH_LINES)):
            scores = scorer.score(batch)
            for text, score in zip(batch, scores, strict=True):
                record = {"text": text, "checkworthiness": round(score, 4), "checkworthy": score >= threshold}
                self.stdout.write(json.dumps(record, ensure_ascii=False))
            self.stdout.flush()
