"""Fit how much a watched topic moves a candidate's log-odds of being a claim.

    .venv/bin/python scripts/fit_topic_weights.py [--wikinews ../shared/data/news/wikinews] [--write]

With watched topics, extraction adds `weight * (max(cosine, floor) - centre)` to a candidate's log-odds, where
`cosine` is its nearness to the nearest topic (claims/extraction/topics.py). The topics are NewsClaims's four
COVID-19 topics as described by our own statements (claims/evaluation/data/covid_topics.json); the labels are our
hand-labelled topics of the 32 COVID-19 Wikinews articles (tests/extraction/data/wikinews_covid_topics.json) beside
their check-worthiness labels. A candidate is positive when a check-worthy sentence on one of the topics opens
inside it.

- train split (claims.evaluation.news_checkworthiness.split_of): for each floor, the weight and centre of the lowest
  log-loss, on top of the shipped evidence weights;
- validation split: the floor of the lowest log-loss, then the centre (as the evidence weights' intercept) whose
  claims, selected by `extract_with` itself, take in the most on-topic check-worthy sentences while flagging at
  most 45% of sentences; of centres that find as many, the highest, which flags fewest (the intercept's rule).

`--write` stores the chosen weights in claims/extraction/data/topic_weights.json. NewsClaims is never read.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.evaluation import news_checkworthiness as news  # noqa: E402
from claims.evaluation import topics as topic_evaluation  # noqa: E402
from claims.extraction import pipeline, topics  # noqa: E402
from claims.intelligence import checkworthiness, embeddings  # noqa: E402

FLOORS = (0.0, 0.1, 0.2, 0.3)
WEIGHTS = np.arange(0.0, 30.01, 0.5)
CENTRES = np.arange(0.0, 0.801, 0.01)
MAX_SHARE = 0.45


class Cached(news.CachedScores):
    """Model scores, the news head's log-odds and embeddings, each sentence computed once across every setting
    compared."""

    def __init__(self) -> None:
        super().__init__(checkworthiness.get_scorer(), pipeline.news_head())
        self.vectors: dict[str, np.ndarray] = {}

    def embed(self, sentences: Sequence[str]) -> np.ndarray:
        missing = [s for s in dict.fromkeys(sentences) if s not in self.vectors]
        if missing:
            self.vectors.update(zip(missing, embeddings.embed(missing), strict=True))
        return np.stack([self.vectors[s] for s in sentences])


def candidate_rows(
    articles: list[topic_evaluation.TopicArticle], cached: Cached, watched: Sequence[topics.Topic]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each scoreable candidate's log-odds under the shipped weights without topics, its cosine with the nearest
    topic, and whether an on-topic check-worthy sentence opens inside it."""
    statement_vectors = [embeddings.embed(list(t.statements)) for t in watched]
    z, cosine, positive = [], [], []
    for article in articles:
        claims = pipeline.extract_with(
            article.labelled.text,
            title=article.labelled.title,
            score=cached.score,
            model_threshold=cached.scorer.threshold,
            news=cached.news,
        )
        for claim in claims:
            within = article.within(claim)
            if not within or claim.checkworthiness <= 0.0001:
                continue
            z.append(np.log(claim.checkworthiness / (1 - claim.checkworthiness)))
            cosine.append(float(topics.nearness(cached.embed([claim.text]), statement_vectors)[0]))
            positive.append(any(label == news.CHECKWORTHY and topic for label, topic in within))
    return np.array(z), np.array(cosine), np.array(positive, dtype=float)


def log_loss(z: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean(np.logaddexp(0.0, z) - y * z))


def fit(z: np.ndarray, cosine: np.ndarray, y: np.ndarray, floor: float) -> tuple[float, float, float]:
    """The (weight, centre) of the lowest log-loss on these rows, and that log-loss."""
    clipped = np.maximum(cosine, floor)
    best = (0.0, 0.0, log_loss(z, y))
    for weight in WEIGHTS:
        for centre in CENTRES:
            loss = log_loss(z + weight * (clipped - centre), y)
            if loss < best[2]:
                best = (float(weight), round(float(centre), 2), loss)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--wikinews", type=Path, default=news.DEFAULT_PATH)
    parser.add_argument("--write", action="store_true", help="store the chosen weights")
    args = parser.parse_args()
    watched = topic_evaluation.covid_topics()
    articles = topic_evaluation.topic_articles(args.wikinews)
    split = {s: [a for a in articles if a.labelled.split == s] for s in news.SPLITS}
    cached = Cached()
    rows = {s: candidate_rows(split[s], cached, watched) for s in news.SPLITS}
    print(f"articles: train {len(split['train'])}, validation {len(split['validation'])}")
    for s in news.SPLITS:
        z, cosine, y = rows[s]
        print(f"{s}: {len(y)} candidates, {int(y.sum())} positive; log-loss without topics {log_loss(z, y):.4f}")
    chosen = None
    for floor in FLOORS:
        weight, centre, train_loss = fit(*rows["train"], floor)
        z, cosine, y = rows["validation"]
        loss = log_loss(z + weight * (np.maximum(cosine, floor) - centre), y)
        print(
            f"floor {floor}: weight {weight}, centre {centre}; log-loss train {train_loss:.4f}, validation {loss:.4f}"
        )
        if chosen is None or loss < chosen[0]:
            chosen = (loss, floor, weight, centre)
    _, floor, weight, centre = chosen
    print(f"chosen: floor {floor}, weight {weight}, centre {centre}")
    best = None
    for shifted in CENTRES[::-1]:  # the highest first: of equal recalls, the one that flags fewest is kept
        w = topics.TopicWeights(weight=weight, centre=round(float(shifted), 2), floor=floor)
        tally = topic_evaluation.selection(
            split["validation"], watched, w, score=cached.score, news=cached.news, embed=cached.embed
        )
        print(f"  centre {w.centre}: validation recall {tally.recall:.3f}, flagged {tally.share_flagged:.3f}")
        if tally.share_flagged <= MAX_SHARE and (best is None or tally.recall > best[0]):
            best = (tally.recall, w)
    if best is None:
        raise SystemExit(f"no centre flags at most {MAX_SHARE:.0%} of validation sentences")
    weights = best[1]
    for s in news.SPLITS:
        tally = topic_evaluation.selection(
            split[s], watched, weights, score=cached.score, news=cached.news, embed=cached.embed
        )
        print(f"{s}: recall {tally.recall:.3f}, flagged {tally.share_flagged:.3f}")
    print("chosen:", weights)
    if args.write:
        fitted = {
            "source": "fitted by scripts/fit_topic_weights.py on the train split of our topic-labelled COVID-19 "
            "Wikinews articles; the validation split chose the floor and the centre",
            "weight": weights.weight,
            "centre": weights.centre,
            "floor": weights.floor,
        }
        topics.WEIGHTS_FILE.write_text(json.dumps(fitted, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
