"""Claim extraction from article text (pure Python, no Django).

`extract_claims(text, title=...)` returns every claim candidate with exact provenance
(`text[start:end] == quote`), claimant and cue, check-worthiness, and facets; `is_claim` marks the
ones to store (see `candidates.CLAIM_THRESHOLD`).
"""

from claims.extraction.candidates import CLAIM_THRESHOLD, ExtractedClaim, ExtractionLimitExceeded, Limits
from claims.extraction.pipeline import extract_claims, extract_with

__all__ = ["CLAIM_THRESHOLD", "ExtractedClaim", "ExtractionLimitExceeded", "Limits", "extract_claims", "extract_with"]
