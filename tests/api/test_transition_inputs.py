"""Transition inputs: the rating scale as configured now, and the workflow's own rules on the data."""

from __future__ import annotations

import pytest

from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db

VERDICT = {"summary": "It rose.", "explanation": "The statistics office says 5 percent."}


def test_submit_verdict_takes_the_rating_scale_configured_now(settings, checker, make_claim, make_evidence):
    client = token_client(checker)
    claims = [make_claim(status="researching", assignee=checker) for _ in range(3)]
    for claim in claims:
        make_evidence(claim)

    def submit(claim, rating):
        return client.post(f"/api/claims/{claim.pk}/submit_verdict/", {**VERDICT, "rating": rating}, format="json")

    # The API is loaded and in use before the scale changes.
    assert submit(claims[0], "false").status_code == 200
    settings.FACTCHECK_RATING_SCALE = [("accurate", "Accurate", 1), ("inaccurate", "Inaccurate", 0)]
    refused = submit(claims[1], "false")
    assert refused.status_code == 400, refused.content
    assert "rating" in refused.json()["error"]["fields"]
    accepted = submit(claims[2], "accurate")
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["verdict"]["rating"] == "accurate"


@pytest.mark.parametrize("body", [{}, {"duplicate_of": 1, "duplicate_of_factcheck": 1}])
def test_mark_duplicate_needs_exactly_one_target(editor, make_claim, body):
    claim = make_claim()
    response = token_client(editor).post(f"/api/claims/{claim.pk}/mark_duplicate/", body, format="json")
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"duplicate_of", "duplicate_of_factcheck"}
