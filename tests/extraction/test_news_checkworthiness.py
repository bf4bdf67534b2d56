"""The hand-labelled Wikinews check-worthiness set, its evaluation, and the evidence weights it can refit."""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from io import StringIO

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from claims.evaluation import news_checkworthiness as news
from claims.extraction import extract_with, pipeline
from claims.intelligence import checkworthiness
from scripts import fit_evidence_weights as fit
from tests.extraction.conftest import neutral_score

LABELS = json.loads(news.LABELS_PATH.read_text(encoding="utf-8"))
URL = "https://en.wikinews.org/wiki/Harbour_reopens"
TEXT = (
    "The harbour reopened on Monday after a week of repairs.\n\n"
    "Harbour master Lena Ortiz said 40 ships had waited offshore.\n\n"
    "It was a lovely day for everyone."
)


def test_every_sentence_of_each_article_has_one_of_three_labels():
    articles = LABELS["articles"]
    assert len(articles) >= 96
    assert len({a["url"] for a in articles}) == len(articles)
    for article in articles:
        assert article["url"].startswith("https://en.wikinews.org/")
        locators = [s["locator"] for s in article["sentences"]]
        assert len(set(locators)) == len(locators), article["url"]
        for sentence in article["sentences"]:
            assert sentence["label"] in (0, 1, 2), sentence
            # A locator is a sentence's opening words, not the sentence.
            assert len(sentence["locator"].split()) <= 16, sentence


def test_each_check_worthy_sentence_names_its_claimant_and_cue():
    for article in LABELS["articles"]:
        for sentence in article["sentences"]:
            if sentence["label"] != 2:
                assert "claimant" not in sentence, sentence
                continue
            # the journalist's own statement has neither claimant nor cue
            assert bool(sentence["claimant"]) == ("in_sentence" in sentence), sentence
            assert sentence["claimant"] or not sentence["cue"], sentence


def test_both_splits_hold_check_worthy_and_other_sentences():
    labels = {split: set() for split in news.SPLITS}
    for article in LABELS["articles"]:
        labels[news.split_of(article["url"])] |= {s["label"] for s in article["sentences"]}
    assert labels == {"train": {0, 1, 2}, "validation": {0, 1, 2}}


