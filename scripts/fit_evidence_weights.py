"""Refit the English extraction's news head and evidence weights and compare them with the shipped ones.

    .venv/bin/python scripts/fit_evidence_weights.py [--wikinews ../shared/data/news/wikinews] [--batches 1 2]
        [--write zero|hand-set]

A candidate's log-odds of being a claim is a weighted sum of its evidence (claims.extraction.pipeline.FEATURES),
of the check-worthiness model's margin over its threshold and of the news head's log-odds, each clipped
(claims/extraction/data/evidence_weights.json). The candidates are those of the train split of our hand-labelled
Wikinews sentences (a candidate is positive when a check-worthy sentence opens inside it; see
claims.evaluation.news_checkworthiness).

- The news head (claims/extraction/data/news_head.npz) is an L2-regularised logistic regression over the model's
  pooled encoder states of each candidate, pulled towards zero or towards the model's own logistic layer; the
  validation split's log-loss chooses the pull and the penalty. Its log-odds on each train candidate, for the
  evidence weights below, come from a head fitted without that candidate's article (five folds by article), so the
  weights see the head as it does on news it was not fitted on.
- The evidence weights are an L2-regularised logistic regression over the evidence and both clipped margins, the
  penalty pulling them towards zero or towards the weights first set by hand (the weights file's "prior", kept
  beside the refit that ships). The validation split chooses the clips and the penalty (the lowest log-loss among
  the refits that flag what the seed article's tests require, tests/extraction/test_seed.py), then the intercept:
  the one whose claims, selected as the pipeline selects them (threshold and per-article budget), take in the most
  check-worthy sentences while flagging at most MAX_SHARE of all sentences.

The script prints each refit, the shipped and the hand-set weights, the model alone and the news head alone side by
side on the validation split, as `extract_with` itself selects claims with each, with the share of candidates each
sends to the model (what extraction time grows with); `--write` replaces the
shipped weights and news head with one refit. `--batches` keeps the labelling batches given. NewsClaims and
CheckThat! are never read.
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
from tests.extraction.conftest import SEED  # noqa: E402
from tests.extraction.test_seed import EXPECTED as SEED_EXPECTED  # noqa: E402
from tests.extraction.test_seed import LEFT_OUT as SEED_LEFT_OUT  # noqa: E402

PENALTIES = (1.0, 3.0, 10.0, 30.0, 100.0)
CLIPS = (1.0, 2.0, 4.0, 6.0)
HEAD_PENALTIES = (100.0, 300.0, 1000.0, 3000.0)
HEAD_FOLDS = 5
# A desk reads at most this share of an article's sentences as claims; the intercept is the one that finds the most
# check-worthy validation sentences within it.
MAX_SHARE = 0.45
SHIFTS = np.arange(-4.0, 4.0, 0.05)


@dataclass(slots=True)
class Candidates:
    """One split's scoreable candidates: evidence rows, model margins, pooled encoder states, labels, article of
    each; `news` holds the news head's log-odds once it is fitted."""

    evidence: np.ndarray
    margin: np.ndarray
    pooled: np.ndarray
    positive: np.ndarray
    worthy: np.ndarray  # check-worthy sentences opening inside the candidate
    sentences: np.ndarray  # labelled sentences opening inside it
    article: np.ndarray
    budgets: list[int]
    total_worthy: int  # every labelled check-worthy sentence, also those no scoreable candidate holds
    total_sentences: int
    news: np.ndarray | None = None


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
    pooled = scorer.features(texts)
    probabilities = scorer.score_features(pooled)
    eps = 1e-6
    p = np.clip(probabilities, eps, 1 - eps)
    t = scorer.threshold
    margin = np.log(p / (1 - p)) - math.log(t / (1 - t))
    return Candidates(
        np.array(rows, dtype=float),
        margin,
        pooled,
        np.array(positive, dtype=bool),
        np.array(worthy),
        np.array(sentences),
        np.array(article_of),
        budgets,
        sum(label == news.CHECKWORTHY for a in articles for _, label in a.sentences),
        sum(len(a.sentences) for a in articles),
    )


def design(c: Candidates, clip: float, news_clip: float) -> np.ndarray:
    """Evidence, the clipped model margin, the clipped news log-odds and the intercept's column."""
    news = np.zeros(len(c.margin)) if c.news is None else c.news
    return np.column_stack(
        [c.evidence, np.clip(c.margin, -clip, clip), np.clip(news, -news_clip, news_clip), np.ones(len(c.margin))]
    )


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


def fit_head(
    x: np.ndarray,
    y: np.ndarray,
    penalty: float,
    prior: np.ndarray | None,
    scorer: checkworthiness.CheckworthinessScorer,
) -> np.ndarray:
    """A news head on pooled states `x`, fitted on the model's standardised features: (weights, bias) on the raw
    states, the standardisation folded in as `pipeline.NewsHead` applies them."""
    standard = (x - scorer.mean) / scorer.scale
    w = fit_logistic(np.column_stack([standard, np.ones(len(x))]), y, penalty, prior, iterations=50)
    weights = w[:-1] / scorer.scale
    return np.concatenate([weights, [w[-1] - float(scorer.mean @ weights)]])


