"""The claim page: context, panels, and buttons that go through the workflow, evidence and matching services."""

import pytest
from django.urls import reverse

from claims.models import Article, ClaimEvent, ClaimMatch, Evidence, FactCheck, OutboxMessage, Verdict
from claims.workflow import State

pytestmark = pytest.mark.django_db


def change_url(claim) -> str:
    return reverse("admin:claims_claim_change", args=[claim.pk])


def transition_url(claim, name: str) -> str:
    return reverse("admin:claims_claim_transition", args=[claim.pk, name])


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_page_shows_the_quote_highlighted_in_its_article_escaped(client, editor, make_claim):
    article = Article.objects.create(
        title="Budget <b>night</b>",
        url="https://news.example/budget",
        content_hash="b" * 64,
        text="Before <script>alert(1)</script>. The minister said spending rose 40%. After & more.",
    )
    claim = make_claim(text="spending rose 40%.", article=article, claimant="The minister")
    client.force_login(editor)
    html = client.get(change_url(claim)).content.decode()
    assert '<mark class="fc-quote" id="fc-quote">spending rose 40%.</mark>' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" not in html
    assert "After &amp; more." in html


def test_buttons_are_the_transitions_available_to_the_user(client, editor, checker, make_claim):
    claim = make_claim()
    client.force_login(editor)
    html = client.get(change_url(claim)).content.decode()
    for name in ("accept", "reject", "mark_duplicate"):
        assert transition_url(claim, name) in html
    assert transition_url(claim, "take") not in html
    client.force_login(checker)
    html = client.get(change_url(claim)).content.decode()
    assert transition_url(claim, "accept") not in html
    assert "No transition is open to you on this claim now." in html


def test_transition_button_calls_the_workflow_service(client, editor, make_claim):
    claim = make_claim()
    client.force_login(editor)
    response = client.post(transition_url(claim, "accept"), follow=True)
    claim.refresh_from_db()
    assert claim.status == State.ACCEPTED
    event = ClaimEvent.objects.get(claim=claim)
    assert (event.transition, event.actor, event.from_state, event.to_state) == ("accept", editor, "new", "accepted")
    assert "Accept: the claim is now accepted." in messages_of(response)


def test_refused_transition_shows_the_reason(client, checker, make_claim):
    claim = make_claim()
    client.force_login(checker)
    response = client.post(transition_url(claim, "accept"), follow=True)
    claim.refresh_from_db()
    assert claim.status == State.NEW
    assert not ClaimEvent.objects.exists()
    assert messages_of(response) == ["Accept refused: Only editor may accept a claim."]
    assert response.context["messages"]._loaded_messages[0].tags == "error"


def test_transition_input_is_validated_and_passed_on(client, editor, checker, make_claim):
    claim = make_claim()
    client.force_login(editor)
    response = client.post(transition_url(claim, "reject"), follow=True)
    assert "Reject: Reason: This field is required." in messages_of(response)
    claim.refresh_from_db()
    assert claim.status == State.NEW

    client.post(transition_url(claim, "reject"), {"reject-reason": "Opinion, not a claim of fact."})
    claim.refresh_from_db()
    assert (claim.status, claim.reject_reason) == (State.REJECTED, "Opinion, not a claim of fact.")

    accepted = make_claim(text="Exports tripled.", status=State.ACCEPTED)
    client.post(transition_url(accepted, "assign"), {"assign-assignee": checker.pk})
    accepted.refresh_from_db()
    assert (accepted.status, accepted.assignee) == (State.ASSIGNED, checker)
    assert accepted.due_at is not None


def test_only_post_and_known_transitions(client, editor, make_claim):
    claim = make_claim()
    client.force_login(editor)
    assert client.get(transition_url(claim, "accept")).status_code == 405
    assert client.post(transition_url(claim, "teleport")).status_code == 404


def test_workflow_fields_are_read_only_in_the_form(client, editor, checker, make_claim):
    claim = make_claim(status=State.ACCEPTED)
    client.force_login(editor)
    response = client.get(change_url(claim))
    form = response.context["adminform"].form
    assert {"status", "assignee", "due_at"}.isdisjoint(form.fields)
    client.post(
        change_url(claim),
        {
            "text": claim.text,
            "claimant": "Changed",
            "priority": "high",
            "language": "en",
            "topics": "[]",
            "status": "published",
            "assignee": checker.pk,
        },
    )
    claim.refresh_from_db()
    assert (claim.claimant, claim.priority) == ("Changed", "high")
    assert (claim.status, claim.assignee) == (State.ACCEPTED, None)


