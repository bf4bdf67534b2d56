"""The seed article through the real pipeline (shipped check-worthiness model included)."""

import pytest

from claims.extraction import extract_claims

LAVROV = "Russian Foreign Minister Sergei Lavrov"
ZELENSKYY = "Ukrainian President Volodymyr Zelenskyy"

# What a fact-checker would pick: (a phrase of the claim, its claimant)
EXPECTED = [
    ("91 long-range drones", LAVROV),
    ("No one was injured and there was no damage", LAVROV),
    ("targets had already been selected for retaliatory strikes", LAVROV),
    ("invaded Ukraine in February 2022", "an aide"),
    ("the attack was a fabrication", "Ukrainian Foreign Minister Andrii Sybiha"),
    ("preparing the ground to strike government buildings", ZELENSKYY),
    ("only 95% ready", "U.S. President Donald Trump"),
    ("he had sought a 50-year security deal", ZELENSKYY),
    ("two main issues in a 20-point peace proposal", ZELENSKYY),
    ("Russia controls about a fifth of Ukraine", ""),
    ("of which Moscow already controls around 75%", "President Vladimir Putin"),
    ("15 km (9.3 miles)", "Colonel-General Mikhail Teplinsky"),
    # a quoted denial, a territory's legal standing, a government's proposal and a stated position on troops
    ("Another round of lies from the Russian Federation", ZELENSKYY),
    ("internationally recognized as Ukraine's sovereign territory", ""),
    ("the U.S. has proposed a free economic zone", "U.S."),
    ("any foreign troop deployment in Ukraine would be unacceptable", "Russia"),
    ("repeated demands for Kyiv to pull its forces out", "Kremlin"),
]
LEFT_OUT = ["TERRITORIAL ISSUES UNRESOLVED", "I don't like it, it's not good", "It's one thing to be offensive"]


@pytest.fixture(scope="module")
def claims(seed_text):
    return [c for c in extract_claims(seed_text) if c.is_claim]


@pytest.mark.parametrize(("phrase", "claimant"), EXPECTED)
def test_seed_claims_a_fact_checker_would_pick(claims, phrase, claimant):
    matching = [c for c in claims if phrase in c.text]
    assert matching, f"not extracted: {phrase}"
    assert matching[0].claimant == claimant


@pytest.mark.parametrize("phrase", LEFT_OUT)
def test_seed_headings_and_opinions_are_left_out(claims, phrase):
    assert not any(phrase in c.text for c in claims)


def test_seed_facets(claims, seed_text):
    by_phrase = {c.text: c for c in claims}
    lavrov = next(c for text, c in by_phrase.items() if "91 long-range drones" in text)
    assert "91 long-range drones" in lavrov.numbers
    assert "December 28-29" in lavrov.dates
    assert {"Sergei Lavrov", "Novgorod", "Moscow"} <= set(lavrov.entities)
    teplinsky = next(c for text, c in by_phrase.items() if "15 km" in text)
    assert teplinsky.numbers == ["15 km (9.3 miles)"]
    for claim in claims:
        assert seed_text[claim.start : claim.end] == claim.quote


def test_a_configured_model_threshold_moves_the_cut(claims, seed_text):
    strict = [c for c in extract_claims(seed_text, model_threshold=0.95) if c.is_claim]
    assert 0 < len(strict) < len(claims)


def test_claims_carry_the_matching_embedding_from_the_scoring_pass(claims):
    from claims.intelligence import matching
    from claims.intelligence.embeddings import embed

    carried = [c for c in claims if c.embedding is not None]
    assert carried, "no claim reused the scorer's encoder pass"
    expected = embed([matching.claim_document(c.text, c.claimant) for c in carried])
    for claim, vector in zip(carried, expected, strict=True):
        assert float(claim.embedding @ vector) > 0.9999
    for claim in claims:
        if claim.embedding is None:
            assert matching.claim_document(claim.text, claim.claimant) != claim.text


def test_only_kept_claims_carry_an_embedding(seed_text):
    passed_over = [c for c in extract_claims(seed_text) if not c.is_claim and c.checkworthiness > 0.01]
    assert passed_over, "the seed has candidates that are scored but not kept"
    # nothing stores them, so their embeddings are never finished
    assert all(c.embedding is None for c in passed_over)
