"""Check-worthiness: the shipped model's behaviour, the scorer's maths, evaluation and the score command."""

from __future__ import annotations

import io
import json
import sys

import numpy as np
import pytest
from django.core.management import call_command

from claims.evaluation import checkworthiness as evaluation
from claims.intelligence import checkworthiness, embeddings

FACTUAL = [
    "The unemployment rate fell to 3.5 percent in 2019, the lowest in fifty years.",
    "We spent $2 trillion on the war in Iraq.",
    "Crime in our cities went up 40 percent under this administration.",
    "Ninety percent of the new jobs went to part-time workers.",
]
NOT_CHECKWORTHY = [
    "I think we should all be kind to each other.",
    "Thank you very much.",
    "What do you want to do about it?",
    "I'm going to fight for you every single day.",
]


def test_shipped_model_ranks_factual_claims_above_opinions():
    scores = checkworthiness.get_scorer().score(FACTUAL + NOT_CHECKWORTHY)
    factual, other = scores[: len(FACTUAL)], scores[len(FACTUAL) :]
    assert min(factual) > max(other)
    assert all(s >= checkworthiness.DEFAULT_THRESHOLD for s in factual)
    assert all(s < checkworthiness.DEFAULT_THRESHOLD for s in other)
    assert all(0.0 <= s <= 1.0 for s in scores)


def test_shipped_weights_fit_the_feature_layout():
    scorer = checkworthiness.CheckworthinessScorer.from_file()
    features = embeddings.DIMENSIONS * len(scorer.layers)
    assert len(scorer.weights) == len(scorer.mean) == len(scorer.scale) == features
    assert np.all(scorer.scale > 0)
    assert 0.0 < checkworthiness.DEFAULT_THRESHOLD < 1.0
    # The tuned layers replace the encoder's top ones, and the pools read some of them.
    branch = scorer.branch()
    assert branch is not None
    assert branch.start + len(branch.layers) == len(embeddings.get_encoder().layers)
    assert max(scorer.layers) > branch.start


def test_scores_and_held_states_agree_with_score_and_embed_alone():
    scorer = checkworthiness.get_scorer()
    texts = FACTUAL + NOT_CHECKWORTHY
    pooled, held = scorer.pools_holding_states(texts)
    np.testing.assert_allclose(scorer.score_features(pooled), scorer.score(texts), atol=1e-5)
    np.testing.assert_allclose(held.embed(range(len(texts))), embeddings.embed(texts), atol=1e-5)
    # The last text alone: its embedding, not the first row's.
    np.testing.assert_allclose(held.embed([len(texts) - 1]), embeddings.embed(texts[-1:]), atol=1e-5)
    no_pools, nothing_held = scorer.pools_holding_states([])
    assert len(no_pools) == 0 and nothing_held.embed([]).shape == (0, embeddings.DIMENSIONS)


def test_scores_keep_input_order_and_blank_lines_score_zero():
    scorer = checkworthiness.get_scorer()
    single = [scorer.score([text])[0] for text in FACTUAL[:2]]
    batched = scorer.score([FACTUAL[0], "   ", FACTUAL[1], ""])
    assert batched[1] == batched[3] == 0.0
    assert batched[0] == pytest.approx(single[0], abs=1e-5)
    assert batched[2] == pytest.approx(single[1], abs=1e-5)
    assert scorer.score([]) == []


def test_scorer_is_a_logistic_model_over_standardised_features():
    scorer = checkworthiness.CheckworthinessScorer(
        weights=np.array([2.0, -1.0]), bias=0.5, threshold=0.5, mean=np.array([1.0, 0.0]), scale=np.array([2.0, 1.0])
    )
    probabilities = scorer.score_features(np.array([[3.0, 0.0], [1.0, 3.0]]))
    np.testing.assert_allclose(probabilities, [1 / (1 + np.exp(-2.5)), 1 / (1 + np.exp(2.5))])


