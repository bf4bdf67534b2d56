"""`manage.py match`: claim texts on stdin, ranked matches among stored claims and fact-checks out."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.extraction.language import detect_language, normalise_language
from claims.services.matching import rank_matches


class Command(BaseCommand):
    help = (
        "Read one claim text per line on stdin; write one line per claim with its best matches among stored "
        "claims and published or imported fact-checks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--top", type=int, default=5, help="Matches per claim (default 5).")
        parser.add_argument("--json", action="store_true", help="One JSON object per line (the default output).")
        parser.add_argument("--text", action="store_true", help="Human-readable lines instead of JSON.")
        parser.add_argument(
            "--language",
            default="",
            help="The claims' language (ISO 639-1), or 'auto' to detect each line's: claims and fact-checks in it "
            "(or of unknown language) are ranked, and fact-checks in other languages join by the multilingual "
            "model. Without it every stored claim and fact-check is ranked by the English model.",
        )

    def handle(self, *args, top: int, text: bool, language: str, **options) -> None:
        if top < 1:
            raise CommandError("--top must be at least 1.")
        language = language.strip().lower()
        if language not in ("", "auto") and not normalise_language(language):
            raise CommandError(f"--language {language!r} is not an ISO 639-1 code or 'auto'.")
        for line in sys.stdin:
            claim = line.strip()
            if not claim:
                continue
            claim_language = detect_language(claim) if language == "auto" else normalise_language(language)
            ranked = rank_matches(text=claim, top=top, language=claim_language)
            matches = [
                {"url": m.url, "claim": m.text, "score": round(m.score, 4), "kind": m.kind, "id": m.id} for m in ranked
            ]
            if text:
                self.stdout.write(claim)
                for m in matches:
                    self.stdout.write(f"  {m['score']:.3f}  {m['kind']:<9} {m['claim'][:100]}  {m['url']}")
            else:
                self.stdout.write(json.dumps({"claim": claim, "matches": matches}, ensure_ascii=False))
