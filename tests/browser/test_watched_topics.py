"""An editor adds a watched topic in a real Chromium; the next article ingested keeps the claim on it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from claims.models import WatchedTopic
from claims.services.ingestion import article_ingest
from tests.browser.desk import Desk

pytestmark = pytest.mark.browser

# Three check-worthy statements, of which a three-sentence article's budget keeps two.
ARTICLE = (
    "Officials said the virus can pass between people who share a room for an hour. "
    "The city council said the new bridge will cost $40 million and open in March. "
    "The agency said on Tuesday that exports had risen by 12% in a year to 4,000 tonnes."
)


@pytest.mark.django_db(transaction=True)
def test_an_editor_watches_a_topic_and_its_claim_is_kept(live_server, browser, editor):
    edna = Desk(browser, live_server.url, editor.username)
    edna.open(reverse("admin:claims_watchedtopic_add"))
    edna.page.fill("#id_name", "Transmission")
    edna.page.click("input[name=_save]")
    expect(edna.page.locator(".errorlist")).to_contain_text("This field is required.")
    edna.page.fill(
        "#id_statements",
        "The virus spreads from person to person through the air.\nPeople without symptoms can spread the virus.",
    )
    edna.page.click("input[name=_save]")
    edna.expect_message("was added successfully")
    expect(edna.page.locator("#result_list")).to_contain_text("Transmission")
    assert WatchedTopic.objects.get().statement_lines()[1] == "People without symptoms can spread the virus."
    edna.shot("20-editor-watched-topics")

    article, _ = article_ingest(text=ARTICLE, title="Agency briefing")
    edna.open(reverse("admin:claims_claim_changelist") + f"?article__id__exact={article.pk}")
    rows = edna.page.locator("#result_list tbody tr")
    expect(rows).to_have_count(2)
    expect(edna.page.locator("#result_list")).to_contain_text("the virus can pass between people")
    expect(edna.page.locator("#result_list")).not_to_contain_text("new bridge")
    assert not edna.csp_violations
