"""The API's view of clusters and triage: one row per cluster by default, every member on request, transitions that
report what they did to the cluster, and match scores explained by the reranker's own terms."""

from __future__ import annotations

import math

import pytest

from claims.models import Claim, ClaimMatch
from claims.services.matching import claim_match_suggest
from tests.api.conftest import token_client
from tests.clusters.conftest import MONDAY, TUESDAY, outlet_claim

pytestmark = pytest.mark.django_db


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_the_list_shows_one_row_per_cluster_with_its_spread_and_reasons(editor, cluster):
    canonical, member, alone = cluster
    client = token_client(editor)
    rows = {row["id"]: row for row in client.get("/api/claims/").json()["results"]}
    assert set(rows) == {canonical.pk, alone.pk}
    assert rows[canonical.pk]["cluster"] == {
        "canonical": None,
        "size": 2,
        "outlets": ["Evening Post", "Wire Daily"],
        "first_seen_at": "2026-03-02T08:00:00Z",
        "last_seen_at": "2026-03-03T08:00:00Z",
    }
    assert rows[canonical.pk]["triage"]["reasons"] == ["in 2 outlets", "said by a minister", "contains a number"]
    assert isinstance(rows[canonical.pk]["triage"]["score"], float)
    assert rows[alone.pk]["cluster"]["size"] == 1 and rows[alone.pk]["triage"]["reasons"] == []

    assert set(ids(client.get("/api/claims/?members=true"))) == {canonical.pk, member.pk, alone.pk}
    assert set(ids(client.get(f"/api/claims/?cluster={member.pk}"))) == {canonical.pk, member.pk}
    assert set(ids(client.get(f"/api/claims/?cluster={canonical.pk}"))) == {canonical.pk, member.pk}
    assert ids(client.get(f"/api/claims/?article={member.article_id}")) == [member.pk]
    member_row = client.get(f"/api/claims/{member.pk}/").json()
    assert member_row["cluster"]["canonical"] == canonical.pk and member_row["cluster"]["size"] == 2


@pytest.mark.parametrize(
    "query", ["members=maybe", "cluster=abc", "cluster=0", f"cluster={2**63}", "ordering=triage_rank"]
)
def test_bad_cluster_filters_are_a_400_with_a_message(editor, cluster, query):
    response = token_client(editor).get(f"/api/claims/?{query}")
    assert response.status_code == 400
    assert response.json()["error"]["message"]


def test_accepting_the_canonical_claim_reports_its_members(editor, cluster):
    canonical, member, _ = cluster
    response = token_client(editor).post(f"/api/claims/{canonical.pk}/accept/", {}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "accepted"
    assert body["cluster_outcome"] == {"applied": [member.pk], "skipped": []}
    assert Claim.objects.get(pk=member.pk).status == "accepted"


def test_a_member_refused_is_named_with_its_reason(editor, cluster):
    canonical, member, _ = cluster
    Claim.objects.filter(pk=member.pk).update(status="accepted")
    response = token_client(editor).post(f"/api/claims/{canonical.pk}/reject/", {"reason": "Opinion."}, format="json")
    assert response.json()["cluster_outcome"] == {
        "applied": [],
        "skipped": [{"id": member.pk, "reason": "Cannot reject a claim that is accepted; it must be new."}],
    }


def test_similar_explains_each_score_with_the_terms_it_was_computed_from(editor):
    earlier = outlet_claim("Evening Post", when=MONDAY, text="Unemployment fell to 3 percent last year.")
    later = outlet_claim("Wire Daily", when=TUESDAY, text="Last year unemployment dropped to 3 percent.")
    for claim in (earlier, later):
        Claim.objects.filter(pk=claim.pk).update(claimant="Ana Ruiz")
    claim_match_suggest(claim_id=later.pk)
    (row,) = token_client(editor).get(f"/api/claims/{later.pk}/similar/").json()
    assert row["target"]["id"] == earlier.pk
    terms = row["explanation"]
    assert [term["feature"] for term in terms][:1] and {term["feature"] for term in terms} == {
        "cosine",
        "cosine_sq",
        "coverage",
        "overlap",
        "numbers",
    }
    assert all(term["label"] for term in terms)
    magnitudes = [abs(term["contribution"]) for term in terms]
    assert magnitudes == sorted(magnitudes, reverse=True)
    logit = sum(term["contribution"] for term in terms) + row["bias"]
    assert 1 / (1 + math.exp(-logit)) == pytest.approx(row["score"], abs=1e-3)
    assert next(term for term in terms if term["feature"] == "numbers")["value"] == 1.0
    assert ClaimMatch.objects.get(claim=later).explanation == terms
