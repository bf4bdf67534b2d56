"""What extraction produces and the bounds it works within, shared by the English pipeline and the other
languages' extraction."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any

CLAIM_THRESHOLD = 0.5
# At most this share of an article's candidates is flagged, the best-scoring first, and at most
# CLAIMS_PER_SQRT_CANDIDATE * sqrt(candidates): claims worth checking grow slower than an article's length
# (long press releases and reports add safety information, methods and references, not new claims).
MAX_CLAIM_SHARE = 0.7
CLAIMS_PER_SQRT_CANDIDATE = 5.0
MIN_WORDS = 4


class ExtractionLimitExceeded(Exception):
    """An article needs more work than one article may take; `reason` says which limit it passed."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on the work spent on one article: its sentences (checked right after segmentation, before anything
    costly) and its processing time (checked between stages and between chunks of model calls)."""

    max_sentences: int | None = None
    max_seconds: float | None = None

    def deadline(self) -> float | None:
        return None if self.max_seconds is None else time.monotonic() + self.max_seconds

    def check_sentences(self, count: int) -> None:
        if self.max_sentences is not None and count > self.max_sentences:
            raise ExtractionLimitExceeded(
                f"The article has {count} sentences, more than the {self.max_sentences} one article may have; "
                "split it into smaller articles."
            )

    def check_time(self, deadline: float | None) -> None:
        if deadline is not None and time.monotonic() > deadline:
            raise ExtractionLimitExceeded(
                f"Extracting claims from the article took longer than the {self.max_seconds:g} seconds one article "
                "may take; split it into smaller articles."
            )


NO_LIMITS = Limits()


@dataclass(slots=True)
class ExtractedClaim:
    text: str
    quote: str
    start: int
    end: int
    claimant: str = ""
    cue: str = ""
    checkworthiness: float = 0.0
    numbers: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    is_claim: bool = False
    kind: str = "sentence"
    opinion: bool = False
    # The claim's matching embedding when the model pass already computed it (see `extract_claims`).
    embedding: Any = None

    def as_dict(self) -> dict:
        return {
            "text": self.text,
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
            "claimant": self.claimant,
            "cue": self.cue,
            "checkworthiness": round(self.checkworthiness, 4),
            "numbers": self.numbers,
            "dates": self.dates,
            "entities": self.entities,
        }


def claim_budget(candidates: int) -> int:
    """How many of an article's candidates may be flagged (see MAX_CLAIM_SHARE)."""
    return max(1, int(min(MAX_CLAIM_SHARE * candidates, CLAIMS_PER_SQRT_CANDIDATE * math.sqrt(candidates))))
