"""Refit the English extraction's evidence weights and compare them with the shipped ones.

    .venv/bin/python scripts/fit_evidence_weights.py [--wikinews ../shared/data/news/wikinews] [--write]

A candidate's log-odds of being a claim is a weighted sum of its evidence (claims.extraction.pipeline.FEATURES)
and of the check-worthiness model's margin over its threshold, clipped (claims/extraction/data/evidence_weights.json).
Here the weights are an L2-regularised logistic regression on the candidates of the train split of our hand-labelled
Wikinews sentences (a candidate is positive when a check-worthy sentence opens inside it; see
claims.evaluation.news_checkworthiness). The validation split chooses the regularisation and the clip (the lowest
log-loss), then the intercept: the one whose claims, selected as the pipeline selects them (threshold and per-article
budget), take in the most check-worthy sentences while flagging at most MAX_SHARE of all sentences. The script
prints the refitted, the shipped and the model-alone rankings side by side on the validation split; `--write`
replaces the shipped weights. NewsClaims and CheckThat! are never read here.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


from claims.evaluation import news_checkworthiness as news  # noqa: E402
from claims.extraction import pipeline  # noqa: E402
from claims.extraction.candidates import claim_budget  # noqa: E402
from claims.intelligence import checkworthiness  # noqa: E402

PENALTIES = (0.1, 1.0, 10.0, 30.0, 100.0)
CLIPS = (1.0, 2.0, 3.0, 4.0, 6.0)
# A desk reads at most this share of an article's sentences as claims; the intercept is the one that finds the most
# check-worthy validation sentences within it.
MAX_SHARE = 0.45
SHIFTS = np.arange(-4.0, 4.0, 0.05)


@dataclass(slots=True)
class Candidates:
    """One split's scoreable candidates: evidence rows, model margins, labels, article of each."""

    evidence: np.ndarray
    margin: np.ndarray
    positive: np.ndarray
    worthy: np.ndarray  # check-worthy sentences opening inside the candidate
    sentences: np.ndarray  # labelled sentences opening inside it
    article: np.ndarray
    budgets: list[int]
    total_worthy: int  # every labelled check-worthy sentence, also those no scoreable candidate holds
    total_sentences: int


def collect(articles: list[news.LabelledArticle], scorer: checkworthiness.CheckworthinessScorer) -> Candidates:
    rows, texts, positive, worthy, sentences, article_of, budgets = [], [], [], [], [], [], []
    for index, article in enumerate(articles):
        claims = pipeline.candidates(article.text, article.title)
        budgets.append(claim_budget(len(claims)))
        for claim, evidence, within in zip(
            claims, pipeline.candidate_evidence(claims), news.labels_within(claims, article), strict=True
        ):
            if evidence is None or not within:
                continue  # never a claim, or holding no labelled sentence
            n_worthy = sum(label == news.CHECKWORTHY for label in within)
            rows.append(evidence)
            texts.append(claim.text)
            positive.append(n_worthy > 0)
            worthy.append(n_worthy)
            sentences.append(len(within))
            article_of.append(index)
    probabilities = np.array(scorer.score(texts))
    eps = 1e-6
    p = np.clip(probabilities, eps, 1 - eps)
    t = scorer.threshold
    margin = np.log(p / (1 - p)) - math.log(t / (1 - t))
    return Candidates(
        np.array(rows, dtype=float),
        margin,
        np.array(positive, dtype=bool),
        np.array(worthy),
        np.array(sentences),
        np.array(article_of),
        budgets,
        sum(label == news.CHECKWORTHY for a in articles for _, label in a.sentences),
        sum(len(a.sentences) for a in articles),
    )


def design(c: Candidates, clip: float) -> np.ndarray:
    return np.column_stack([c.evidence, np.clip(c.margin, -clip, clip), np.ones(len(c.margin))])