def head_log_odds(head: np.ndarray, x: np.ndarray) -> np.ndarray:
    return pipeline.NewsHead(weights=head[:-1], bias=float(head[-1])).log_odds(x)


def fit_news_head(
    train: Candidates, validation: Candidates, scorer: checkworthiness.CheckworthinessScorer
) -> np.ndarray:
    """The head of the lowest validation log-loss; sets both splits' `news` (train's from heads fitted without the
    candidate's article)."""
    y = train.positive.astype(float)
    model_layer = np.concatenate([scorer.weights, [scorer.bias]])
    best = None
    for prior_name, prior in (("zero", None), ("the model's layer", model_layer)):
        for penalty in HEAD_PENALTIES:
            head = fit_head(train.pooled, y, penalty, prior, scorer)
            z = head_log_odds(head, validation.pooled)
            loss = float(np.mean(np.logaddexp(0.0, z) - validation.positive * z))
            print(f"  news head towards {prior_name}, penalty {penalty:g}: validation log-loss {loss:.4f}")
            if best is None or loss < best[0]:
                best = (loss, prior_name, prior, penalty, head)
    assert best is not None
    _, prior_name, prior, penalty, head = best
    print(f"  chosen: towards {prior_name}, penalty {penalty:g}")
    folds = train.article % HEAD_FOLDS
    train.news = np.zeros(len(y))
    for fold in range(HEAD_FOLDS):
        held = folds == fold
        fold_head = fit_head(train.pooled[~held], y[~held], penalty, prior, scorer)
        train.news[held] = head_log_odds(fold_head, train.pooled[held])
    validation.news = head_log_odds(head, validation.pooled)
    print(
        f"  average precision of the head alone: train (cross-fitted) {average_precision(train, train.news):.3f}, "
        f"validation {average_precision(validation, validation.news):.3f}"
    )
    return head


@dataclass(frozen=True, slots=True)
class Weighting:
    """Feature weights, model weight, news weight and intercept as one row, with the two clips."""

    w: np.ndarray
    clip: float
    news_clip: float

    def z(self, c: Candidates) -> np.ndarray:
        return design(c, self.clip, self.news_clip) @ self.w

    def shifted(self, shift: float) -> Weighting:
        return Weighting(np.concatenate([self.w[:-1], [self.w[-1] + shift]]), self.clip, self.news_clip)

    def as_pipeline(self) -> pipeline.EvidenceWeights:
        return pipeline.EvidenceWeights(
            features=tuple(float(v) for v in self.w[:-3]),
            model=float(self.w[-3]),
            model_clip=self.clip,
            news=float(self.w[-2]),
            news_clip=self.news_clip,
            intercept=float(self.w[-1]),
        )

    def as_stored(self) -> dict:
        return {
            "features": {name: round(float(v), 4) for name, v in zip(pipeline.FEATURES, self.w[:-3], strict=True)},
            "model": round(float(self.w[-3]), 4),
            "model_clip": self.clip,
            "news": round(float(self.w[-2]), 4),
            "news_clip": self.news_clip,
            "intercept": round(float(self.w[-1]), 4),
        }

    @classmethod
    def of(cls, stored: dict) -> Weighting:
        w = [float(stored["features"][name]) for name in pipeline.FEATURES]
        w += [float(stored["model"]), float(stored.get("news", 0.0)), float(stored["intercept"])]
        return cls(np.array(w), float(stored["model_clip"]), float(stored.get("news_clip", 0.0)))


def through_pipeline(
    articles: list[news.LabelledArticle], scorer: news.CachedScores, weighting: Weighting
) -> tuple[float, float, float]:
    """Recall of check-worthy sentences, share of sentences flagged and share of candidates sent to the model, as
    extraction itself (`extract_with`) selects claims with these weights."""
    tally, candidates, asked_before = news.Tally(), 0, scorer.asked
    for article in articles:
        claims = pipeline.extract_with(
            article.text,
            title=article.title,
            score=scorer.score,
            model_threshold=scorer.scorer.threshold,
            news=scorer.news,
            weights=weighting.as_pipeline(),
        )
        candidates += len(claims)
        for label, flagged in news.flagged_sentences(claims, article):
            tally.add(label, flagged)
    return tally.recall, tally.share_flagged, (scorer.asked - asked_before) / candidates