def test_checker_cannot_act_on_someone_elses_claim(client, checker, other_checker, make_claim):
    claim = make_claim(status=State.ASSIGNED, assignee=other_checker)
    client.force_login(checker)
    page = client.get(change_url(claim))
    assert page.status_code == 200
    assert transition_url(claim, "start_research") not in page.content.decode()
    assert page.context["workbench"]["evidence_form"] is None

    response = client.post(transition_url(claim, "start_research"), follow=True)
    assert messages_of(response) == [
        "Start research refused: Checkers may start_research only claims assigned to them."
    ]
    response = client.post(
        reverse("admin:claims_claim_evidence_add", args=[claim.pk]),
        {"evidence-url": "https://stats.example/report", "evidence-title": "Report"},
        follow=True,
    )
    assert messages_of(response)[0].startswith("Evidence not added: Only editors and the claim's assigned checker")
    claim.refresh_from_db()
    assert claim.status == State.ASSIGNED
    assert not Evidence.objects.exists()


def test_checker_researches_own_claim_evidence_and_verdict(client, checker, make_claim):
    claim = make_claim(status=State.ASSIGNED, assignee=checker)
    client.force_login(checker)
    client.post(transition_url(claim, "start_research"))
    claim.refresh_from_db()
    assert claim.status == State.RESEARCHING

    blocked = client.get(change_url(claim)).context["workbench"]["blocked"]
    assert {
        "label": "Submit verdict",
        "reason": "A verdict needs at least one evidence item; add evidence first.",
    } in blocked

    client.post(
        reverse("admin:claims_claim_evidence_add", args=[claim.pk]),
        {"evidence-url": "https://stats.example/jobs", "evidence-title": "Jobs report", "evidence-excerpt": "3.9%"},
    )
    evidence = Evidence.objects.get(claim=claim)
    assert (evidence.origin, evidence.added_by, evidence.stance) == ("manual", checker, "")
    client.post(
        reverse("admin:claims_claim_evidence_stance", args=[claim.pk, evidence.pk]),
        {f"evidence-{evidence.pk}-stance": "refutes"},
    )
    evidence.refresh_from_db()
    assert evidence.stance == "refutes"

    response = client.post(
        transition_url(claim, "submit_verdict"),
        {
            "submit_verdict-rating": "false",
            "submit_verdict-summary": "It rose.",
            "submit_verdict-explanation": "The statistics office reports 3.9%.",
        },
        follow=True,
    )
    claim.refresh_from_db()
    assert claim.status == State.IN_REVIEW
    verdict = Verdict.objects.get(claim=claim)
    assert (verdict.rating, verdict.author) == ("false", checker)
    assert "Submit verdict: the claim is now in review." in messages_of(response)


def test_four_eyes_refusal_is_shown_to_the_author(client, editor, other_editor, make_claim):
    claim = make_claim(status=State.IN_REVIEW, assignee=None)
    Verdict.objects.create(claim=claim, version=1, rating="true", summary="s", explanation="e", author=editor)
    client.force_login(editor)
    response = client.post(transition_url(claim, "publish"), follow=True)
    assert messages_of(response) == [
        "Publish refused: Four eyes: the verdict must be published by someone other than its author."
    ]
    client.force_login(other_editor)
    client.post(transition_url(claim, "publish"))
    claim.refresh_from_db()
    assert claim.status == State.PUBLISHED


def test_history_and_similar_claims_panels(client, editor, make_claim):
    claim = make_claim()
    earlier = make_claim(text="Unemployment dropped to 3.5 percent last year.")
    factcheck = FactCheck.objects.create(
        origin=FactCheck.Origin.IMPORTED,
        url="https://checks.example/1",
        claim_text="Unemployment is 3.5%",
        rating="true",
    )
    ClaimMatch.objects.create(claim=claim, matched_claim=earlier, score=0.8)
    fc_match = ClaimMatch.objects.create(claim=claim, matched_factcheck=factcheck, score=0.7)
    client.force_login(editor)
    html = client.get(change_url(claim)).content.decode()
    assert reverse("admin:claims_claim_change", args=[earlier.pk]) in html
    assert reverse("admin:claims_factcheck_change", args=[factcheck.pk]) in html

    response = client.post(
        reverse("admin:claims_claim_match_decide", args=[claim.pk, fc_match.pk, "confirm"]), follow=True
    )
    assert "Match confirmed: the claim is a duplicate." in messages_of(response)
    claim.refresh_from_db()
    assert (claim.status, claim.duplicate_of_factcheck) == (State.DUPLICATE, factcheck)
    history = response.context["workbench"]["events"]
    assert [e.transition for e in history] == ["mark_duplicate"]
    assert "mark_duplicate" in response.content.decode()


