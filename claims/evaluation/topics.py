"""Extraction for a desk that watches topics, measured on our topic-labelled COVID-19 Wikinews articles.

`tests/extraction/data/wikinews_covid_topics.json` gives every sentence of the 32 COVID-19 articles of the labelled
Wikinews sentences (claims.evaluation.news_checkworthiness) one of NewsClaims's four topics (origin, transmission,
cure, protection) or none. The watched topics are those four, described by our own statements
(`data/covid_topics.json`). Each article runs through `article_candidates_extract` with them, as ingestion runs it
for a desk that watches them:

- recall: check-worthy sentences on a topic inside a flagged claim, over all of them;
- share flagged: labelled sentences inside a flagged claim, over all labelled sentences.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from claims.evaluation import attribution
from claims.evaluation import news_checkworthiness as news
from claims.extraction import ExtractedClaim, pipeline
from claims.extraction import topics as topic_model

ROOT = Path(__file__).resolve().parents[2]
TOPIC_LABELS_PATH = ROOT / "tests" / "extraction" / "data" / "wikinews_covid_topics.json"
COVID_TOPICS_PATH = Path(__file__).resolve().parent / "data" / "covid_topics.json"


DEFAULT_PATH = news.DEFAULT_PATH


def covid_topics() -> tuple[topic_model.Topic, ...]:
    """NewsClaims's four topics as our statements describe them."""
    return topic_model.read_topics(COVID_TOPICS_PATH)


@dataclass(frozen=True, slots=True)
class TopicArticle:
    labelled: news.LabelledArticle
    topics: dict[int, str]  # sentence offset: its topic, "" for none

    def within(self, claim: ExtractedClaim) -> list[tuple[int, str]]:
        """(label, topic) of each labelled sentence that opens inside `claim`."""
        return [(label, self.topics[at]) for at, label in self.labelled.sentences if claim.start <= at < claim.end]


def topic_articles(path: Path = news.DEFAULT_PATH, labels: Path = TOPIC_LABELS_PATH) -> list[TopicArticle]:
    """The topic-labelled articles with their check-worthiness labels; a locator missing from its article is an
    error."""
    labelled = {a.url: a for a in news.labelled_articles(path)}
    out = []
    for entry in json.loads(labels.read_text(encoding="utf-8"))["articles"]:
        article = labelled[entry["url"]]
        found = {}
        for sentence in entry["sentences"]:
            at = attribution.locate(article.text, sentence["locator"])
            if at < 0:
                raise ValueError(f"{entry['url']}: no sentence opens with {sentence['locator']!r}")
            found[at] = "" if sentence["topic"] == "none" else sentence["topic"]
        out.append(TopicArticle(article, found))
    return out


class Tally(news.Tally):
    """Selection of check-worthy sentences on a topic."""

    __slots__ = ()

    def add_sentence(self, label: int, topic: str, flagged: bool) -> None:
        self.add(news.CHECKWORTHY if label == news.CHECKWORTHY and topic else 0, flagged)


def _tally(articles: Sequence[TopicArticle], extracted: Callable[[news.LabelledArticle], list[ExtractedClaim]]):
    tally = Tally()
    for article in articles:
        claims = extracted(article.labelled)
        for at, label in article.labelled.sentences:
            holder = news.holder(claims, at)
            tally.add_sentence(label, article.topics[at], holder is not None and holder.is_claim)
    return tally


def selection(
    articles: Sequence[TopicArticle],
    watched: Sequence[topic_model.Topic],
    weights: topic_model.TopicWeights,
    *,
    score: Callable[[Sequence[str]], list[float]],
    news: Callable[[Sequence[str]], Sequence[float]],
    embed: Callable[[Sequence[str]], np.ndarray],
) -> Tally:
    """What `extract_with` flags with these topic weights (for fitting them: scores, the news head's log-odds and
    embeddings given)."""
    statement_vectors = [embed(list(t.statements)) for t in watched]

    def extracted(article: news.LabelledArticle) -> list[ExtractedClaim]:
        return pipeline.extract_with(
            article.text,
            title=article.title,
            score=score,
            model_threshold=pipeline_threshold(),
            news=news,
            topics=watched,
            topic_nearness=lambda sentences: topic_model.nearness(embed(sentences), statement_vectors),
            topic_weights=weights,
        )

    return _tally(articles, extracted)


def pipeline_threshold() -> float:
    from claims.intelligence import checkworthiness

    return checkworthiness.get_scorer().threshold


def evaluate(path: Path = news.DEFAULT_PATH, labels: Path = TOPIC_LABELS_PATH) -> list[tuple[str, str]]:
    """Each split through extraction as ingestion runs it (`article_candidates_extract`) with the four topics
    watched, and without them."""
    from claims.services.ingestion import article_candidates_extract  # (the fitting script needs no Django)

    watched = covid_topics()
    articles = topic_articles(path, labels)
    rows = []
    for split in news.SPLITS:
        mine = [a for a in articles if a.labelled.split == split]
        plain = _tally(mine, lambda a: article_candidates_extract(text=a.text, title=a.title, topics=()))
        focused = _tally(mine, lambda a: article_candidates_extract(text=a.text, title=a.title, topics=watched))
        rows += [
            (
                f"{split}: articles, sentences, check-worthy on a topic",
                f"{len(mine)}, {plain.sentences}, {plain.claims}",
            ),
            (f"{split}: topics watched: recall, flagged", f"{focused.recall:.3f}, {focused.share_flagged:.3f}"),
            (f"{split}: no topics watched: recall, flagged", f"{plain.recall:.3f}, {plain.share_flagged:.3f}"),
        ]
    return rows
