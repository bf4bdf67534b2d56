from claims.extraction.centrality import centrality


def test_on_topic_sentences_are_central_and_scores_are_z_scores():
    texts = [
        "The vaccine trial enrolled 3,000 volunteers.",
        "Vaccine doses were given to volunteers in two trial arms.",
        "The trial found the vaccine safe for volunteers.",
        "A new bakery opened downtown.",
    ]
    scores = centrality(texts)
    assert scores[3] == min(scores) and scores[3] < 0 < scores[1]
    assert abs(sum(scores)) < 1e-9


def test_short_articles_are_neutral():
    assert centrality(["One sentence.", "Two sentences."]) == [0.0, 0.0]
