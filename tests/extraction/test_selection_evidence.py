"""What makes a statement worth checking beyond figures: denials of what was said, legal standing, proposals."""

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
    ],
)
def test_denials_legal_standing_and_proposals_count_as_evidence(checkable, narration):
    scores = _scores(f"{checkable} {narration}")
    assert scores[checkable] > scores[narration]
