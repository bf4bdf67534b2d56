"""`manage.py embed [--all]`: store the sentence embeddings matching searches by."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.services.cross_language import factchecks_multilingual_requeue
from claims.services.embeddings import embeddings_refresh

KINDS = ("claims", "factchecks")


class Command(BaseCommand):
    help = (
        "Embed the claims and fact-checks that have no embedding yet (stored with --skip-embeddings, or before "
        "the model was available). With --all, embed every one again: run it after an upgrade that changes the "
        "encoder (see the README), so that stored vectors and new ones come from the same model. Each batch "
        "commits on its own; --after KIND:ID resumes an interrupted run where its last progress line left off. "
        "Fact-checks in a known language that still lack their multilingual embedding (matching across "
        "languages) are queued for the worker again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", dest="everything", help="embed every row again")
        parser.add_argument("--after", metavar="KIND:ID", help="resume after this row (KIND claims or factchecks)")
        parser.add_argument("--batch", type=int, default=1000, help="rows per transaction (default 1000)")

    def handle(self, *args, everything: bool, after: str | None, batch: int, **options) -> None:
        resume = None
        if after:
            kind, _, pk = after.partition(":")
            if kind not in KINDS or not pk.isdigit():
                raise CommandError(f"--after takes KIND:ID with KIND one of {', '.join(KINDS)}, not {after!r}")
            resume = (kind, int(pk))
        if batch < 1:
            raise CommandError("--batch must be at least 1")

        def progress(kind: str, last: int, count: int) -> None:
            self.stdout.write(f"{kind}: {count} embedded, up to id {last} (resume with --after {kind}:{last})")

        done = embeddings_refresh(everything=everything, after=resume, batch=batch, progress=progress)
        self.stdout.write(f"embedded {done['claims']} claims and {done['factchecks']} fact-checks")
        queued = factchecks_multilingual_requeue(batch=batch)
        self.stdout.write(f"queued {queued} fact-checks for their multilingual embedding")