def seed_requirements_met(scorer: news.CachedScores, weighting: Weighting) -> bool:
    """Whether extraction with these weights flags every statement the seed article's tests require and none of
    those they leave out (tests/extraction/test_seed.py)."""
    flagged = [
        c.text
        for c in pipeline.extract_with(
            SEED.read_text(encoding="utf-8"),
            score=scorer.score,
            model_threshold=scorer.scorer.threshold,
            news=scorer.news,
            weights=weighting.as_pipeline(),
        )
        if c.is_claim
    ]
    return all(any(phrase in text for text in flagged) for phrase, _ in SEED_EXPECTED) and not any(
        phrase in text for phrase in SEED_LEFT_OUT for text in flagged
    )


def refit(
    train: Candidates, validation: Candidates, prior: np.ndarray | None, scorer: news.CachedScores
) -> Weighting | None:
    """Weights (intercept shifted for the desk's budget), clips and penalty: of those whose selection meets the seed
    article's requirements, the lowest validation log-loss (None when none does)."""
    fits = []
    for clip in CLIPS:
        for news_clip in CLIPS:
            for penalty in PENALTIES:
                w = fit_logistic(design(train, clip, news_clip), train.positive.astype(float), penalty, prior)
                loss = log_loss(design(validation, clip, news_clip), validation.positive.astype(float), w)
                fits.append((loss, penalty, Weighting(w, clip, news_clip)))
    for loss, penalty, weighting in sorted(fits, key=lambda fit: fit[0]):
        shift, _, _ = within_budget(validation, weighting.z(validation))
        described = (
            f"clip {weighting.clip:g}, news clip {weighting.news_clip:g}, penalty {penalty:g}, "
            f"validation log-loss {loss:.4f}, intercept shift {shift:+.2f}"
        )
        if seed_requirements_met(scorer, weighting.shifted(shift)):
            print(f"  {described}")
            return weighting.shifted(shift)
        print(f"  passed over, misses the seed's requirements: {described}")
    print("  none meets the seed's requirements")
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wikinews", type=Path, default=news.DEFAULT_PATH)
    parser.add_argument("--labels", type=Path, default=news.LABELS_PATH)
    parser.add_argument(
        "--write",
        choices=("zero", "hand-set"),
        help=f"write the refit with this prior to {pipeline.WEIGHTS_FILE.relative_to(ROOT)}, and the news head",
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
    head = fit_news_head(train, validation, scorer)
    cached = news.CachedScores(scorer, pipeline.NewsHead(weights=head[:-1], bias=float(head[-1])))

    stored = json.loads(pipeline.WEIGHTS_FILE.read_text(encoding="utf-8"))
    hand_set = stored.get("prior", stored)  # the weights first set by hand, which a shipped refit was pulled towards
    rankings = {"shipped weights": Weighting.of(stored), "hand-set weights": Weighting.of(hand_set)}
    # Two priors for the penalty: zero, or the hand-set weights, so that a feature the labelled sentences rarely
    # show (a stated position) keeps its weight while one they show often moves as far as they say.
    for prior_name, prior in (("zero", None), ("hand-set", rankings["hand-set weights"].w)):
        print(f"refit towards the {prior_name} prior:")
        weighting = refit(train, validation, prior, cached)
        if weighting is None:
            continue
        rankings[f"refit, {prior_name} prior"] = weighting
        print("  " + json.dumps(weighting.as_stored()))
        if args.write == prior_name:
            batches = " ".join(map(str, sorted({a.batch for a in articles})))
            written = {
                "source": f"fitted by scripts/fit_evidence_weights.py on the train split of our labelled Wikinews "
                f"sentences (batches {batches}), pulled towards the {prior_name} prior",
                **weighting.as_stored(),
                "prior": {key: hand_set[key] for key in ("features", "model", "model_clip", "intercept")},
            }
            pipeline.WEIGHTS_FILE.write_text(json.dumps(written, indent=2) + "\n", encoding="utf-8")
            np.savez(pipeline.NEWS_HEAD_FILE, weights=head[:-1].astype(np.float32), bias=np.float64(head[-1]))
            print(f"  wrote {pipeline.WEIGHTS_FILE} and {pipeline.NEWS_HEAD_FILE}")

    print(
        "validation split, through extraction itself: check-worthy sentences found at the share of sentences "
        f"flagged, as is and with the intercept that finds the most within {MAX_SHARE:.0%}; share of candidates sent "
        "to the model; average precision of scoreable candidates"
    )
    held_out = [a for a in articles if a.split == "validation"]
    for name, weighting in rankings.items():
        z = weighting.z(validation)
        recall, share, model = through_pipeline(held_out, cached, weighting)
        shift, _, _ = within_budget(validation, z)
        best_recall, best_share, _ = through_pipeline(held_out, cached, weighting.shifted(shift))
        print(
            f"  {name:22} {recall:.3f} at {share:.3f}; {best_recall:.3f} at {best_share:.3f}; model {model:.3f}; "
            f"AP {average_precision(validation, z):.3f}"
        )
    print(f"  {'model alone':22} AP {average_precision(validation, validation.margin):.3f}")
    print(f"  {'news head alone':22} AP {average_precision(validation, validation.news):.3f}")


if __name__ == "__main__":
    main()
