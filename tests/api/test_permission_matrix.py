"""Every endpoint x every role: nobody reads or changes what their role does not allow, and no one's work can be
changed by id from another account. A refused request changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from rest_framework.test import APIClient

from claims.models import Article, Claim, ClaimEvent, ClaimMatch, Evidence, FactCheck, WatchedTopic, Webhook
from tests.api.conftest import scoped_client, token_client
from tests.factories import claim_create, evidence_create, verdict_create

ROLES = ("anonymous", "checker", "other_checker", "editor", "ingest_token", "admin")


@dataclass
class World:
    new: Claim  # the canonical claim of a cluster with one other new claim
    member: Claim
    accepted: Claim
    mine: Claim  # researching, assigned to `checker`, with evidence
    review: Claim  # in review, verdict by `checker`
    evidence: Evidence
    match: ClaimMatch
    webhook: Webhook
    factcheck: FactCheck
    other_checker_id: int


@pytest.fixture
def world(db, checker, other_checker) -> World:
    new, accepted = claim_create(), claim_create(status="accepted")
    # `new` stands for a cluster: accept and reject fired on it are fired on its member too, and a refusal
    # leaves both untouched.
    member = claim_create(canonical=new, cluster_size=2)
    Claim.objects.filter(pk=new.pk).update(cluster_size=2)
    mine = claim_create(status="researching", assignee=checker)
    review = claim_create(status="in_review", assignee=checker)
    verdict_create(review, checker)
    evidence_create(review)
    earlier = claim_create(status="published")
    factcheck = FactCheck.objects.create(
        origin="published",
        url="https://desk.example/fc/1",
        claim_text="x",
        claim=earlier,
        published_at=earlier.created_at,
    )
    return World(
        new=new,
        member=member,
        accepted=accepted,
        mine=mine,
        review=review,
        evidence=evidence_create(mine),
        match=ClaimMatch.objects.create(claim=new, matched_claim=earlier, score=0.8),
        webhook=Webhook.objects.create(name="wire", url="https://hooks.example/in", secret="s"),
        factcheck=factcheck,
        other_checker_id=other_checker.pk,
    )


def client_as(role: str, request) -> APIClient:
    if role == "anonymous":
        return APIClient()
    if role == "ingest_token":
        return scoped_client(request.getfixturevalue("editor"), "ingest")
    return token_client(request.getfixturevalue(role if role != "admin" else "admin_user"))


def snapshot() -> tuple:
    """Everything a refused request must leave untouched."""
    return (
        list(Claim.objects.order_by("pk").values_list("pk", "status", "assignee_id")),
        list(Evidence.objects.order_by("pk").values_list("pk", "stance")),
        ClaimEvent.objects.count(),
        list(ClaimMatch.objects.order_by("pk").values_list("pk", "status")),
        list(Webhook.objects.order_by("pk").values_list("pk", "name", "is_active")),
        Article.objects.count(),
        WatchedTopic.objects.count(),
    )


ANON, NO, OK, CREATED, ACCEPTED, GONE = 401, 403, 200, 201, 202, 405
DESK_READ = dict(anonymous=ANON, checker=OK, other_checker=OK, editor=OK, ingest_token=NO, admin=OK)
EDITOR_ONLY = dict(anonymous=ANON, checker=NO, other_checker=NO, editor=OK, ingest_token=NO, admin=OK)
OWN_WORK = dict(anonymous=ANON, checker=OK, other_checker=NO, editor=OK, ingest_token=NO, admin=OK)
VERDICT = {"rating": "false", "summary": "No.", "explanation": "The table says otherwise."}

# (name, method, url template, body, expected status per role)
MATRIX = [
    ("claim list", "get", "/api/claims/", None, DESK_READ),
    ("claim detail", "get", "/api/claims/{mine}/", None, DESK_READ),
    ("a cluster's claims", "get", "/api/claims/?cluster={member}&members=true", None, DESK_READ),
    ("claim history", "get", "/api/claims/{mine}/history/", None, DESK_READ),
    ("evidence list", "get", "/api/claims/{mine}/evidence/", None, DESK_READ),
    ("similar list", "get", "/api/claims/{new}/similar/", None, DESK_READ),
    ("me", "get", "/api/users/me/", None, DESK_READ),
    ("articles", "get", "/api/articles/", None, DESK_READ),
    ("ingestion jobs", "get", "/api/ingestion-jobs/", None, {**DESK_READ, "ingest_token": OK}),
    ("feeds", "get", "/api/feeds/", None, DESK_READ),
    ("watched topics", "get", "/api/topics/", None, DESK_READ),
    (
        "watch a topic",
        "post",
        "/api/topics/",
        {"name": "Masks", "statements": ["Masks protect against the virus."]},
        {**EDITOR_ONLY, "editor": CREATED, "admin": CREATED, "ingest_token": CREATED},
    ),
    ("fact-checks are public", "get", "/api/fact-checks/", None, dict.fromkeys(ROLES, OK)),
    ("reappearances are the desk's", "get", "/api/fact-checks/{factcheck}/reappearances/", None, DESK_READ),
    ("webhooks", "get", "/api/webhooks/", None, {**dict.fromkeys(ROLES, NO), "anonymous": ANON, "admin": OK}),
    (
        "edit a claim directly",
        "patch",
        "/api/claims/{mine}/",
        {"status": "published"},
        {**dict.fromkeys(ROLES, GONE), "anonymous": ANON, "ingest_token": NO},
    ),
    ("accept", "post", "/api/claims/{new}/accept/", {}, EDITOR_ONLY),
    ("reject", "post", "/api/claims/{new}/reject/", {"reason": "Opinion."}, EDITOR_ONLY),
    ("mark duplicate", "post", "/api/claims/{new}/mark_duplicate/", {"duplicate_of": "{review}"}, EDITOR_ONLY),
    ("assign", "post", "/api/claims/{mine}/assign/", {"assignee": "{other_checker_id}"}, EDITOR_ONLY),
    (
        "take",
        "post",
        "/api/claims/{accepted}/take/",
        {},
        dict(anonymous=ANON, checker=OK, other_checker=OK, editor=NO, ingest_token=NO, admin=NO),
    ),
    ("release someone's claim", "post", "/api/claims/{mine}/release/", {}, OWN_WORK),
    ("submit someone's verdict", "post", "/api/claims/{mine}/submit_verdict/", VERDICT, OWN_WORK),
    ("request changes", "post", "/api/claims/{review}/request_changes/", {"note": "Cite it."}, EDITOR_ONLY),
    ("publish (four eyes)", "post", "/api/claims/{review}/publish/", {}, EDITOR_ONLY),
    (
        "add evidence to someone's claim",
        "post",
        "/api/claims/{mine}/evidence/",
        {"excerpt": "Table 3."},
        {**OWN_WORK, "checker": CREATED, "editor": CREATED, "admin": CREATED},
    ),
    (
        "set stance on someone's evidence",
        "post",
        "/api/claims/{mine}/evidence/{evidence}/stance/",
        {"stance": "refutes"},
        OWN_WORK,
    ),
    ("reject a match", "post", "/api/claims/{new}/similar/{match}/reject/", None, EDITOR_ONLY),
    ("confirm a match", "post", "/api/claims/{new}/similar/{match}/confirm/", None, EDITOR_ONLY),
    (
        "submit an article",
        "post",
        "/api/articles/",
        {"text": "The minister said unemployment fell to 3 percent."},
        {**EDITOR_ONLY, "editor": ACCEPTED, "admin": ACCEPTED, "ingest_token": ACCEPTED},
    ),
    (
        "create a webhook",
        "post",
        "/api/webhooks/",
        {"name": "x", "url": "https://hooks.example/x"},
        {**dict.fromkeys(ROLES, NO), "anonymous": ANON, "admin": CREATED},
    ),
    (
        "delete a webhook",
        "delete",
        "/api/webhooks/{webhook}/",
        None,
        {**dict.fromkeys(ROLES, NO), "anonymous": ANON, "admin": 204},
    ),
]


def fill(template, world: World):
    ids = {
        "new": world.new.pk,
        "member": world.member.pk,
        "accepted": world.accepted.pk,
        "mine": world.mine.pk,
        "review": world.review.pk,
        "evidence": world.evidence.pk,
        "match": world.match.pk,
        "webhook": world.webhook.pk,
        "factcheck": world.factcheck.pk,
        "other_checker_id": world.other_checker_id,
    }
    if isinstance(template, str):
        filled = template.format(**ids)
        return int(filled) if template.startswith("{") and filled.isdigit() else filled
    if isinstance(template, dict):
        return {key: fill(value, world) for key, value in template.items()}
    return template


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method", "url", "body", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
def test_permission_matrix(request, world, role, name, method, url, body, expected):
    client = client_as(role, request)
    before = snapshot()
    response = getattr(client, method)(fill(url, world), fill(body, world), format="json")
    assert response.status_code == expected[role], (name, role, response.content[:300])
    if name in ("accept", "reject") and response.status_code == OK:
        # Fired on the cluster's canonical claim, the transition took its member along.
        assert response.json()["cluster_outcome"] == {"applied": [world.member.pk], "skipped": []}
        assert Claim.objects.get(pk=world.member.pk).status == response.json()["status"]
    if response.status_code >= 400:
        assert set(response.json()) == {"error"}
        assert snapshot() == before, f"{name} as {role} was refused but changed something"


def test_the_matrix_covers_every_claims_endpoint():
    from claims.api import claims as claims_api
    from claims.workflow import TRANSITIONS

    routes = {str(p.pattern) for p in claims_api.urlpatterns}
    covered = {row[2].replace("/api/", "", 1) for row in MATRIX}
    normalised = {
        route.replace("<int:pk>", "{x}").replace("<int:evidence_id>", "{evidence}").replace("<int:match_id>", "{match}")
        for route in routes
    }
    covered = {
        url.replace("{mine}", "{x}").replace("{new}", "{x}").replace("{review}", "{x}").replace("{accepted}", "{x}")
        for url in covered
    }
    missing = normalised - covered
    # Left out here: these two transitions are refused and allowed in test_claims.
    left_out = {"start_research", "reopen"}
    assert left_out <= set(TRANSITIONS)
    missing -= {f"claims/{{x}}/{name}/" for name in left_out}
    assert not missing, missing
