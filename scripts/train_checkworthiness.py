"""Train the check-worthiness model shipped in claims/intelligence/data/checkworthiness.json.

    .venv/bin/python scripts/train_checkworthiness.py [--data ../shared/data/eval/claim_detection/claimbuster]

Features: mean-pooled layers 3-6 of all-MiniLM-L6-v2 plus lexical cues, standardised. Model: L2-regularised,
class-weighted logistic regression fitted by Newton's method (numpy only, deterministic) on ClaimBuster
`crowdsourced.csv` (Verdict 1 = check-worthy factual sentence). The decision threshold is chosen on ClaimBuster
`groundtruth.csv` (expert labels). CheckThat! data is never used here: it is kept for evaluation.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.intelligence import checkworthiness, embeddings  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "eval" / "claim_detection" / "claimbuster"
L2 = 100.0
POSITIVE_WEIGHT = 2.0  # check-worthy sentences are a quarter of the data; a desk would rather see one too many
# Any threshold within this much of the best groundtruth F1 is as good on 1,032 sentences; the lowest one is
# taken, because a missed claim costs a desk more than an extra candidate does.
F1_TOLERANCE = 0.01


def read_claimbuster(path: Path) -> tuple[list[str], np.ndarray]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    texts = [row["Text"] for row in rows]
    labels = np.asarray([row["Verdict"].strip() == "1" for row in rows], dtype=np.float64)
    return texts, labels


def fit_logistic(
    x: np.ndarray, y: np.ndarray, *, l2: float, sample_weight: np.ndarray, iterations: int = 50
) -> tuple[np.ndarray, float]:
    """Newton's method on the weighted log-loss plus l2/2 * |w|^2 (bias not penalised)."""
    design = np.hstack([x.astype(np.float64), np.ones((len(x), 1))])
    penalty = np.full(design.shape[1], l2)
    penalty[-1] = 0.0
    theta = np.zeros(design.shape[1])
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(design @ theta)))
        gradient = design.T @ (sample_weight * (p - y)) + penalty * theta
        curvature = sample_weight * p * (1.0 - p)
        hessian = (design * curvature[:, None]).T @ design + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        theta -= step
        if np.max(np.abs(step)) < 1e-10:
            break
    return theta[:-1], float(theta[-1])


def f1_curve(scores: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """F1 of the positive class when the top k scores are taken, for k = 1..n, and the cut between each k and
    k + 1 (midpoint of neighbouring scores, so the threshold does not sit on a training example)."""
    order = np.argsort(-scores, kind="stable")
    sorted_scores = scores[order]
    true_positives = np.cumsum(labels[order])
    f1 = 2 * true_positives / (np.arange(1, len(scores) + 1) + labels.sum())
    below = np.append(sorted_scores[1:], 0.0)
    return f1, (sorted_scores + below) / 2


def best_threshold(scores: np.ndarray, labels: np.ndarray, *, tolerance: float = 0.0) -> tuple[float, float]:
    """The lowest threshold whose F1 is within `tolerance` of the best F1; returns (threshold, its F1)."""
    f1, cuts = f1_curve(scores, labels)
    candidates = np.flatnonzero(f1 >= f1.max() - tolerance)
    chosen = int(candidates.max())  # the largest k: the lowest threshold
    return float(cuts[chosen]), float(f1[chosen])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with ClaimBuster CSVs")
    parser.add_argument("--out", type=Path, default=checkworthiness.WEIGHTS_PATH)
    args = parser.parse_args()

    train_texts, train_labels = read_claimbuster(args.data / "crowdsourced.csv")
    valid_texts, valid_labels = read_claimbuster(args.data / "groundtruth.csv")
    print(f"training on {len(train_texts)} sentences ({int(train_labels.sum())} check-worthy)", flush=True)
    started = time.monotonic()
    train_x = checkworthiness.features(train_texts).astype(np.float64)
    valid_x = checkworthiness.features(valid_texts).astype(np.float64)
    print(f"features in {time.monotonic() - started:.0f}s", flush=True)

    # Rounded so the shipped file is stable across BLAS builds and easy to diff.
    mean = np.round(train_x.mean(axis=0), 6)
    scale = np.round(train_x.std(axis=0) + 1e-6, 6)
    weights = np.where(train_labels == 1, POSITIVE_WEIGHT, 1.0)
    coef, bias = fit_logistic((train_x - mean) / scale, train_labels, l2=L2, sample_weight=weights)
    coef = np.round(coef, 6)
    bias = round(bias, 6)
    scorer = checkworthiness.CheckworthinessScorer(weights=coef, bias=bias, threshold=0.5, mean=mean, scale=scale)
    valid_scores = scorer.score_features(valid_x)
    best, best_f1 = best_threshold(valid_scores, valid_labels)
    threshold, valid_f1 = best_threshold(valid_scores, valid_labels, tolerance=F1_TOLERANCE)
    threshold = round(threshold, 4)
    print(f"groundtruth F1 {best_f1:.4f} at {best:.4f} (best); shipped threshold {threshold} with F1 {valid_f1:.4f}")

    spec = {
        "model": "logistic regression on mean-pooled all-MiniLM-L6-v2 layers + lexical features",
        "layers": list(checkworthiness.LAYERS),
        "features": [f"layer{layer}_{i}" for layer in checkworthiness.LAYERS for i in range(embeddings.DIMENSIONS)]
        + list(checkworthiness.LEXICAL_FEATURES),
        "l2": L2,
        "positive_weight": POSITIVE_WEIGHT,
        "threshold": threshold,
        "bias": bias,
        "mean": mean.tolist(),
        "scale": scale.tolist(),
        "weights": coef.tolist(),
    }
    args.out.write_text(json.dumps(spec, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