def test_match_decisions_are_offered_to_editors_only(client, editor, checker, make_claim):
    claim = make_claim()
    earlier = make_claim(text="Unemployment dropped to 3.5 percent last year.")
    match = ClaimMatch.objects.create(claim=claim, matched_claim=earlier, score=0.8)
    confirm = reverse("admin:claims_claim_match_decide", args=[claim.pk, match.pk, "confirm"])
    client.force_login(checker)
    assert confirm not in client.get(change_url(claim)).content.decode()
    response = client.post(confirm, follow=True)
    assert messages_of(response) == ["Match not confirmed: Only editor may mark_duplicate a claim."]
    client.force_login(editor)
    assert confirm in client.get(change_url(claim)).content.decode()


def test_editing_the_text_in_the_admin_embeds_the_claim_again(client, editor, make_claim):
    from claims.intelligence.embeddings import embed
    from claims.intelligence.matching import as_embedding, claim_document
    from claims.models import Claim
    from claims.services.embeddings import claim_embedding_store

    claim = make_claim(text="Unemployment fell to 3.5 percent last year.", claimant="Jane Doe")
    claim_embedding_store(claim_ids=[claim.pk])
    before = as_embedding(Claim.objects.get(pk=claim.pk).embedding)
    client.force_login(editor)
    new_text = "Wildfires burned twice as much forest this summer."
    response = client.post(
        change_url(claim),
        {"text": new_text, "claimant": "Jane Doe", "priority": claim.priority, "language": "en", "topics": "[]"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    after = as_embedding(Claim.objects.get(pk=claim.pk).embedding)
    expected = embed([claim_document(new_text, "Jane Doe")])[0]
    # Stored as halfvec: equal to the new text's embedding up to 16-bit precision, far from the old one.
    assert float(after @ expected) > 0.999
    assert float(before @ expected) < 0.5
    # Matching runs again for the new text, once the edit commits.
    assert OutboxMessage.objects.filter(task="workers.review.claim_match_suggest", args=[claim.pk]).exists()


def test_changing_the_language_in_the_admin_matches_the_claim_again(client, editor, make_claim):
    claim = make_claim(text="Unemployment fell to 3.5 percent last year.", language="en")
    client.force_login(editor)
    fields = {"text": claim.text, "claimant": claim.claimant, "priority": claim.priority, "topics": "[]"}
    client.post(change_url(claim), {**fields, "language": "en"})
    suggest = OutboxMessage.objects.filter(task="workers.review.claim_match_suggest", args=[claim.pk])
    assert not suggest.exists()  # nothing changed: nothing to match again
    response = client.post(change_url(claim), {**fields, "language": "de"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert suggest.count() == 1


def test_a_priority_change_in_the_admin_moves_the_due_date(client, editor, checker, make_claim):
    from datetime import timedelta

    from django.utils import timezone

    # Assigned 30 hours ago at normal priority (72 hours), and flagged overdue by mistake.
    assigned_at = timezone.now() - timedelta(hours=30)
    claim = make_claim(
        status=State.RESEARCHING,
        assignee=checker,
        priority="normal",
        due_at=assigned_at + timedelta(hours=72),
        overdue_since=timezone.now(),
    )
    client.force_login(editor)
    form = {"text": claim.text, "claimant": claim.claimant, "language": "en", "topics": "[]"}

    response = client.post(change_url(claim), {**form, "priority": "high"})
    assert response.status_code == 302, response.content.decode()[:2000]
    claim.refresh_from_db()
    # High priority gives 24 hours from the assignment: the claim is now overdue, which the SLA watch will flag.
    assert abs(claim.due_at - (assigned_at + timedelta(hours=24))) < timedelta(seconds=1)

    response = client.post(change_url(claim), {**form, "priority": "low"})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert abs(claim.due_at - (assigned_at + timedelta(hours=168))) < timedelta(seconds=1)
    assert claim.overdue_since is None
