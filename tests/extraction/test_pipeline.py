import pytest

from claims.extraction import CLAIM_THRESHOLD, extract_with, pipeline
from claims.extraction.candidates import claim_budget
from claims.extraction.pipeline import EvidenceWeights, clean
from tests.extraction.conftest import neutral_score, news_leaning_worthy

TRICKY = (
    "MOSCOW (Reuters) - The ministry said 12 people died on Jan. 3.\n"
    "By Jane Doe\n\n"
    "HEADLINE IN CAPS\n\n"
    "“It was a tragedy. We lost everything,” said a resident, who asked not to be named.\n"
    "Officials in the U.S. estimated damage at $3.5 billion — about 2% of output.\n\n"
    'Café owner Zoë Müller said: "We\u2019ll see."\r\n\r\n'
    "I think this is wonderful.\n"
)


def test_offsets_always_point_at_the_quote(seed_text):
    for text in (seed_text, TRICKY, "", "   \n\n  ", "No punctuation at all here"):
        for claim in extract_with(text, score=neutral_score, model_threshold=0.5):
            assert text[claim.start : claim.end] == claim.quote
            assert claim.quote.strip() == claim.quote
            assert 0.0 <= claim.checkworthiness <= 1.0


def test_headings_bylines_and_opinions_are_never_claims(seed_text):
    claims = extract_with(seed_text + "\n\n" + TRICKY, score=lambda s: [0.99] * len(s), model_threshold=0.5)
    by_text = {c.text: c for c in claims}
    assert not by_text["TERRITORIAL ISSUES UNRESOLVED"].is_claim
    assert by_text["TERRITORIAL ISSUES UNRESOLVED"].kind == "heading"
    assert not by_text["\"I don't like it, it's not good,\" Trump said."].is_claim
    assert not by_text["I think this is wonderful."].is_claim
    assert not any("By Jane Doe" in c.quote or "MOSCOW" in c.quote for c in claims)
    assert by_text["The ministry said 12 people died on Jan. 3."].is_claim


def test_structure_moves_the_score_around_the_model_threshold():
    text = (
        "The ministry said 1,200 people were evacuated from Kherson on Monday. "
        "Everyone is welcome here. "
        "We should all be kinder?"
    )
    # The model mildly in favour of all three: the source, the reported clause and the figure decide.
    scored = {c.text: c for c in extract_with(text, score=lambda s: [0.7] * len(s), model_threshold=0.5)}
    figures = scored["The ministry said 1,200 people were evacuated from Kherson on Monday."]
    assert figures.checkworthiness > CLAIM_THRESHOLD > scored["We should all be kinder?"].checkworthiness
    assert figures.checkworthiness > scored["Everyone is welcome here."].checkworthiness
    assert figures.is_claim and not scored["Everyone is welcome here."].is_claim


def test_the_model_counts_relative_to_its_threshold():
    text = "Officials said the virus spread through the city."

    def scored(probability: float, threshold: float) -> float:
        (claim,) = extract_with(text, score=lambda s: [probability] * len(s), model_threshold=threshold)
        return claim.checkworthiness

    assert scored(0.3, 0.3) < scored(0.6, 0.3)
    assert scored(0.6, 0.6) == pytest.approx(scored(0.3, 0.3))


def test_a_plain_sentence_is_a_claim_only_on_the_models_confident_word():
    def scored(probability: float) -> bool:
        (plain,) = extract_with(
            "Everyone is welcome here today at last.", score=lambda s: [probability] * len(s), model_threshold=0.5
        )
        return plain.is_claim

    assert scored(0.999) and not scored(0.5) and not scored(0.1)


def test_candidates_out_of_the_models_reach_skip_it():
    asked: list[str] = []

    def certain(sentences):
        asked.extend(sentences)
        return [0.999] * len(sentences)

    # Weights under which the model can move a candidate by at most 1 in log-odds: a plain sentence 3 below the
    # threshold cannot reach it, so the model is not asked; a sourced figure can.
    narrow = EvidenceWeights(features=(1.5, 0, 0, 1.5, 0, 0, 0, 0, 0, 0), model=0.5, model_clip=2.0, intercept=-3.0)
    plain, figure = extract_with(
        "Everyone is welcome here today at last. Officials said 40 buses were sent.",
        score=certain,
        model_threshold=0.3,
        weights=narrow,
    )
    assert not plain.is_claim and figure.is_claim
    assert asked == ["Officials said 40 buses were sent."]


def test_candidates_that_can_never_be_claims_skip_the_model():
    text = (
        "VACCINE TRIAL RESULTS\n\n"
        "Did the trial work?\n"
        "Not yet.\n"
        "Click here to subscribe to our newsletter about the trial.\n"
        "I think this is wonderful.\n"
        "The vaccine cut hospital admissions by 87 percent in a trial of 769 patients, the company said.\n"
    )
    asked: list[str] = []

    def model(sentences):
        asked.extend(sentences)
        return [0.99] * len(sentences)

    claims = extract_with(text, score=model, model_threshold=0.5)
    assert asked == ["The vaccine cut hospital admissions by 87 percent in a trial of 769 patients, the company said."]
    assert [c.text for c in claims if c.is_claim] == asked
    assert len(claims) == 6


def test_the_model_scores_each_distinct_sentence_once_per_article():
    calls: list[list[str]] = []

    def model(sentences):
        calls.append(list(sentences))
        return [0.9] * len(sentences)

    repeated = "Treatment with the drug has not been studied in patients in hospital."
    text = f"{repeated} The drug cut deaths by 87 percent in the trial. {repeated}"
    claims = extract_with(text, score=model, model_threshold=0.5)
    assert calls == [[repeated, "The drug cut deaths by 87 percent in the trial."]]
    assert claims[0].checkworthiness == claims[2].checkworthiness


