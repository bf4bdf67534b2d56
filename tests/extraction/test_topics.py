"""Watched topics in extraction: how nearness moves a candidate, the topics files, and the topic labels."""

import json

import numpy as np
import pytest

from claims.evaluation import news_checkworthiness as news
from claims.evaluation import topics as topic_evaluation
from claims.extraction import extract_claims, extract_with
from claims.extraction.topics import Topic, TopicWeights, read_topics, topic_weights

from .conftest import neutral_score, news_leaning_worthy

ARTICLE = (
    "The health ministry said on Monday that the virus spreads between people through droplets in the air. "
    "The ministry said on Monday that the new bridge across the river will open to traffic in March."
)
WATCHED = (Topic("Transmission", ("The virus spreads from person to person through the air.",)),)
WEIGHTS = TopicWeights(weight=8.0, centre=0.4, floor=0.3)


def nearness_by_word(word: str, near: float, far: float):
    """A stand-in for the encoder: sentences with `word` sit at `near` to the one topic, the rest at `far`."""
    return lambda sentences: np.array([near if word in s else far for s in sentences])


def test_nearness_moves_log_odds_from_the_centre_and_no_lower_than_the_floor():
    assert WEIGHTS.gain(0.9) == pytest.approx(8.0 * 0.5)
    assert WEIGHTS.gain(0.4) == 0.0
    assert WEIGHTS.gain(0.1) == WEIGHTS.gain(0.3) == pytest.approx(8.0 * -0.1)
    assert WEIGHTS.reach() == pytest.approx(8.0 * 0.6)


def test_a_claim_on_a_watched_topic_ranks_above_one_that_is_not():
    plain = extract_with(ARTICLE, score=neutral_score, model_threshold=0.5, news=news_leaning_worthy)
    watched = extract_with(
        ARTICLE,
        score=neutral_score,
        model_threshold=0.5,
        news=news_leaning_worthy,
        topics=WATCHED,
        topic_nearness=nearness_by_word("virus", near=0.8, far=0.1),
        topic_weights=WEIGHTS,
    )
    virus, bridge = watched
    assert plain[1].checkworthiness >= 0.5  # the bridge is worth checking for a desk that watches nothing
    assert virus.checkworthiness > plain[0].checkworthiness
    assert bridge.checkworthiness < 0.5
    assert virus.is_claim


def test_topics_without_their_nearness_are_an_error():
    with pytest.raises(ValueError, match="topic_nearness"):
        extract_with(ARTICLE, score=neutral_score, model_threshold=0.5, topics=WATCHED)


def test_the_encoder_places_a_sentence_on_its_topic():
    plain = {c.text: c.checkworthiness for c in extract_claims(ARTICLE)}
    watched = {c.text: c.checkworthiness for c in extract_claims(ARTICLE, topics=WATCHED)}
    virus, bridge = list(plain)
    assert watched[virus] > plain[virus]
    assert watched[bridge] < plain[bridge]


def test_the_shipped_weights_lift_near_sentences_and_lower_far_ones():
    shipped = topic_weights()
    assert shipped.weight > 0
    assert shipped.gain(1.0) > 0 > shipped.gain(0.0)


def test_topics_files_are_read_and_malformed_ones_refused(tmp_path):
    assert [t.name for t in topic_evaluation.covid_topics()] == ["Origin", "Transmission", "Cure", "Protection"]
    assert all(len(t.statements) >= 5 for t in topic_evaluation.covid_topics())
    bad = tmp_path / "topics.json"
    bad.write_text(json.dumps({"topics": [{"name": "Masks", "statements": "Masks work."}]}))
    with pytest.raises(ValueError, match="not a topics file: the statements of 'Masks' are not a list"):
        read_topics(bad)
    bad.write_text(json.dumps({"topics": [{"name": "Masks", "statements": []}]}))
    with pytest.raises(ValueError, match="not a list of at least one"):
        read_topics(bad)
    for statements in (["Masks work.\nThey cut transmission."], ["  "]):
        bad.write_text(json.dumps({"topics": [{"name": "Masks", "statements": statements}]}))
        with pytest.raises(ValueError, match="empty or not one line"):
            read_topics(bad)
    bad.write_text(json.dumps({"topics": [{"name": "Masks"}]}))
    with pytest.raises(ValueError, match="not a topics file: 'statements'"):
        read_topics(bad)


def test_topic_labels_cover_every_labelled_sentence_of_their_articles():
    topics = json.loads(topic_evaluation.TOPIC_LABELS_PATH.read_text(encoding="utf-8"))["articles"]
    checkworthiness = {
        a["url"]: [s["locator"] for s in a["sentences"]]
        for a in json.loads(news.LABELS_PATH.read_text(encoding="utf-8"))["articles"]
    }
    assert len(topics) == 32
    for article in topics:
        assert [s["locator"] for s in article["sentences"]] == checkworthiness[article["url"]]
        assert {s["topic"] for s in article["sentences"]} <= {"none", "origin", "transmission", "cure", "protection"}
