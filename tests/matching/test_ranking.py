"""Pure matching maths: normalisation, features, reranking and the index query (no database, no model)."""

import numpy as np
import pytest

from claims.evaluation.matching import average_precision
from claims.intelligence import matching
from claims.selectors.matching import build_index_query


def unit(*values: float) -> np.ndarray:
    vector = np.zeros(matching.EMBEDDING_DIMENSIONS, dtype=np.float32)
    vector[: len(values)] = values
    return vector / np.linalg.norm(vector)


def test_clean_text_drops_links_and_puts_the_tweet_author_first():
    tweet = (
        "Minecraft is NOT stopping #Minecrafthttps://t.co/V4Lzv97qOc pic.twitter.com/abc123 "
        "\u2014 Helen Z (@HelenAngel) January 2, 2020"
    )
    assert matching.clean_text(tweet) == "Helen Z: Minecraft is NOT stopping Minecraft"
    assert matching.clean_text("#AustralianFires &amp; @realDonaldTrump") == "Australian Fires & real Donald Trump"


def test_tokens_are_stemmed_content_words():
    assert matching.tokens("The wombats were inviting animals into their burrows") == [
        "wombat",
        "invit",
        "anim",
        "burrow",
    ]


def test_claim_document_names_the_claimant_once():
    assert matching.claim_document("Crime fell by 20%", "Mayor Lee") == "Mayor Lee: Crime fell by 20%"
    assert matching.claim_document("Mayor Lee said crime fell", "Mayor Lee") == "Mayor Lee said crime fell"


def test_stored_embeddings_read_as_float32_and_wrong_sizes_are_refused():
    vector = unit(1.0, 2.0)
    read = matching.as_embedding(vector.tolist())
    assert read.dtype == np.float32 and np.array_equal(read, vector)
    assert matching.as_embedding([0.0, 1.0, 2.0]) is None
    assert matching.as_embedding(None) is None


def test_a_cosine_from_the_database_is_used_as_given():
    query = matching.Query.build("Drinking bleach cures the coronavirus", unit(1, 0))
    given = matching.Candidate(key=("claim", 1), text="Bleach cures covid", cosine=0.25, embedding=unit(1, 0))
    computed = matching.Candidate(key=("claim", 2), text="Bleach cures covid", embedding=unit(1, 0))
    assert matching.pair_features(query, given)[0] == 0.25
    assert matching.pair_features(query, computed)[0] == 1.0


def _candidate(key: int, text: str, embedding: np.ndarray) -> matching.Candidate:
    return matching.Candidate(key=("claim", key), text=text, embedding=embedding)


def test_rerank_puts_the_paraphrase_first_and_scores_it_as_the_same_claim():
    query = matching.Query.build("Drinking bleach cures the coronavirus, the president said", unit(1, 0.1))
    candidates = [
        _candidate(1, "The president held a rally in Ohio", unit(0.2, 1)),
        _candidate(2, "Bleach cures coronavirus, says the president", unit(1, 0.12)),
        _candidate(3, "Coronavirus cases rose in Ohio", unit(0.1, 1, 0.5)),
    ]
    matching.scale_lexical(candidates)
    ranked = matching.rerank(query, candidates)
    assert ranked[0][0].key[1] == 2
    assert ranked[0][1] > 0.9
    assert all(ranked_match.score < 0.5 for ranked_match in ranked[1:])


def test_an_unrelated_best_candidate_is_not_scored_as_the_same_claim():
    query = matching.Query.build("The moon landing was filmed in a studio", unit(1, 0))
    ranked = matching.rerank(query, [_candidate(1, "Tax rates rose in 2019", unit(0.3, 1))])
    assert len(ranked) == 1
    assert ranked[0][1] < 0.2


def test_numbers_that_disagree_lower_the_score():
    query = matching.Query.build("Unemployment fell to 3 percent", unit(1, 0.2))
    same = matching.rerank(query, [_candidate(1, "Unemployment fell to 3 percent", unit(1, 0.2))])[0][1]
    other = matching.rerank(query, [_candidate(1, "Unemployment fell to 9 percent", unit(1, 0.2))])[0][1]
    assert same > other


