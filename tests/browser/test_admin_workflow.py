"""A claim goes from new to published through the admin in a real Chromium, with a real Celery worker.

Another outlet repeats it: the queue shows one row for both, with the cluster's size and outlets and the triage
reasons. An editor accepts it (taking the repeat along), the assignment worker gives both to the only available
checker, the checker researches it (evidence added by hand, stance set) and submits a verdict, and a second editor
publishes it (four eyes); the publishing worker then creates the public fact-check. Screenshots of each step go to
test-artifacts/screenshots/. Every page runs under the site's Content-Security-Policy, and the console must not
report a violation of it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from claims.models import Article, Claim, ClaimEvent, ClaimMatch, Evidence, FactCheck
from claims.services.clusters import claim_regroup
from claims.workflow import State
from tests.browser.desk import SCREENSHOTS, Desk
from tests.support import wait_for

ARTICLE_TEXT = (
    "City council approves new budget\n\n"
    "The council met on Tuesday to vote on next year's budget. "
    "Mayor Jane Holt said that unemployment in the city fell to 2 percent last year, the lowest on record. "
    "Opposition members disputed the figures and asked for the statistics office to publish its data. "
    "The budget passed by seven votes to four."
)
QUOTE = "unemployment in the city fell to 2 percent last year, the lowest on record."

pytestmark = pytest.mark.browser


def _claim() -> Claim:
    article = Article.objects.create(
        title="City council approves new budget",
        url="https://news.example/council-budget",
        content_hash="c" * 64,
        publisher="Example News",
        text=ARTICLE_TEXT,
    )
    start = ARTICLE_TEXT.index(QUOTE)
    return Claim.objects.create(
        article=article,
        text="Unemployment in the city fell to 2 percent last year, the lowest on record.",
        quote=QUOTE,
        start=start,
        end=start + len(QUOTE),
        claimant="Mayor Jane Holt",
        cue="said",
        checkworthiness=0.91,
        priority=Claim.Priority.HIGH,
    )


def _repeat(claim: Claim) -> Claim:
    """The same statement from another outlet, matched with the claim as matching would, and regrouped."""
    text = "Unemployment in the city dropped to 2 percent last year, Mayor Jane Holt said."
    article = Article.objects.create(
        title="Mayor on jobs",
        url="https://valley.example/jobs",
        content_hash="d" * 64,
        publisher="Valley Post",
        text=text,
    )
    repeat = Claim.objects.create(
        article=article, text=text, quote=text, start=0, end=len(text), claimant="Mayor Jane Holt", checkworthiness=0.8
    )
    ClaimMatch.objects.create(claim=repeat, matched_claim=claim, score=0.9)
    claim_regroup(claim_id=repeat.pk)
    return repeat


@pytest.mark.django_db(transaction=True)
def test_claim_from_new_to_published_through_the_admin(
    celery_worker_process, live_server, browser, editor, other_editor, checker
):
    # The worker fixture (and with it the test database) comes first, so the live server, which holds a
    # connection, stops before the database is dropped.
    claim = _claim()
    claim_path = reverse("admin:claims_claim_change", args=[claim.pk])

    # 1. An editor triages the queue and accepts the claim.
    edna = Desk(browser, live_server.url, editor.username)
    expect(edna.page.locator(".fc-desk-links")).to_contain_text("Desk dashboard")
    edna.shot("00-editor-index")
    edna.open(reverse("admin:claims_claim_changelist") + "?status__exact=new")
    expect(edna.page.locator("#result_list")).to_contain_text("Unemployment in the city fell")
    # Another outlet repeats the statement: one row for both, with the cluster's spread and the triage reasons.
    repeat = _repeat(claim)
    edna.page.reload()
    expect(edna.page.locator("#result_list tbody tr")).to_have_count(1)
    expect(edna.page.locator("#result_list .fc-cluster")).to_have_text("2 claims, 2 outlets")
    expect(edna.page.locator("#result_list .fc-reasons")).to_have_text(
        "in 2 outlets since yesterday; said by a mayor; highly check-worthy"
    )
    edna.shot("01-editor-new-claims")
    edna.page.click("#result_list .fc-cluster")
    expect(edna.page.locator("#result_list tbody tr")).to_have_count(2)
    expect(edna.page.locator("#result_list")).to_contain_text("dropped to 2 percent")
    edna.shot("01b-editor-cluster-members")
    edna.page.click("#result_list a:has-text('Unemployment in the city fell')")
    expect(edna.page.locator("mark.fc-quote")).to_have_text(QUOTE)
    expect(edna.page.locator("[data-testid=claim-triage]")).to_contain_text("said by a mayor")
    expect(edna.page.locator("[data-testid=claim-cluster]")).to_contain_text("2 claims in 2 outlets")
    edna.shot("02-editor-claim-page")
    edna.transition("accept")
    edna.expect_message("Accept: the claim is now accepted.")
    edna.expect_message(f"Accept: also 1 claim of its cluster ({repeat.pk}).")

    # 2. The assignment worker gives it, and the repeat with it, to the only available checker.
    wait_for(
        lambda: (
            Claim.objects.filter(pk__in=[claim.pk, repeat.pk], status=State.ASSIGNED, assignee=checker).count() == 2
        ),
        timeout=60,
        message="the worker to assign the claim and its cluster",
    )
    edna.open(claim_path)
    expect(edna.page.locator("[data-testid=claim-status]")).to_have_text("Assigned")
    edna.shot("03-editor-claim-assigned")

    # 3. The checker finds it in their own queue and starts research.
    chris = Desk(browser, live_server.url, checker.username)
    chris.open(reverse("admin:claims_claim_changelist"))
    expect(chris.page.locator("#changelist-filter")).to_contain_text("My claims")
    expect(chris.page.locator("#result_list")).to_contain_text("Unemployment in the city fell")
    chris.shot("04-checker-my-queue")
    chris.page.click("#result_list a:has-text('Unemployment in the city fell')")
    chris.transition("start_research")
    chris.expect_message("Start research: the claim is now researching.")
    expect(chris.page.locator("[data-testid=claim-status]")).to_have_text("Researching")

    # 4. Evidence by hand, then its stance.
    chris.page.locator("details.fc-add-evidence").evaluate("details => { details.open = true; }")
    chris.page.fill("#id_evidence-url", "https://stats.example/labour-market-2025")
    chris.page.fill("#id_evidence-title", "Labour market statistics 2025")
    chris.page.fill("#id_evidence-excerpt", "The city's unemployment rate averaged 4.1% in 2025, up from 3.8%.")
    chris.page.fill("#id_evidence-source", "Statistics office")
    chris.page.click("details.fc-add-evidence button[type=submit]")
    chris.expect_message("Evidence added.")
    evidence = Evidence.objects.get(claim=claim, origin=Evidence.Origin.MANUAL)
    row = chris.page.locator(f"tr[data-evidence='{evidence.pk}']")
    row.locator("select").select_option("refutes")
    row.locator("button[type=submit]").click()
    chris.expect_message("Stance set.")
    evidence.refresh_from_db()
    assert evidence.stance == Evidence.Stance.REFUTES
    chris.shot("05-checker-evidence")

    # 5. The verdict goes to review.
    chris.page.select_option("#id_submit_verdict-rating", "false")
    chris.page.fill("#id_submit_verdict-summary", "Unemployment rose to 4.1%; it did not fall to 2%.")
    chris.page.fill(
        "#id_submit_verdict-explanation",
        "The statistics office reports an average unemployment rate of 4.1% for 2025, up from 3.8% the year before.",
    )
    chris.shot("06-checker-verdict-form")
    chris.transition("submit_verdict")
    chris.expect_message("Submit verdict: the claim is now in review.")
    expect(chris.page.locator("[data-testid=claim-status]")).to_have_text("In review")
    # A checker cannot publish: no button, whatever the state.
    expect(chris.page.locator("button[data-transition=publish]")).to_have_count(0)

    # 6. A second editor publishes (four eyes: not the verdict's author).
    eddie = Desk(browser, live_server.url, other_editor.username)
    eddie.open(claim_path)
    expect(eddie.page.locator(".fc-verdict-version")).to_contain_text("Unemployment rose to 4.1%")
    eddie.page.click("details.fc-transition-publish summary")
    eddie.shot("07-editor-review")
    eddie.transition("publish")
    eddie.expect_message("Publish: the claim is now published.")
    expect(eddie.page.locator("[data-testid=claim-status]")).to_have_text("Published")

    # 7. The publishing worker creates the public fact-check.
    factcheck = wait_for(
        lambda: FactCheck.objects.filter(claim=claim, origin=FactCheck.Origin.PUBLISHED).first(),
        timeout=60,
        message="the worker to publish the fact-check",
    )
    assert factcheck.rating == "false"
    eddie.open(claim_path)
    expect(eddie.page.locator(".fc-history")).to_contain_text("publish")
    expect(eddie.page.locator("[data-testid=public-factcheck]")).to_have_attribute(
        "href", re.compile(rf"/{factcheck.pk}/?$")
    )
    eddie.shot("08-editor-published")
    assert list(ClaimEvent.objects.filter(claim=claim).values_list("transition", "actor__username")) == [
        ("accept", editor.username),
        ("assign", None),
        ("start_research", checker.username),
        ("submit_verdict", checker.username),
        ("publish", other_editor.username),
    ]

    # 8. Readers see it.
    eddie.open(reverse("public:factcheck-detail", args=[factcheck.pk]))
    expect(eddie.page.locator("body")).to_contain_text("Unemployment in the city fell to 2 percent")
    eddie.shot("09-public-fact-check")

    # 9. The dashboard counts it.
    eddie.open(reverse("admin:claims_dashboard"))
    expect(eddie.page.locator("[data-state=published]")).to_have_text("1")
    expect(eddie.page.locator("svg.fc-chart")).to_be_visible()
    eddie.shot("10-dashboard")
    assert (SCREENSHOTS / "10-dashboard.png").stat().st_size > 0

    # 10. The API's Swagger UI renders under the same policy.
    eddie.open(reverse("api-docs"))
    expect(eddie.page.locator(".swagger-ui .info .title")).to_contain_text("Fact-check desk API")
    expect(eddie.page.locator(".opblock-tag-section").first).to_be_visible()
    eddie.shot("11-api-docs")

    violations = [v for desk in (edna, chris, eddie) for v in desk.csp_violations]
    assert violations == []
