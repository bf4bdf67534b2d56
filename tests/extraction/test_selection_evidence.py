"""What makes a statement worth checking beyond figures: denials of what was said, legal standing, proposals and a
source's stated position."""

import pytest

from claims.extraction import extract_with


def _scores(text: str) -> dict[str, float]:
    # The model is left neutral: only the evidence the pipeline adds to its score moves these.
    claims = extract_with(text, score=lambda sentences: [0.5] * len(sentences), model_threshold=0.5)
    return {c.text: c.checkworthiness for c in claims}


@pytest.mark.parametrize(
    ("checkable", "narration"),
    [
        (
            '"Another round of lies from the ministry," the mayor told reporters.',
            '"We had a very long day at the office," the mayor told reporters.',
        ),
        (
            "The union called the report a fabrication meant to justify the closures.",
            "The union called the meeting to order shortly after the lunch break.",
        ),
        (
            "The islands are internationally recognised as Danish sovereign territory.",
            "The islands are green and quiet in the late spring months.",
        ),
        (
            "The ministry said the annexation of the valley was illegal.",
            "The ministry said the valley was quiet in the late spring.",
        ),
        (
            "The council has proposed a bus lane along the whole of Main Street.",
            "The council has met in the hall along the whole of Main Street.",
        ),
        (
            "The union has said any cut to night shifts would be unacceptable.",
            "The union has said the night shifts were long and quiet.",
        ),
        (
            "Beijing repeated demands for the fleet to leave the strait.",
            "Beijing repeated its welcome to the fleet in the strait.",
        ),
    ],
)
def test_denials_legal_standing_and_proposals_count_as_evidence(checkable, narration):
    scores = _scores(f"{checkable} {narration}")
    assert scores[checkable] > scores[narration]


def test_a_position_counts_when_a_source_states_it():
    stated = "The union has said any cut to night shifts would be unacceptable."
    unsourced = "Any cut to night shifts would be unacceptable to the nurses."
    plain = "The union has said the night shifts were long and quiet."
    scores = _scores(f"{stated} {unsourced} {plain}")
    assert scores[stated] > scores[plain] > scores[unsourced]


def test_a_source_in_a_subordinate_clause_is_scored_on_its_own_words():
    scores = _scores("Talks will be slow, as the union has said any cut to night shifts would be unacceptable.")
    stated = "the union has said any cut to night shifts would be unacceptable."
    assert set(scores) == {"Talks will be slow", stated}
    assert scores[stated] > scores["Talks will be slow"]