def test_the_rows_of_one_statement_are_listed_together_earliest_first():
    query = matching.Query.build("The U.S. is the 118th safest country in the world", unit(1, 0))
    candidates = [
        matching.Candidate(key=("factcheck", 7), text="The U.S. was ranked the '118th safest country'.", cosine=0.84),
        matching.Candidate(key=("factcheck", 5), text="The U.S. was ranked the 18th safest country.", cosine=0.83),
        matching.Candidate(key=("factcheck", 3), text='The U.S. was ranked the "118th safest country".', cosine=0.8),
        # The same words from another claimant, or as a claim rather than a fact-check, are another statement.
        matching.Candidate(
            key=("factcheck", 1),
            text="The U.S. was ranked the 118th safest country",
            cosine=0.7,
            extra={"claimant": "A blog"},
        ),
        matching.Candidate(key=("claim", 2), text="The U.S. was ranked the 118th safest country", cosine=0.7),
    ]
    ranked = [ranked.candidate.key for ranked in matching.rerank(query, candidates)]
    assert ranked[:2] == [("factcheck", 3), ("factcheck", 7)]
    assert sorted(ranked) == sorted(candidate.key for candidate in candidates)
    # The service asks for its top few only: the same first ones.
    assert [ranked.candidate.key for ranked in matching.rerank(query, candidates, top=3)] == ranked[:3]


def test_statements_in_other_alphabets_are_told_apart():
    first = matching.Candidate(key=("claim", 1), text="Ціни на газ зросли вдвічі")
    second = matching.Candidate(key=("claim", 2), text="Уряд скасував вибори")
    assert matching.statement_key(first) != matching.statement_key(second)
    assert matching.statements_together([1, 0], [first, second]) == [1, 0]


def test_each_score_is_explained_by_the_terms_it_was_computed_from():
    query = matching.Query.build("Unemployment fell to 3 percent", unit(1, 0.2))
    candidates = [
        _candidate(1, "Unemployment fell to 9 percent", unit(1, 0.25)),
        _candidate(2, "Unemployment fell to 3 percent last year", unit(1, 0.2)),
    ]
    for ranked in matching.rerank(query, candidates):
        terms = ranked.contributions
        assert {term.feature for term in terms} == set(matching.FEATURE_LABELS)
        logit = sum(term.contribution for term in terms) + matching.SAME_CLAIM_BIAS
        assert 1 / (1 + np.exp(-logit)) == pytest.approx(ranked.score, rel=1e-9)
        # Largest share first.
        assert [abs(t.contribution) for t in terms] == sorted((abs(t.contribution) for t in terms), reverse=True)
        numbers = next(term for term in terms if term.feature == "numbers")
        assert numbers.value == (1.0 if ranked.candidate.key[1] == 2 else -1.0)
        assert (numbers.contribution < 0) == (ranked.candidate.key[1] == 1)


def test_fit_logistic_separates_and_returns_raw_feature_weights():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 2)) * [1.0, 50.0] + [0.0, 100.0]
    y = (x[:, 0] > 0.3).astype(float)
    weights, bias = matching.fit_logistic(x, y)
    predicted = (x @ weights + bias) > 0
    assert (predicted == (y > 0)).mean() > 0.95
    assert abs(weights[1]) < abs(weights[0])


def test_average_precision_at_five_follows_the_checkthat_scorer():
    assert average_precision(["a", "b"], {"a"}) == 1.0
    assert average_precision(["x", "a"], {"a"}) == 0.5
    assert average_precision(["x", "y", "z", "w", "v", "a"], {"a"}) == 0.0
    assert average_precision(["a", "x", "b"], {"a", "b"}) == (1 + 2 / 3) / 2


def test_index_query_lets_rare_lexemes_match_alone_and_common_ones_only_in_pairs():
    shares = {"vaccin": 0.2, "children": 0.1}
    query = build_index_query(["vaccin", "children", "thimeros"], shares, 0.00001, 1_000_000)
    parts = set(query.text.split(" | "))
    assert parts == {"'thimeros'"}
    # Common lexemes come in pairs that are rare together.
    query = build_index_query(["vaccin", "children", "autism"], {**shares, "autism": 0.0005}, 0.00001, 1_000_000)
    assert set(query.text.split(" | ")) == {"('autism' & 'children')", "('autism' & 'vaccin')"}
    # Only everyday words: their rarest pair still gives the query a clause.
    assert build_index_query(["vaccin", "children"], shares, 0.00001, 1_000_000).text == "('children' & 'vaccin')"
    # In a small table everything is cheap, so any lexeme may match alone.
    assert "'vaccin'" in build_index_query(["vaccin", "children"], shares, 0.01, 1000).text.split(" | ")
    assert build_index_query([], shares, 0.0) is None
    assert build_index_query(["o'brien"], {}, 0.0).text == "'o''brien'"
