"""The claim queue, one claim, and every workflow transition through the API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from claims.models import CheckerProfile, Claim, ClaimEvent, ClaimMatch, FactCheck, Verdict
from claims.services.tokens import api_token_create
from claims.services.triage import claims_triage_refresh
from tests.api.conftest import token_client
from tests.factories import article_create, verdict_create

pytestmark = pytest.mark.django_db

CLAIM_KEYS = {
    "id",
    "cluster",
    "triage",
    "status",
    "text",
    "quote",
    "start",
    "end",
    "claimant",
    "language",
    "checkworthiness",
    "priority",
    "assignee",
    "due_at",
    "created_at",
    "article",
    "already_checked",
    "available_transitions",
}


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_list_shows_each_claim_with_its_article_and_the_callers_transitions(editor, checker, make_claim, client_for):
    claim = make_claim(claimant="The minister", checkworthiness=0.8)
    row = client_for(editor).get("/api/claims/").json()["results"][0]
    assert set(row) == CLAIM_KEYS
    assert row["article"] == {"id": claim.article_id, "title": claim.article.title, "url": claim.article.url}
    assert row["claimant"] == "The minister"
    assert row["available_transitions"] == ["accept", "reject", "mark_duplicate"]
    # A checker reads the same queue but may not triage it.
    assert client_for(checker).get("/api/claims/").json()["results"][0]["available_transitions"] == []


def test_list_rows_render_each_claim_as_its_detail_does(editor, checker, other_checker, make_claim, make_evidence):
    """The list reads plain rows and shares transitions between rows with the same workflow facts; every row
    must still match the detail view of the same claim, for each role and scoped token."""
    for status in ("new", "accepted", "assigned", "researching", "in_review", "published", "rejected"):
        for assignee in (None, checker, other_checker) if status not in ("new", "accepted", "rejected") else (None,):
            claim = make_claim(status=status, assignee=assignee, due_at=timezone.now(), checkworthiness=0.5)
            if status == "researching" and assignee is checker:
                make_evidence(claim)
            if status in ("in_review", "published") and assignee is not None:
                verdict_create(claim, assignee)
    clients = {user.username: token_client(user) for user in (editor, checker, other_checker)}
    for scopes in (["read"], ["read", "workflow"]):
        clients["+".join(scopes)] = APIClient()
        key = api_token_create(user=editor, name="t", scopes=scopes)[1]
        clients["+".join(scopes)].credentials(HTTP_AUTHORIZATION=f"Token {key}")
    for name, client in clients.items():
        rows = client.get("/api/claims/?page_size=200").json()["results"]
        assert len(rows) == Claim.objects.count()
        # Only a token without the workflow scope may fire nothing at all.
        assert any(row["available_transitions"] for row in rows) == (name != "read"), name
        for row in rows:
            detail = client.get(f"/api/claims/{row['id']}/").json()
            assert row == {key: detail[key] for key in CLAIM_KEYS}


def test_default_order_is_the_triage_score(editor, make_claim, client_for):
    low, high, mid = make_claim(checkworthiness=0.2), make_claim(checkworthiness=0.9), make_claim(checkworthiness=0.5)
    unscored = make_claim(checkworthiness=1.0)
    claims_triage_refresh(claim_ids=[low.pk, high.pk, mid.pk])
    assert ids(client_for(editor).get("/api/claims/")) == [high.pk, mid.pk, low.pk, unscored.pk]
    assert ids(client_for(editor).get("/api/claims/?ordering=checkworthiness")) == [
        low.pk,
        mid.pk,
        high.pk,
        unscored.pk,
    ]
    assert ids(client_for(editor).get("/api/claims/?ordering=-id")) == [unscored.pk, mid.pk, high.pk, low.pk]


def test_filters(editor, checker, make_claim, client_for):
    now = timezone.now()
    article = article_create()
    new = make_claim(claimant="Senator Smith", checkworthiness=0.9, article=article)
    mine = make_claim(status="researching", assignee=checker, due_at=now - timedelta(hours=1), checkworthiness=0.4)
    later = make_claim(status="assigned", assignee=checker, due_at=now + timedelta(days=3), checkworthiness=0.3)
    client = client_for(editor)
    assert ids(client.get("/api/claims/?status=new")) == [new.pk]
    assert set(ids(client.get("/api/claims/?status=researching&status=assigned"))) == {mine.pk, later.pk}
    assert set(ids(client.get(f"/api/claims/?assignee={checker.pk}"))) == {mine.pk, later.pk}
    assert ids(client.get("/api/claims/?unassigned=true")) == [new.pk]
    assert ids(client.get(f"/api/claims/?article={article.pk}")) == [new.pk]
    assert ids(client.get("/api/claims/?claimant=Senator Smith")) == [new.pk]
    assert ids(client.get("/api/claims/?min_checkworthiness=0.35")) == [new.pk, mine.pk]
    assert ids(client.get("/api/claims/?overdue=true")) == [mine.pk]
    due = (now + timedelta(days=1)).isoformat()
    assert ids(client.get("/api/claims/", {"due_before": due})) == [mine.pk]


def test_search_covers_claim_text_and_claimant(editor, make_claim, client_for):
    inflation = make_claim(text="Inflation doubled since 2020.", claimant="Central bank governor")
    make_claim(text="Crime fell sharply in the capital.", claimant="Police chief")
    client = client_for(editor)
    assert ids(client.get("/api/claims/?search=inflation")) == [inflation.pk]
    assert ids(client.get("/api/claims/?search=governor")) == [inflation.pk]
    assert ids(client.get("/api/claims/?search=weather")) == []


@pytest.mark.parametrize(
    "query",
    [
        "status=bogus",
        "assignee=abc",
        "assignee=99999999999999999999999",
        "min_checkworthiness=7",
        "due_before=yesterday",
        "ordering=text",
        "overdue=maybe",
        "unassigned=2",
        "page_size=0",
        "page_size=lots",
    ],
)
def test_invalid_filters_are_400_with_field_messages(editor, make_claim, client_for, query):
    make_claim()
    response = client_for(editor).get(f"/api/claims/?{query}")
    assert response.status_code == 400, response.content
    assert response.json()["error"]["fields"]


def test_pagination_caps_page_size_and_links_pages(editor, make_claim, client_for):
    for _ in range(5):
        make_claim()
    client = client_for(editor)
    first = client.get("/api/claims/?page_size=2").json()
    assert (first["count"], first["count_exact"], len(first["results"])) == (5, True, 2)
    assert first["previous"] is None
    third = client.get(first["next"].replace("http://testserver", "")).json()
    third = client.get(third["next"].replace("http://testserver", "")).json()
    assert len(third["results"]) == 1 and third["next"] is None
    assert client.get("/api/claims/?page=9").status_code == 404
    assert client.get("/api/claims/?page_size=5000").json()["count"] == 5


def test_count_is_capped_for_large_result_sets(editor, make_claim, client_for, monkeypatch):
    from claims.api.common import PageNumberPagination

    monkeypatch.setattr(PageNumberPagination, "COUNT_CAP", 3)
    for _ in range(5):
        make_claim()
    body = client_for(editor).get("/api/claims/?page_size=2").json()
    assert (body["count"], body["count_exact"]) == (3, False)
    assert body["next"]


def test_detail_carries_the_current_verdict(editor, checker, make_claim, client_for):
    claim = make_claim(status="in_review", assignee=checker)
    verdict_create(claim, checker, version=1, rating="true")
    verdict_create(claim, checker, version=2, rating="false")
    body = client_for(editor).get(f"/api/claims/{claim.pk}/").json()
    assert body["verdict"]["version"] == 2
    assert body["verdict"]["author"]["username"] == "chris"
    assert body["available_transitions"] == ["assign", "request_changes", "publish"]
    assert client_for(editor).get("/api/claims/999999/").status_code == 404


def post(client, claim, transition, body=None):
    return client.post(f"/api/claims/{claim.pk}/{transition}/", body or {}, format="json")


def test_a_claim_goes_from_new_to_published_and_reopened(editor, other_editor, checker, make_claim, client_for):
    claim = make_claim()
    edna, chris, eddie = client_for(editor), client_for(checker), client_for(other_editor)
    assert post(edna, claim, "accept").json()["status"] == "accepted"
    body = post(edna, claim, "assign", {"assignee": checker.pk}).json()
    assert (body["status"], body["assignee"]["id"]) == ("assigned", checker.pk)
    assert body["due_at"]
    assert post(chris, claim, "start_research").json()["status"] == "researching"
    evidence = chris.post(
        f"/api/claims/{claim.pk}/evidence/",
        {"url": "https://stats.example/unemployment", "title": "Labour statistics", "stance": "refutes"},
        format="json",
    )
    assert evidence.status_code == 201, evidence.content
    verdict = {"rating": "false", "summary": "It rose.", "explanation": "The statistics office says 5 percent."}
    body = post(chris, claim, "submit_verdict", verdict).json()
    assert body["status"] == "in_review" and body["verdict"]["rating"] == "false"
    assert post(edna, claim, "request_changes", {"note": "Cite the table."}).json()["status"] == "researching"
    assert post(chris, claim, "submit_verdict", verdict).json()["verdict"]["version"] == 2
    assert post(eddie, claim, "publish").json()["status"] == "published"
    assert post(edna, claim, "reopen", {"note": "New figures."}).json()["status"] == "researching"
    history = edna.get(f"/api/claims/{claim.pk}/history/").json()
    assert [e["transition"] for e in history] == [
        "accept",
        "assign",
        "start_research",
        "submit_verdict",
        "request_changes",
        "submit_verdict",
        "publish",
        "reopen",
    ]
    assert history[-1]["note"] == "New figures." and history[-1]["actor"]["username"] == "edna"
    assert Verdict.objects.get(claim=claim, version=2).published_by == other_editor


def test_take_and_release_by_a_checker(checker, make_claim, client_for):
    claim = make_claim(status="accepted")
    chris = client_for(checker)
    assert post(chris, claim, "take").json()["assignee"]["username"] == "chris"
    assert post(chris, claim, "release", {"note": "Out sick."}).json()["assignee"] is None


def test_reject_and_mark_duplicate(editor, make_claim, client_for):
    edna = client_for(editor)
    first, second, third = make_claim(), make_claim(), make_claim()
    assert post(edna, first, "reject", {"reason": "Opinion."}).json()["reject_reason"] == "Opinion."
    assert post(edna, second, "mark_duplicate", {"duplicate_of": first.pk}).json()["duplicate_of"] == first.pk
    factcheck = FactCheck.objects.create(origin="imported", url="https://fc.example/1", claim_text="x")
    body = post(edna, third, "mark_duplicate", {"duplicate_of_factcheck": factcheck.pk}).json()
    assert (body["status"], body["duplicate_of_factcheck"]) == ("duplicate", factcheck.pk)


def test_wrong_state_is_409_and_nothing_changes(editor, make_claim, client_for):
    claim = make_claim(status="published")
    response = post(client_for(editor), claim, "accept")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "transition_not_allowed"
    assert not ClaimEvent.objects.exists()


def test_permission_refusals_are_403(editor, checker, other_checker, make_claim, make_evidence, client_for):
    theirs = make_claim(status="researching", assignee=other_checker)
    make_evidence(theirs)
    chris = client_for(checker)
    for transition, body in [
        ("accept", {}),
        ("release", {}),
        ("submit_verdict", {"rating": "false", "summary": "s", "explanation": "e"}),
    ]:
        response = post(chris, theirs, transition, body)
        assert response.status_code in (403, 409), (transition, response.content)
    assert post(chris, theirs, "release").status_code == 403
    # Four eyes: the verdict's author may not publish it.
    reviewed = make_claim(status="in_review", assignee=checker)
    verdict_create(reviewed, editor)
    assert post(client_for(editor), reviewed, "publish").status_code == 403
    theirs.refresh_from_db()
    assert theirs.status == "researching" and theirs.assignee == other_checker


@pytest.mark.parametrize(
    ("transition", "body"),
    [
        ("reject", {}),
        ("reject", {"reason": ["list"]}),
        ("assign", {"assignee": "me"}),
        ("assign", {"assignee": 2**70}),
        ("assign", {"assignee": -1}),
        ("mark_duplicate", {}),
        ("mark_duplicate", {"duplicate_of": 1, "duplicate_of_factcheck": 1}),
        ("submit_verdict", {"rating": "sort-of", "summary": "s", "explanation": "e"}),
        ("request_changes", {"note": ""}),
        ("accept", ["not", "an", "object"]),
    ],
)
def test_bad_payloads_are_400(editor, make_claim, client_for, transition, body):
    claim = make_claim()
    response = client_for(editor).post(f"/api/claims/{claim.pk}/{transition}/", body, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] == "invalid"


def test_assign_to_a_non_checker_is_400_from_the_workflow(editor, make_claim, client_for):
    claim = make_claim(status="accepted")
    response = post(client_for(editor), claim, "assign", {"assignee": editor.pk})
    assert response.status_code == 400
    assert "assignee" in response.json()["error"]["fields"]


def test_no_mass_assignment(editor, checker, make_claim, client_for):
    claim = make_claim()
    edna = client_for(editor)
    sneaky = {"status": "published", "assignee": checker.pk, "note": "ok"}
    body = post(edna, claim, "accept", sneaky).json()
    assert body["status"] == "accepted" and body["assignee"] is None
    for method in ("put", "patch", "delete"):
        response = getattr(edna, method)(f"/api/claims/{claim.pk}/", {"status": "published"}, format="json")
        assert response.status_code == 405
    assert edna.post("/api/claims/", {"text": "made up"}, format="json").status_code == 405
    claim.refresh_from_db()
    assert claim.status == "accepted" and claim.assignee is None


def test_evidence_list_add_and_stance(editor, checker, other_checker, make_claim, make_evidence, client_for):
    claim = make_claim(status="researching", assignee=checker)
    existing = make_evidence(claim, origin="auto")
    chris, charlie = client_for(checker), client_for(other_checker)
    listed = chris.get(f"/api/claims/{claim.pk}/evidence/").json()
    assert [e["id"] for e in listed] == [existing.pk]
    added = chris.post(f"/api/claims/{claim.pk}/evidence/", {"excerpt": "Table 3 shows 5 percent."}, format="json")
    assert added.status_code == 201 and added.json()["origin"] == "manual"
    url = f"/api/claims/{claim.pk}/evidence/{existing.pk}/stance/"
    assert chris.post(url, {"stance": "supports"}, format="json").json()["stance"] == "supports"
    assert charlie.post(url, {"stance": "refutes"}, format="json").status_code == 403
    assert charlie.post(f"/api/claims/{claim.pk}/evidence/", {"excerpt": "x"}, format="json").status_code == 403
    assert chris.post(url, {"stance": "maybe"}, format="json").status_code == 400
    assert chris.post(f"/api/claims/{claim.pk}/evidence/", {}, format="json").status_code == 400
    # Evidence is reached only through its own claim.
    other = make_claim(status="researching", assignee=checker)
    assert chris.post(f"/api/claims/{other.pk}/evidence/{existing.pk}/stance/", {"stance": ""}).status_code == 404


def test_a_published_claims_evidence_is_409_until_reopened(editor, checker, make_claim, make_evidence, client_for):
    claim = make_claim(status="published", assignee=checker)
    item = make_evidence(claim, stance="refutes")
    url = f"/api/claims/{claim.pk}/evidence/{item.pk}/stance/"
    for client in (client_for(editor), client_for(checker)):
        refused = client.post(url, {"stance": "supports"}, format="json")
        assert refused.status_code == 409, refused.content
        assert client.post(f"/api/claims/{claim.pk}/evidence/", {"excerpt": "x"}, format="json").status_code == 409
    item.refresh_from_db()
    assert item.stance == "refutes"
    assert post(client_for(editor), claim, "reopen").status_code == 200
    assert client_for(checker).post(url, {"stance": "supports"}, format="json").json()["stance"] == "supports"


def test_similar_lists_suggestions_and_editors_decide(editor, checker, make_claim, client_for):
    claim, earlier, another = make_claim(), make_claim(), make_claim()
    factcheck = FactCheck.objects.create(
        origin="imported", url="https://fc.example/2", claim_text="Same", rating="false"
    )
    to_claim = ClaimMatch.objects.create(claim=claim, matched_claim=earlier, score=0.9)
    to_factcheck = ClaimMatch.objects.create(claim=claim, matched_factcheck=factcheck, score=0.7)
    ClaimMatch.objects.create(claim=another, matched_claim=earlier, score=0.8)
    edna = client_for(editor)
    listed = edna.get(f"/api/claims/{claim.pk}/similar/").json()
    assert [(m["id"], m["kind"]) for m in listed] == [(to_claim.pk, "claim"), (to_factcheck.pk, "factcheck")]
    assert listed[1]["target"]["rating"] == "false"
    assert {m["scope"] for m in listed} == {"same-language"}
    base = f"/api/claims/{claim.pk}/similar"
    assert client_for(checker).post(f"{base}/{to_claim.pk}/confirm/").status_code == 403
    rejected = edna.post(f"{base}/{to_factcheck.pk}/reject/")
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    assert edna.post(f"{base}/{to_factcheck.pk}/reject/").status_code == 409
    confirmed = edna.post(f"{base}/{to_claim.pk}/confirm/")
    assert confirmed.json()["status"] == "confirmed"
    claim.refresh_from_db()
    assert (claim.status, claim.duplicate_of_id) == ("duplicate", earlier.pk)
    # A match of another claim cannot be decided through this claim's URL.
    other_match = ClaimMatch.objects.get(claim=another)
    assert edna.post(f"{base}/{other_match.pk}/confirm/").status_code == 404
    assert Claim.objects.get(pk=another.pk).status == "new"


def test_a_checkers_queue_shows_the_languages_they_read_unless_asked_for_all(editor, checker, make_claim, client_for):
    CheckerProfile.objects.create(user=checker, languages=["uk", "ru"])
    ukrainian = make_claim(language="uk")
    russian = make_claim(language="ru")
    english = make_claim(language="en")
    unknown = make_claim(language="")

    def listed(user, **params):
        response = client_for(user).get("/api/claims/", params)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert listed(checker) == {ukrainian.pk, russian.pk, unknown.pk}
    assert listed(checker, language="all") == {ukrainian.pk, russian.pk, english.pk, unknown.pk}
    assert listed(checker, language="en") == {english.pk}
    assert listed(editor) == {ukrainian.pk, russian.pk, english.pk, unknown.pk}
    CheckerProfile.objects.filter(user=checker).update(languages=["en"])
    assert listed(checker) == {english.pk, unknown.pk}