def test_citations_under_a_sources_heading_are_not_claims():
    text = (
        "The drug cut deaths by 87 percent in the trial, the company said.\n\n"
        "Sources\n\n"
        "Smith, Jane. \u201cThe drug cut deaths by 87 percent in a large trial of patients.\u201d Reuters, 2020.\n"
    )
    flagged = [c.text for c in extract_with(text, score=lambda s: [0.99] * len(s), model_threshold=0.5) if c.is_claim]
    assert flagged == ["The drug cut deaths by 87 percent in the trial, the company said."]


def test_an_article_never_has_more_than_its_share_flagged():
    sentence = "Officials said {} people were infected with the virus in the city on Monday."
    text = " ".join(sentence.format(n * 10) for n in range(1, 11))
    claims = extract_with(text, score=lambda s: [0.99] * len(s), model_threshold=0.5)
    assert all(c.checkworthiness >= CLAIM_THRESHOLD for c in claims)
    assert sum(c.is_claim for c in claims) == claim_budget(len(claims)) == 7


def test_the_claim_budget_grows_slower_than_the_article():
    assert claim_budget(1) == 1
    assert claim_budget(10) == 7
    assert claim_budget(400) == 100
    assert claim_budget(1600) == 200


def test_health_assertions_outrank_plain_narration():
    text = (
        "Garlic does not prevent infection with the coronavirus. "
        "The mayor walked to the town hall after lunch with her family."
    )
    claims = extract_with(text, score=neutral_score, model_threshold=0.5, news=news_leaning_worthy)
    scored = {c.text: c.checkworthiness for c in claims}
    assert scored["Garlic does not prevent infection with the coronavirus."] > CLAIM_THRESHOLD
    assert scored["The mayor walked to the town hall after lunch with her family."] < CLAIM_THRESHOLD


def test_clean_text_drops_unbalanced_quote_marks_and_line_breaks():
    assert clean("\"It's another thing to attack his house.") == "It's another thing to attack his house."
    assert clean('I was very angry about it."') == "I was very angry about it."
    assert clean('He said "no" to\n  the plan.') == 'He said "no" to the plan.'


def test_as_dict_has_the_extract_fields(seed_text):
    claim = extract_with(seed_text, score=neutral_score, model_threshold=0.5)[0]
    assert list(claim.as_dict()) == [
        "text",
        "quote",
        "start",
        "end",
        "claimant",
        "cue",
        "checkworthiness",
        "numbers",
        "dates",
        "entities",
    ]


def test_central_sentences_score_above_asides():
    text = (
        "Floods in the valley forced the evacuation of the valley towns. "
        "Officials said floods had reached the towns in the valley overnight. "
        "Floods also cut roads between the valley towns. "
        "The museum's cafe serves excellent pastries."
    )
    scored = {c.text: c.checkworthiness for c in extract_with(text, score=neutral_score, model_threshold=0.5)}
    assert (
        scored["Floods also cut roads between the valley towns."]
        > scored["The museum's cafe serves excellent pastries."]
    )


def test_pathological_input_keeps_offsets():
    # Inputs that were once slow (bench/extract times them): a name pattern retried at every position of a long
    # capitalised word, and a paragraph check repeated for every line of a long text without blank lines.
    lines = "The council approved twelve buses on Monday.\n" * 2000
    for text in ("A" * 20000, "Aa " * 7000, "Dr." * 7000, '"' * 20000, lines):
        candidates = extract_with(text, score=neutral_score, model_threshold=0.5)
        assert all(text[c.start : c.end] == c.quote for c in candidates)


def test_indirect_speech_outranks_a_bare_quotation():
    text = (
        'Officials met in the capital on Monday. "We will respond," the minister said. '
        "The minister said that officials met in the capital on Monday."
    )
    scored = {c.text: c.checkworthiness for c in extract_with(text, score=neutral_score, model_threshold=0.5)}
    assert (
        scored["The minister said that officials met in the capital on Monday."]
        > scored['"We will respond," the minister said.']
    )


def _reported(sentence: str) -> float:
    (claim,) = extract_with(sentence, score=neutral_score, model_threshold=0.5)
    return pipeline.evidence(claim, 0.0)[pipeline.FEATURES.index("reported")]


@pytest.mark.parametrize(
    "sentence",
    [
        "The mayor said the bridge would reopen in May.",
        "The minister says the new rules are working.",
        "The union has warned the strike will go ahead.",
        "The firm told investors its profits had doubled.",
        "The firm told investors that its profits had doubled.",
    ],
)
def test_indirect_speech_counts_with_or_without_that(sentence):
    assert _reported(sentence) == 1.0


@pytest.mark.parametrize(
    "sentence",
    ["The mayor said on Monday.", "The mayor said goodbye to her staff.", "Officials said, however, it was safe."],
)
def test_a_reporting_verb_without_a_clause_is_not_indirect_speech(sentence):
    assert _reported(sentence) == 0.0


def test_dropping_that_leaves_the_score_unchanged():
    def score(sentence):
        (claim,) = extract_with(sentence, score=neutral_score, model_threshold=0.5)
        return claim.checkworthiness

    assert score("The mayor said the bridge would reopen in May.") == pytest.approx(
        score("The mayor said that the bridge would reopen in May.")
    )