def test_threshold_choice():
    scores = np.array([0.9, 0.8, 0.4, 0.3, 0.1])
    labels = np.array([1.0, 1.0, 0.0, 1.0, 0.0])
    threshold, f1 = evaluation.best_threshold(scores, labels)
    # Taking the top four catches all three positives with one false alarm: F1 6/7 beats the top two (0.8).
    assert f1 == pytest.approx(6 / 7)
    assert threshold == pytest.approx(0.2)
    # Within a tolerance the lowest threshold wins: taking all five (F1 0.75) is within 0.15 of 6/7.
    threshold, f1 = evaluation.best_threshold(scores, labels, tolerance=0.15)
    assert (threshold, f1) == (pytest.approx(0.05), pytest.approx(0.75))


def test_read_labelled_accepts_checkthat_and_claimbuster_formats(tmp_path):
    tsv = tmp_path / "ct.tsv"
    tsv.write_text("Sentence_id\tText\tclass_label\n1\tTaxes rose.\tYes\n2\tHello there.\tNo\n", encoding="utf-8")
    csv_file = tmp_path / "cb.csv"
    csv_file.write_text('Sentence_id,Text,Verdict\n1,"Taxes rose, a lot.",1\n2,Hello.,-1\n3,It was Monday.,0\n')
    assert evaluation.read_labelled(tsv) == (["Taxes rose.", "Hello there."], [True, False])
    assert evaluation.read_labelled(csv_file) == (
        ["Taxes rose, a lot.", "Hello.", "It was Monday."],
        [True, False, False],
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("Text,label\nx,1\n")
    with pytest.raises(ValueError):
        evaluation.read_labelled(bad)


def test_score_predictions():
    scores = evaluation.score_predictions([True, True, False, False], [True, False, True, False])
    assert (scores.precision, scores.recall, scores.f1, scores.n, scores.positives) == (0.5, 0.5, 0.5, 4, 2)
    assert evaluation.score_predictions([False], [True]).f1 == 0.0


def test_evaluate_folder_gives_rows_per_file(tmp_path):
    lines = "".join(f"{i}\t{text}\t{'Yes' if i < 4 else 'No'}\n" for i, text in enumerate(FACTUAL + NOT_CHECKWORTHY))
    (tmp_path / "a.tsv").write_text("Sentence_id\tText\tclass_label\n" + lines, encoding="utf-8")
    rows = dict(evaluation.evaluate(tmp_path / "a.tsv"))
    assert rows["F1 (check-worthy)"] == "1.000"
    assert rows["n"] == "8 (4 check-worthy)"
    (tmp_path / "b.tsv").write_text("Sentence_id\tText\tclass_label\n" + lines, encoding="utf-8")
    rows = dict(evaluation.evaluate(tmp_path, threshold=0.999999))
    assert set(rows) >= {"a.tsv: F1 (check-worthy)", "b.tsv: recall", "threshold"}
    assert float(rows["b.tsv: recall"]) < 1.0


def test_score_command_prints_one_json_line_per_input_line(monkeypatch, settings):
    settings.FACTCHECK_CHECKWORTHINESS_THRESHOLD = None
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{FACTUAL[0]}\n{NOT_CHECKWORTHY[0]}\n\n"))
    out = io.StringIO()
    call_command("score", stdout=out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["text"] for r in records] == [FACTUAL[0], NOT_CHECKWORTHY[0], ""]
    assert [r["checkworthy"] for r in records] == [True, False, False]
    assert 0.0 <= records[1]["checkworthiness"] < records[0]["checkworthiness"] <= 1.0


def test_score_command_uses_the_configured_threshold(monkeypatch, settings):
    settings.FACTCHECK_CHECKWORTHINESS_THRESHOLD = 1.0
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{FACTUAL[0]}\n"))
    out = io.StringIO()
    call_command("score", stdout=out)
    assert json.loads(out.getvalue())["checkworthy"] is False
