"""Check-worthiness measured on labelled sentences: F1, precision and recall of the check-worthy class.

Reads CheckThat! TSV files (`Text`, `class_label` Yes/No) and ClaimBuster CSV files (`Text`, `Verdict`, where 1
is check-worthy). PATH is a file or a folder of such files; a folder yields one block of rows per file.
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from claims.intelligence import checkworthiness

DEFAULT_PATH = Path(__file__).resolve().parents[2].parent / "shared/data/eval/claim_detection/checkthat2024"
SUFFIXES = (".tsv", ".csv")


@dataclass(frozen=True)
class Scores:
    f1: float
    precision: float
    recall: float
    n: int
    positives: int


def read_labelled(path: Path) -> tuple[list[str], list[bool]]:
    """Sentences and gold labels from a CheckThat! TSV or ClaimBuster CSV file."""
    csv.field_size_limit(sys.maxsize)
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle, delimiter=delimiter)
        fields = {name.strip().lower(): name for name in reader.fieldnames or []}
        text_field = fields.get("text") or fields.get("tweet_text")
        if text_field is None:
            raise ValueError(f"{path}: no Text column")
        if "class_label" in fields:
            label_field, positive = fields["class_label"], {"yes", "1"}
        elif "verdict" in fields:
            label_field, positive = fields["verdict"], {"1"}
        else:
            raise ValueError(f"{path}: no class_label or Verdict column")
        texts, labels = [], []
        for row in reader:
            text = (row.get(text_field) or "").strip()
            if text:
                texts.append(text)
                labels.append((row.get(label_field) or "").strip().lower() in positive)
    return texts, labels


def score_predictions(predicted: list[bool], gold: list[bool]) -> Scores:
    true_positives = sum(p and g for p, g in zip(predicted, gold, strict=True))
    predicted_positives = sum(predicted)
    gold_positives = sum(gold)
    precision = true_positives / predicted_positives if predicted_positives else 0.0
    recall = true_positives / gold_positives if gold_positives else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(f1=f1, precision=precision, recall=recall, n=len(gold), positives=gold_positives)


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


def evaluate_file(path: Path, *, threshold: float) -> Scores:
    texts, gold = read_labelled(path)
    scores = checkworthiness.get_scorer().score(texts)
    return score_predictions([s >= threshold for s in scores], gold)


def labelled_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
    raise FileNotFoundError(f"{path} does not exist")


def evaluate(path: Path = DEFAULT_PATH, *, threshold: float | None = None) -> list[tuple[str, str]]:
    """Rows of (measure, value): F1, precision and recall of the check-worthy class, n and the threshold."""
    if threshold is None:
        threshold = checkworthiness.DEFAULT_THRESHOLD
    files = labelled_files(path)
    if not files:
        raise FileNotFoundError(f"no .tsv or .csv files in {path}")
    rows: list[tuple[str, str]] = []
    for file in files:
        scores = evaluate_file(file, threshold=threshold)
        prefix = f"{file.name}: " if len(files) > 1 else ""
        rows += [
            (f"{prefix}F1 (check-worthy)", f"{scores.f1:.3f}"),
            (f"{prefix}precision", f"{scores.precision:.3f}"),
            (f"{prefix}recall", f"{scores.recall:.3f}"),
            (f"{prefix}n", f"{scores.n} ({scores.positives} check-worthy)"),
        ]
    rows.append(("threshold", f"{threshold:.3f}"))
    return rows
