"""Train the check-worthiness model shipped in claims/intelligence/data/checkworthiness.json.

    .venv/bin/python scripts/train_checkworthiness.py [--data ../shared/data/eval/claim_detection/claimbuster]

Fits an L2-regularised, class-weighted logistic regression (Newton's method, numpy only, deterministic) on
ClaimBuster `crowdsourced.csv` (Verdict 1 = check-worthy factual sentence), then picks the decision threshold
that maximises F1 of the check-worthy class on ClaimBuster `groundtruth.csv`. Never trained or tuned on
CheckThat! data, which is kept for evaluation.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.intelligence import checkworthiness  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "eval" / "claim_detection" / "claimbuster"
L2 = 1.0
POSITIVE_WEIGHT = 2.0


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


def best_threshold(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """Threshold maximising F1 of the positive class; midpoint between neighbouring scores for stability."""
    order = np.argsort(-scores, kind="stable")
    sorted_scores, sorted_labels = scores[order], labels[order]
    true_positives = np.cumsum(sorted_labels)
    predicted = np.arange(1, len(scores) + 1)
    f1 = 2 * true_positives / (predicted + labels.sum())
    best = int(np.argmax(f1))
    upper = sorted_scores[best]
    lower = sorted_scores[best + 1] if best + 1 < len(scores) else 0.0
    return float((upper + lower) / 2), float(f1[best])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with ClaimBuster CSVs")
    parser.add_argument("--out", type=Path, default=checkworthiness.WEIGHTS_PATH)
    args = parser.parse_args()

    train_texts, train_labels = read_claimbuster(args.data / "crowdsourced.csv")
    valid_texts, valid_labels = read_claimbuster(args.data / "groundtruth.csv")
    print(f"training on {len(train_texts)} sentences ({int(train_labels.sum())} check-worthy)")
    train_x = checkworthiness.features(train_texts)
    valid_x = checkworthiness.features(valid_texts)

    weights = np.where(train_labels == 1, POSITIVE_WEIGHT, 1.0)
    coef, bias = fit_logistic(train_x, train_labels, l2=L2, sample_weight=weights)
    # Rounded so the shipped file is stable across BLAS builds and easy to diff.
    coef = np.round(coef, 6)
    bias = round(bias, 6)
    scorer = checkworthiness.CheckworthinessScorer(weights=coef, bias=bias, threshold=0.5)
    threshold, valid_f1 = best_threshold(scorer.score_features(valid_x), valid_labels)
    threshold = round(threshold, 4)
    print(f"groundtruth F1 {valid_f1:.4f} at threshold {threshold}")

    spec = {
        "model": "logistic regression on all-MiniLM-L6-v2 embedding + lexical features",
        "features": [f"embedding_{i}" for i in range(train_x.shape[1] - len(checkworthiness.LEXICAL_FEATURES))]
        + list(checkworthiness.LEXICAL_FEATURES),
        "l2": L2,
        "positive_weight": POSITIVE_WEIGHT,
        "threshold": threshold,
        "bias": bias,
        "weights": coef.tolist(),
    }
    args.out.write_text(json.dumps(spec, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
