"""The hand-labelled Wikinews attribution set: its shape, and the evaluation that reads it."""

from __future__ import annotations

import csv
import json

from claims.evaluation import attribution

LABELS = json.loads(attribution.LABELS_PATH.read_text(encoding="utf-8"))


def test_the_set_has_enough_labelled_statements_from_enough_articles():
    articles = LABELS["articles"]
    assert len(articles) >= 30
    assert sum(len(a["statements"]) for a in articles) >= 150
    assert len({a["url"] for a in articles}) == len(articles)


def test_each_label_cites_its_article_and_holds_no_article_text():
    for article in LABELS["articles"]:
        assert article["url"].startswith("https://en.wikinews.org/")
        assert article["title"]
        locators = [s["locator"] for s in article["statements"]]
        assert len(set(locators)) == len(locators), article["url"]
        for statement in article["statements"]:
            assert set(statement) == {"locator", "claimant", "cue"}
            # A locator is a sentence's first words, not the sentence.
            assert 2 <= len(statement["locator"].split()) <= 14, statement
            assert statement["claimant"].strip() and statement["cue"].strip(), statement


def _write_articles(folder, rows):
    with (folder / "news.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["url", "date", "title", "text"])
        writer.writeheader()
        writer.writerows(rows)


def test_evaluation_compares_claimants_by_name_and_counts_missing_statements(tmp_path):
    url = "https://en.wikinews.org/wiki/Harbour_reopens"
    text = (
        "The harbour reopened on Monday after a week of repairs.\n\n"
        "Harbour master Lena Ortiz said 40 ships had waited offshore."
    )
    _write_articles(tmp_path, [{"url": url, "date": "2020-01-01", "title": "Harbour reopens", "text": text}])
    labels = tmp_path / "labels.json"
    statements = [
        {"locator": "Harbour master Lena Ortiz said", "claimant": "Lena Ortiz", "cue": "said"},
        {"locator": "The harbour reopened on Monday", "claimant": "Lena Ortiz", "cue": "said"},
        {"locator": "No such sentence here", "claimant": "Lena Ortiz", "cue": "said"},
    ]
    labels.write_text(json.dumps({"articles": [{"url": url, "title": "Harbour reopens", "statements": statements}]}))
    rows = dict(attribution.evaluate(tmp_path, labels_path=labels))
    assert rows["statements"] == "3 in 1 articles"
    assert rows["claimant accuracy"] == "0.333"
    assert rows["cue accuracy"] == "0.333"
    assert rows["statements not found in the text"] == "1"
    other = {"studied": "held out", "held out": "studied"}[attribution.half(url)]
    assert rows[f"  claimant accuracy, {attribution.half(url)} half"] == "0.333 of 3"
    assert rows[f"  claimant accuracy, {other} half"] == "n/a"


def test_the_halves_split_the_set_by_article():
    statements = {"studied": 0, "held out": 0}
    for article in LABELS["articles"]:
        statements[attribution.half(article["url"])] += len(article["statements"])
    # the split the README's figures name, fixed by the articles' URLs
    assert statements == {"studied": 122, "held out": 121}
