"""Check-worthiness: how much a sentence deserves a fact-checker's attention, from 0 to 1.

A logistic layer over mean-pooled hidden layers of the sentence encoder, whose top layers are fine-tuned for the
task. `scripts/train_checkworthiness.py`
trains it on ClaimBuster and writes `data/checkworthiness.npz` (the tuned layers and the logistic layer); scoring
needs only numpy and the encoder, whose lower layers it shares with the sentence embeddings.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from claims.intelligence import embeddings

WEIGHTS_PATH = Path(__file__).resolve().parent / "data" / "checkworthiness.npz"

LAYERS = (3, 4, 5, 6)  # mean-pooled upper layers of the encoder: they separate claims better than the last alone


class CheckworthinessScorer:
    """Logistic regression over standardised features: sigmoid(((x - mean) / scale) . weights + bias).

    The features are the mean-pooled states of `layers` side by side. With `tuned` (replacement
    weights for the encoder's top layers, named as in its safetensors), the pools above the tuned layers' start
    come from them rather than from the model's own layers.
    """

    def __init__(
        self,
        *,
        weights: np.ndarray,
        bias: float,
        threshold: float,
        mean: np.ndarray | None = None,
        scale: np.ndarray | None = None,
        layers: Sequence[int] = LAYERS,
        tuned: dict[str, np.ndarray] | None = None,
    ):
        self.weights = np.asarray(weights, dtype=np.float64)
        self.bias = float(bias)
        self.threshold = float(threshold)
        self.mean = np.zeros(len(self.weights)) if mean is None else np.asarray(mean, dtype=np.float64)
        self.scale = np.ones(len(self.weights)) if scale is None else np.asarray(scale, dtype=np.float64)
        self.layers = tuple(int(layer) for layer in layers)
        self.tuned = tuned or {}
        self._branch: embeddings.Branch | None = None
        self._branch_lock = threading.Lock()

    @classmethod
    def from_file(cls, path: Path = WEIGHTS_PATH) -> CheckworthinessScorer:
        with np.load(path) as stored:
            spec = {name: stored[name] for name in stored.files}
        return cls(
            weights=spec["weights"],
            bias=float(spec["bias"]),
            threshold=float(spec["threshold"]),
            mean=spec["mean"],
            scale=spec["scale"],
            layers=spec["layers"].tolist(),
            tuned={name: value for name, value in spec.items() if name.startswith("encoder.layer.")},
        )

    def branch(self) -> embeddings.Branch | None:
        """The tuned top layers on the process-wide encoder (None without them), built on first use."""
        if self.tuned and self._branch is None:
            with self._branch_lock:
                if self._branch is None:
                    self._branch = embeddings.get_encoder().make_branch(self.tuned)
        return self._branch

    def features(self, sentences: Sequence[str]) -> np.ndarray:
        """The model's input: mean-pooled encoder layers side by side."""
        return embeddings.get_encoder().encode(list(sentences), layers=self.layers, branch=self.branch())

    def score_features(self, matrix: np.ndarray) -> np.ndarray:
        logits = ((matrix.astype(np.float64) - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-logits))

    def pools_holding_states(self, sentences: Sequence[str]) -> tuple[np.ndarray, embeddings.HeldStates]:
        """`features` (for `score_features` and other heads over them), and what the sentence embeddings branch off
        from in the same encoder pass: `.embed(indices)` gives those of the sentences that need one (as
        `embeddings.embed` gives them) for two more layers each."""
        return embeddings.get_encoder().encode_with_pools(list(sentences), layers=self.layers, branch=self.branch())

    def score(self, sentences: Sequence[str]) -> list[float]:
        """Probability-like check-worthiness per sentence, in input order."""
        scores = [0.0] * len(sentences)
        # Blank lines carry no claim; they score 0 without a trip through the encoder.
        present = [i for i, sentence in enumerate(sentences) if sentence.strip()]
        if present:
            matrix = self.features([sentences[i] for i in present])
            for i, probability in zip(present, self.score_features(matrix), strict=True):
                scores[i] = float(probability)
        return scores


def __getattr__(name: str) -> float:
    # DEFAULT_THRESHOLD is read from the shipped weights when asked for, so that the training script can
    # import this module before the weights file exists.
    if name == "DEFAULT_THRESHOLD":
        with np.load(WEIGHTS_PATH) as stored:
            return float(stored["threshold"])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_scorer: CheckworthinessScorer | None = None
_scorer_lock = threading.Lock()


def get_scorer() -> CheckworthinessScorer:
    """The process-wide scorer with the shipped weights, loaded on first use."""
    global _scorer
    if _scorer is None:
        with _scorer_lock:
            if _scorer is None:
                _scorer = CheckworthinessScorer.from_file()
    return _scorer