def _corpus(tmp_path, sentences):
    with (tmp_path / "news.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["url", "date", "title", "text"])
        writer.writeheader()
        writer.writerow({"url": URL, "date": "2020-01-01", "title": "Harbour reopens", "text": TEXT})
    labels = tmp_path / "labels.json"
    labels.write_text(json.dumps({"articles": [{"url": URL, "title": "Harbour reopens", "sentences": sentences}]}))
    return labels


def test_evaluation_counts_every_labelled_sentence_of_the_article(tmp_path):
    labels = _corpus(
        tmp_path,
        [
            {"locator": "The harbour reopened on Monday", "label": 1},
            {"locator": "Harbour master Lena Ortiz said", "label": 2},
            {"locator": "It was a lovely day", "label": 0},
        ],
    )
    rows = dict(news.evaluate(tmp_path, labels))
    split = news.split_of(URL)
    assert rows[f"{split}: articles, sentences, check-worthy"] == "1, 3, 1"
    assert rows[f"{split}: recall of check-worthy sentences"] == "1.000"
    # Only the source's figure: the routine opening is not worth a checker's time, the opinion is never a claim.
    assert rows[f"{split}: share of sentences flagged"] == "0.333"


def test_evaluation_flags_as_the_configured_threshold_does(tmp_path, settings):
    labels = _corpus(tmp_path, [{"locator": "Harbour master Lena Ortiz said", "label": 2}])
    # A deployment that asks more of the model than any sentence reaches: ingestion keeps nothing, nor does the figure
    settings.FACTCHECK_CHECKWORTHINESS_THRESHOLD = 1.01
    rows = dict(news.evaluate(tmp_path, labels))
    assert rows[f"{news.split_of(URL)}: recall of check-worthy sentences"] == "0.000"


def test_evaluation_reports_each_labelling_batch_of_a_split(tmp_path):
    said = {"locator": "Harbour master Lena Ortiz said", "label": 2, "claimant": "Harbour master Lena Ortiz"}
    labels = _corpus(tmp_path, [{**said, "cue": "said", "in_sentence": True}])
    entry = json.loads(labels.read_text())
    entry["articles"][0]["batch"] = 2
    labels.write_text(json.dumps(entry))
    rows = dict(news.evaluate(tmp_path, labels))
    assert rows[f"{news.split_of(URL)}, batch 2: articles; recall, flagged, claimant score"] == "1; 1.000, 1.000, 1.000"


def test_the_shipped_labels_say_which_batch_each_article_came_in():
    assert (
        {article["batch"] for article in LABELS["articles"]}
        == {int(key) for key in LABELS["batches"]}
        == {1, 2, 3, 4, 5}
    )


def test_a_locator_missing_from_its_article_is_a_clear_error(tmp_path):
    _corpus(tmp_path, [{"locator": "No such sentence in the text", "label": 2}])
    (tmp_path / "labels.json").rename(tmp_path / "mine.json")
    with pytest.raises(ValueError, match="No such sentence"):
        news.labelled_articles(tmp_path, tmp_path / "mine.json")


def test_an_article_missing_from_the_corpus_is_a_clear_error(tmp_path):
    labels = _corpus(tmp_path, [{"locator": "The harbour reopened on Monday", "label": 1}])
    entry = json.loads(labels.read_text())
    entry["articles"][0]["url"] = "https://en.wikinews.org/wiki/Elsewhere"
    labels.write_text(json.dumps(entry))
    with pytest.raises(ValueError, match=r"no article .*/wiki/Elsewhere"):
        news.labelled_articles(tmp_path, labels)


def test_the_command_names_both_splits():
    if not news.DEFAULT_PATH.exists():
        pytest.skip("the Wikinews corpus is not beside the repository")
    out = StringIO()
    call_command("evaluate", "news_checkworthiness", stdout=out)
    assert "validation: recall of check-worthy sentences" in out.getvalue()


def test_the_command_refuses_a_corpus_without_the_labelled_articles(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("evaluate", "news_checkworthiness", str(tmp_path / "nowhere"))


def test_the_shipped_weights_name_every_feature():
    stored = json.loads(pipeline.WEIGHTS_FILE.read_text(encoding="utf-8"))
    assert set(stored["features"]) == set(pipeline.FEATURES)
    weights = pipeline.evidence_weights()
    assert len(weights.features) == len(pipeline.FEATURES)
    assert weights.reach() == abs(weights.model) * weights.model_clip + abs(weights.news) * weights.news_clip
    assert weights.news > 0


def test_the_news_head_reads_the_models_pooled_states():
    head = pipeline.news_head()
    scorer = checkworthiness.get_scorer()
    assert head.weights.shape == scorer.mean.shape
    plain, figure = head.log_odds(scorer.features(["Everyone is welcome here.", "Unemployment rose to 9% in May."]))
    assert figure > plain


def test_each_model_moves_a_candidate_by_at_most_its_clipped_margin():
    weights = pipeline.EvidenceWeights(
        features=(0.0,) * len(pipeline.FEATURES), model=0.5, model_clip=2.0, intercept=-1.0, news=1.0, news_clip=1.5
    )
    assert weights.with_model(-1.0, 10.0, 0.0) == pytest.approx(0.0)
    assert weights.with_model(-1.0, -10.0, 0.0) == pytest.approx(-2.0)
    assert weights.with_model(-1.0, 1.0, 0.0) == pytest.approx(-0.5)
    assert weights.with_model(-1.0, 0.0, 10.0) == pytest.approx(0.5)
    assert weights.with_model(-1.0, 0.0, -1.0) == pytest.approx(-2.0)
    assert weights.reach() == pytest.approx(2.5)


def test_cached_scores_send_each_sentence_through_the_encoder_once():
    scorer = checkworthiness.get_scorer()
    encoded: list[str] = []

    class Counting:
        threshold = scorer.threshold

        def features(self, sentences):
            encoded.extend(sentences)
            return scorer.features(sentences)

        score_features = staticmethod(scorer.score_features)

    cached = news.CachedScores(Counting(), pipeline.news_head())
    first = cached.score(["Unemployment rose to 9% in May.", "Everyone is welcome here."])
    again = cached.score(["Everyone is welcome here.", "Unemployment rose to 9% in May."])
    assert again == first[::-1]
    assert encoded == ["Unemployment rose to 9% in May.", "Everyone is welcome here."]
    assert cached.asked == 4
    news_log_odds = cached.news(["Unemployment rose to 9% in May."])
    assert news_log_odds == pytest.approx(
        pipeline.news_head().log_odds(scorer.features(["Unemployment rose to 9% in May."]))
    )


def test_extraction_adds_the_news_heads_word_to_the_models():
    def scored(news_log_odds):
        (claim,) = extract_with(
            "The harbour reopened to ships on Monday.",
            score=neutral_score,
            model_threshold=0.5,
            news=lambda s: [news_log_odds] * len(s),
        )
        return claim.checkworthiness

    assert scored(-3.0) < scored(0.0) < scored(3.0)


def test_extraction_follows_the_weights_it_is_given():
    def flagged(weights=None):
        claims = extract_with(TEXT, score=lambda s: [0.9] * len(s), model_threshold=0.5, weights=weights)
        return [c.text for c in claims if c.is_claim]

    assert "Harbour master Lena Ortiz said 40 ships had waited offshore." in flagged()
    assert flagged(replace(pipeline.evidence_weights(), intercept=-20.0)) == []


def test_the_refit_recovers_a_known_logistic_relation():
    rng = np.random.default_rng(3)
    x = np.column_stack([rng.normal(size=4000), rng.normal(size=4000), np.ones(4000)])
    truth = np.array([1.5, -0.8, 0.3])
    y = (rng.random(4000) < 1 / (1 + np.exp(-(x @ truth)))).astype(float)
    assert fit.fit_logistic(x, y, penalty=0.01) == pytest.approx(truth, abs=0.15)
    # a heavy penalty pulls the weights, not the intercept, towards zero or towards a prior
    shrunk = fit.fit_logistic(x, y, penalty=1e5)
    assert np.abs(shrunk[:2]).max() < 0.05
    prior = np.array([3.0, 2.0, -5.0])
    held = fit.fit_logistic(x, y, penalty=1e5, prior=prior)
    assert held[:2] == pytest.approx(prior[:2], abs=0.05)
    assert held[2] != pytest.approx(prior[2], abs=0.5)


def test_the_refit_selects_as_the_pipeline_does_within_each_article_budget():
    candidates = fit.Candidates(
        evidence=np.zeros((4, len(pipeline.FEATURES))),
        margin=np.zeros(4),
        pooled=np.zeros((4, 2)),
        positive=np.array([True, False, True, True]),
        worthy=np.array([1, 0, 1, 2]),
        sentences=np.array([1, 1, 1, 2]),
        article=np.array([0, 0, 0, 1]),
        budgets=[1, 1],
        total_worthy=5,
        total_sentences=6,
    )
    z = np.array([0.5, 2.0, -1.0, 0.1])
    assert list(fit.selected(candidates, z)) == [False, True, False, True]
    assert fit.recall_and_share(candidates, z) == pytest.approx((2 / 5, 3 / 6))
