"""Refit the English extraction's evidence weights and compare them with the shipped ones.

    .venv/bin/python scripts/fit_evidence_weights.py [--wikinews ../shared/data/news/wikinews] [--batches 1 2]
        [--write zero|hand-set]

A candidate's log-odds of being a claim is a weighted sum of its evidence (claims.extraction.pipeline.FEATURES)
and of the check-worthiness model's margin over its threshold, clipped (claims/extraction/data/evidence_weights.json).
Here the weights are an L2-regularised logistic regression on the candidates of the train split of our hand-labelled
Wikinews sentences (a candidate is positive when a check-worthy sentence opens inside it; see
claims.evaluation.news_checkworthiness), the penalty pulling them towards zero or towards the weights first set by
hand (the weights file's "prior", kept beside the refit that ships). The
validation split chooses the clip and the penalty (the lowest log-loss), then the intercept: the one whose claims,
selected as the pipeline selects them (threshold and per-article budget), take in the most check-worthy sentences
while flagging at most MAX_SHARE of all sentences. The script prints each refit, the shipped and the hand-set
weights and the model alone side by side on the validation split, as `extract_with` itself selects claims with each,
with the share of candidates each sends to the model (what extraction time grows with); `--write` replaces the
shipped weights with one refit. `--batches` keeps the labelling batches given (the shipped weights were fitted and
chosen on batches 1 and 2). NewsClaims and CheckThat! are never read.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


from claims.evaluation import news_checkworthiness as news  # noqa: E402
from claims.extraction import pipeline  # noqa: E402
from claims.extraction.candidates import claim_budget  # noqa: E402
from claims.intelligence import checkworthiness  # noqa: E402

PENALTIES = (1.0, 3.0, 10.0, 30.0, 100.0)
CLIPS = (1.0, 2.0, 4.0, 6.0)
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


def fit_logistic(
    x: np.ndarray, y: np.ndarray, penalty: float, prior: np.ndarray | None = None, iterations: int = 100
) -> np.ndarray:
    """Newton's method on the log-likelihood with an L2 penalty pulling the weights towards `prior` (zero when
    None); the intercept (last column) is not penalised."""
    centre = np.zeros(x.shape[1]) if prior is None else prior.astype(float)
    ridge = np.full(x.shape[1], penalty)
    ridge[-1] = 0.0

    def objective(w: np.ndarray) -> float:
        z = x @ w
        return float(np.sum(np.logaddexp(0.0, z) - y * z) + 0.5 * np.sum(ridge * (w - centre) ** 2))

    w = centre.copy()
    for _ in range(iterations):
        p = 0.5 * (1.0 + np.tanh(0.5 * (x @ w)))  # the logistic function, without overflow
        gradient = x.T @ (p - y) + ridge * (w - centre)
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(ridge) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hessian, gradient)
        # halve the step until it lowers the objective: far from the optimum a full Newton step can overshoot
        before, scale = objective(w), 1.0
        while scale > 1e-6 and objective(w - scale * step) > before:
            scale /= 2
        w -= scale * step
        if np.abs(scale * step).max() < 1e-8:
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


class CachedScorer:
    """The check-worthiness model's scores, each sentence scored once across every weighting compared; counts the
    sentences extraction sends to it."""

    def __init__(self, scorer: checkworthiness.CheckworthinessScorer) -> None:
        self.scorer, self.scores, self.asked = scorer, {}, 0

    def __call__(self, sentences: Sequence[str]) -> list[float]:
        self.asked += len(sentences)
        missing = [s for s in dict.fromkeys(sentences) if s not in self.scores]
        self.scores.update(zip(missing, self.scorer.score(missing), strict=True))
        return [self.scores[s] for s in sentences]


def through_pipeline(
    articles: list[news.LabelledArticle], scorer: CachedScorer, w: np.ndarray, clip: float
) -> tuple[float, float, float]:
    """Recall of check-worthy sentences, share of sentences flagged and share of candidates sent to the model, as
    extraction itself (`extract_with`) selects claims with these weights."""
    weights = pipeline.EvidenceWeights(
        features=tuple(float(v) for v in w[:-2]), model=float(w[-2]), model_clip=clip, intercept=float(w[-1])
    )
    tally, candidates, asked_before = news.Tally(), 0, scorer.asked
    for article in articles:
        claims = pipeline.extract_with(
            article.text,
            title=article.title,
            score=scorer,
            model_threshold=scorer.scorer.threshold,
            weights=weights,
        )
        candidates += len(claims)
        for label, flagged in news.flagged_sentences(claims, article):
            tally.add(label, flagged)
    return tally.recall, tally.share_flagged, (scorer.asked - asked_before) / candidates


def refit(train: Candidates, validation: Candidates, prior: np.ndarray | None) -> tuple[np.ndarray, float, float]:
    """Weights (intercept shifted for the desk's budget), clip and penalty chosen on the validation split."""
    best = None
    for clip in CLIPS:
        for penalty in PENALTIES:
            w = fit_logistic(design(train, clip), train.positive.astype(float), penalty, prior)
            loss = log_loss(design(validation, clip), validation.positive.astype(float), w)
            if best is None or loss < best[0]:
                best = (loss, clip, penalty, w)
    assert best is not None
    loss, clip, penalty, w = best
    shift, _, _ = within_budget(validation, design(validation, clip) @ w)
    w[-1] += shift
    print(f"  clip {clip:g}, penalty {penalty:g}, validation log-loss {loss:.4f}, intercept shift {shift:+.2f}")
    return w, clip, penalty


def as_stored(w: np.ndarray, clip: float) -> dict:
    return {
        "features": {name: round(float(v), 4) for name, v in zip(pipeline.FEATURES, w[:-2], strict=True)},
        "model": round(float(w[-2]), 4),
        "model_clip": clip,
        "intercept": round(float(w[-1]), 4),
    }


def as_array(stored: dict) -> tuple[np.ndarray, float]:
    """(feature weights, model weight, intercept) as one row, and the model clip."""
    w = [float(stored["features"][name]) for name in pipeline.FEATURES]
    return np.array([*w, float(stored["model"]), float(stored["intercept"])]), float(stored["model_clip"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wikinews", type=Path, default=news.DEFAULT_PATH)
    parser.add_argument("--labels", type=Path, default=news.LABELS_PATH)
    parser.add_argument(
        "--write",
        choices=("zero", "hand-set"),
        help=f"write the refit with this prior to {pipeline.WEIGHTS_FILE.relative_to(ROOT)}",
    )
    parser.add_argument("--batches", type=int, nargs="+", help="only these labelling batches (default: all)")
    args = parser.parse_args()

    articles = [
        article
        for article in news.labelled_articles(args.wikinews, args.labels)
        if args.batches is None or article.batch in args.batches
    ]
    scorer = checkworthiness.get_scorer()
    train = collect([a for a in articles if a.split == "train"], scorer)
    validation = collect([a for a in articles if a.split == "validation"], scorer)
    print(f"train: {len(train.margin)} candidates ({train.positive.mean():.1%} positive)")
    print(f"validation: {len(validation.margin)} candidates ({validation.positive.mean():.1%} positive)")

    stored = json.loads(pipeline.WEIGHTS_FILE.read_text(encoding="utf-8"))
    hand_set = stored.get("prior", stored)  # the weights first set by hand, which a shipped refit was pulled towards
    rankings = {"shipped weights": as_array(stored), "hand-set weights": as_array(hand_set)}
    # Two priors for the penalty: zero, or the hand-set weights, so that a feature the labelled sentences rarely
    # show (a stated position) keeps its weight while one they show often moves as far as they say.
    for prior_name, prior in (("zero", None), ("hand-set", rankings["hand-set weights"][0])):
        print(f"refit towards the {prior_name} prior:")
        w, clip, _ = refit(train, validation, prior)
        rankings[f"refit, {prior_name} prior"] = (w, clip)
        print("  " + json.dumps(as_stored(w, clip)["features"]) + f", model {w[-2]:.3f}, intercept {w[-1]:.3f}")
        if args.write == prior_name:
            written = {
                "source": f"fitted by scripts/fit_evidence_weights.py on the train split of our labelled Wikinews "
                f"sentences (batches {' '.join(map(str, sorted({a.batch for a in articles})))}), pulled towards the "
                f"{prior_name} prior",
                **as_stored(w, clip),
                "prior": {key: hand_set[key] for key in ("features", "model", "model_clip", "intercept")},
            }
            pipeline.WEIGHTS_FILE.write_text(json.dumps(written, indent=2) + "\n", encoding="utf-8")
            print(f"  wrote {pipeline.WEIGHTS_FILE}")

    print(
        "validation split, through extraction itself: check-worthy sentences found at the share of sentences "
        f"flagged, as is and with the intercept that finds the most within {MAX_SHARE:.0%}; share of candidates sent "
        "to the model; average precision of scoreable candidates"
    )
    cached = CachedScorer(scorer)
    held_out = [a for a in articles if a.split == "validation"]
    for name, (w, clip) in rankings.items():
        z = design(validation, clip) @ w
        recall, share, model = through_pipeline(held_out, cached, w, clip)
        shift, _, _ = within_budget(validation, z)
        best = np.concatenate([w[:-1], [w[-1] + shift]])
        best_recall, best_share, _ = through_pipeline(held_out, cached, best, clip)
        print(
            f"  {name:22} {recall:.3f} at {share:.3f}; {best_recall:.3f} at {best_share:.3f}; model {model:.3f}; "
            f"AP {average_precision(validation, z):.3f}"
        )
    print(f"  {'model alone':22} AP {average_precision(validation, validation.margin):.3f}")


if __name__ == "__main__":
    main()