def fit_logistic(x: np.ndarray, y: np.ndarray, penalty: float, iterations: int = 50) -> np.ndarray:
    """Newton's method on the L2-penalised log-likelihood; the intercept (last column) is not penalised."""
    w = np.zeros(x.shape[1])
    ridge = np.full(x.shape[1], penalty)
    ridge[-1] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        gradient = x.T @ (p - y) + ridge * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(ridge) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def log_loss(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> float:
    z = x @ w
    return float(np.mean(np.logaddexp(0.0, z) - y * z))


def selected(c: Candidates, z: np.ndarray) -> np.ndarray:
    """Which candidates the pipeline flags at log-odds z: z >= 0, the best first within each article's budget."""
    flags = np.zeros(len(z), dtype=bool)
    for index, budget in enumerate(c.budgets):
        members = np.flatnonzero((c.article == index) & (z >= 0))
        flags[members[np.argsort(-z[members])][:budget]] = True
    return flags


def recall_and_share(c: Candidates, z: np.ndarray) -> tuple[float, float]:
    flags = selected(c, z)
    return c.worthy[flags].sum() / c.total_worthy, c.sentences[flags].sum() / c.total_sentences


def within_budget(c: Candidates, z: np.ndarray) -> tuple[float, float, float]:
    """The intercept shift (and its recall and share) finding the most check-worthy sentences within MAX_SHARE."""
    best = (0.0, -1.0, 0.0)
    for shift in SHIFTS:
        recall, share = recall_and_share(c, z + shift)
        if share <= MAX_SHARE and recall > best[1]:
            best = (round(float(shift), 2), float(recall), float(share))
    return best


def average_precision(c: Candidates, z: np.ndarray) -> float:
    ranked = c.positive[np.argsort(-z)]
    hits = np.cumsum(ranked)
    return float((hits / np.arange(1, len(ranked) + 1))[ranked].mean())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wikinews", type=Path, default=news.DEFAULT_PATH)
    parser.add_argument("--labels", type=Path, default=news.LABELS_PATH)
    parser.add_argument("--write", action="store_true", help=f"write {pipeline.WEIGHTS_FILE.relative_to(ROOT)}")
    args = parser.parse_args()

    articles = news.labelled_articles(args.wikinews, args.labels)
    scorer = checkworthiness.get_scorer()
    train = collect([a for a in articles if a.split == "train"], scorer)
    validation = collect([a for a in articles if a.split == "validation"], scorer)
    print(f"train: {len(train.margin)} candidates ({train.positive.mean():.1%} positive)")
    print(f"validation: {len(validation.margin)} candidates ({validation.positive.mean():.1%} positive)")

    best = None
    for clip in CLIPS:
        for penalty in PENALTIES:
            w = fit_logistic(design(train, clip), train.positive.astype(float), penalty)
            loss = log_loss(design(validation, clip), validation.positive.astype(float), w)
            print(f"clip {clip:g} penalty {penalty:g}: validation log-loss {loss:.4f}")
            if best is None or loss < best[0]:
                best = (loss, clip, penalty, w)
    assert best is not None
    _, clip, penalty, w = best
    shift, recall, share = within_budget(validation, design(validation, clip) @ w)
    w[-1] += shift
    fitted = {
        "features": {name: round(float(v), 4) for name, v in zip(pipeline.FEATURES, w[:-2], strict=True)},
        "model": round(float(w[-2]), 4),
        "model_clip": clip,
        "intercept": round(float(w[-1]), 4),
    }
    print(json.dumps(fitted, indent=2))
    print(f"chosen: clip {clip:g}, penalty {penalty:g}, intercept shift {shift:+.2f}")

    shipped = pipeline.evidence_weights()
    shipped_z = np.array(
        [shipped.with_model(shipped.base(e), m) for e, m in zip(validation.evidence, validation.margin, strict=True)]
    )
    refit_z = design(validation, clip) @ w
    print("validation split: recall of check-worthy sentences at share flagged; average precision of candidates")
    for name, z in (("shipped weights", shipped_z), ("refitted weights", refit_z), ("model alone", validation.margin)):
        recall, share = recall_and_share(validation, z)
        print(f"  {name:17} as is: {recall:.3f} at {share:.3f}", end="")
        _, recall, share = within_budget(validation, z)
        print(f"; best within {MAX_SHARE:.0%}: {recall:.3f} at {share:.3f}; AP {average_precision(validation, z):.3f}")
    if args.write:
        pipeline.WEIGHTS_FILE.write_text(json.dumps(fitted, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {pipeline.WEIGHTS_FILE}")


if __name__ == "__main__":
    main()
