"""The claim list: columns, default queues, filters, search, and a constant number of queries per page."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from claims.admin.paginator import EstimatedCountPaginator
from claims.models import CheckerProfile, Claim, Verdict
from claims.services.triage import claims_triage_refresh
from claims.workflow import State

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:claims_claim_changelist")


def _queries_for_changelist(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CHANGELIST)
    assert response.status_code == 200
    return len(queries)


def test_changelist_query_count_does_not_grow_with_rows(client, editor, checker, make_claim):
    client.force_login(editor)
    for i in range(10):
        make_claim(text=f"Claim number {i} says 3 percent.", assignee=checker if i % 2 else None)
    ten = _queries_for_changelist(client)
    for i in range(10, 50):
        make_claim(text=f"Claim number {i} says 3 percent.", assignee=checker if i % 2 else None)
    fifty = _queries_for_changelist(client)
    assert Claim.objects.count() == 50
    assert ten == fifty


def test_changelist_shows_the_desk_columns_and_highlights_overdue(client, editor, checker, make_claim):
    late = make_claim(
        text="Crime doubled in 2023.",
        status=State.RESEARCHING,
        assignee=checker,
        due_at=timezone.now() - timedelta(hours=3),
        checkworthiness=0.8,
    )
    make_claim(
        text="Taxes are lowest ever.",
        status=State.ASSIGNED,
        assignee=checker,
        due_at=timezone.now() + timedelta(days=1),
    )
    client.force_login(editor)
    html = client.get(CHANGELIST).content.decode()
    assert "Crime doubled in 2023." in html
    assert html.count("fc-overdue") == 1
    assert 'class="fc-status fc-status-researching"' in html
    assert reverse("admin:claims_article_change", args=[late.article_id]) in html
    assert "chris" in html  # the assignee
    assert "0.80" in html  # check-worthiness


def test_default_ordering_is_the_triage_score(client, editor, make_claim):
    low = make_claim(text="Low score claim.", checkworthiness=0.3)
    old_high = make_claim(text="Old high claim.", checkworthiness=0.9)
    new_high = make_claim(text="New high claim.", checkworthiness=0.9)
    # Scored alike (same appearance time), the earlier claim first.
    Claim.objects.update(created_at=old_high.created_at)
    claims_triage_refresh(claim_ids=[low.pk, old_high.pk, new_high.pk])
    client.force_login(editor)
    response = client.get(CHANGELIST)
    shown = list(response.context["cl"].result_list)
    assert shown == [old_high, new_high, low]


def test_checkers_start_on_their_own_queue_and_can_see_everyones(client, checker, other_checker, make_claim):
    mine = make_claim(text="Mine to check.", status=State.ASSIGNED, assignee=checker)
    theirs = make_claim(text="Someone else's claim.", status=State.ASSIGNED, assignee=other_checker)
    client.force_login(checker)
    default = set(client.get(CHANGELIST).context["cl"].result_list)
    assert default == {mine}
    everyone = set(client.get(CHANGELIST, {"mine": "all"}).context["cl"].result_list)
    assert everyone == {mine, theirs}


def test_editors_start_on_everyones_claims(client, editor, checker, make_claim):
    make_claim(text="Assigned to a checker.", status=State.ASSIGNED, assignee=checker)
    make_claim(text="Not assigned.")
    client.force_login(editor)
    assert len(client.get(CHANGELIST).context["cl"].result_list) == 2


def test_filters(client, editor, checker, make_claim):
    overdue = make_claim(
        text="Overdue claim.", status=State.RESEARCHING, assignee=checker, due_at=timezone.now() - timedelta(hours=1)
    )
    rated = make_claim(text="Rated claim.", status=State.IN_REVIEW, assignee=checker)
    Verdict.objects.create(claim=rated, version=1, rating="false", summary="s", explanation="e", author=checker)
    new = make_claim(text="Fresh claim.")
    client.force_login(editor)

    def shown(**params):
        return set(client.get(CHANGELIST, params).context["cl"].result_list)

    assert shown(overdue="yes") == {overdue}
    assert shown(rating="false") == {rated}
    assert shown(status__exact="new") == {new}
    assert shown(assignee=str(checker.pk)) == {overdue, rated}
    assert shown(assignee="none") == {new}
    assert shown(mine="yes") == set()
    assert shown(article__source__exact="text") == {overdue, rated, new}


@pytest.mark.parametrize("assignee", ["²", "9" * 20])
def test_assignee_values_that_are_no_user_id_do_not_break_the_list(client, editor, make_claim, assignee):
    claim = make_claim()
    client.force_login(editor)
    response = client.get(CHANGELIST, {"assignee": assignee})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == ([claim] if assignee == "²" else [])


def test_search_covers_claim_text_claimant_and_article(client, editor, make_claim):
    by_text = make_claim(text="Inflation reached eleven percent.", claimant="A. Minister")
    by_claimant = make_claim(text="Wages rose sharply.", claimant="Bartholomew Quince")
    other = make_claim(text="Rainfall doubled.", claimant="Someone")
    other.article.title = "Drought headlines from the valley"
    other.article.save()
    client.force_login(editor)

    def found(term):
        return set(client.get(CHANGELIST, {"q": term, "mine": "all"}).context["cl"].result_list)

    assert found("inflation") == {by_text}
    assert found("Quince") == {by_claimant}
    assert found("drought") == {other}
    assert by_text in found(str(by_text.pk))  # a claim id, as well as any claim mentioning that number
    year = make_claim(text="Exports doubled since 2019.")
    assert year in found("2019")


@pytest.mark.parametrize("term", ["²", "٣", "99999999999999999999999"])
def test_search_survives_numbers_that_are_not_claim_ids(client, editor, make_claim, term):
    make_claim()
    client.force_login(editor)
    response = client.get(CHANGELIST, {"q": term, "mine": "all"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []


def test_changelist_does_not_count_the_whole_table(client, editor, make_claim):
    make_claim()
    client.force_login(editor)
    with CaptureQueriesContext(connection) as queries:
        client.get(CHANGELIST)
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    # Only the bounded count of the filtered result (COUNT over a LIMIT), never a bare COUNT(*) of the table.
    assert counts
    assert all("LIMIT" in sql.upper() for sql in counts)


def test_facet_counts_are_off_for_big_lists(client, editor, make_claim):
    make_claim()
    client.force_login(editor)
    response = client.get(CHANGELIST, {"_facets": "True"})
    assert not response.context["cl"].add_facets
    assert "Show counts" not in response.content.decode()


def test_paginator_estimates_beyond_the_exact_limit(make_claim):
    for i in range(8):
        make_claim(text=f"Estimated claim {i}.")

    class Small(EstimatedCountPaginator):
        exact_count_limit = 5

    assert EstimatedCountPaginator(Claim.objects.order_by("pk"), 2).count == 8
    estimated = Small(Claim.objects.order_by("pk"), 2).count
    # Beyond the limit: the planner's estimate, never less than what the bounded count saw.
    assert estimated >= 6


def test_a_checker_starts_on_the_languages_they_read_and_can_pick_any(client, checker, make_claim):
    CheckerProfile.objects.create(user=checker, languages=["uk"])
    ukrainian = make_claim(text="Claim in Ukrainian.", status=State.ASSIGNED, assignee=checker, language="uk")
    german = make_claim(text="Claim in German.", status=State.ASSIGNED, assignee=checker, language="de")
    client.force_login(checker)

    def shown(**params):
        return set(client.get(CHANGELIST, params).context["cl"].result_list)

    assert shown() == {ukrainian}
    assert shown(language="all") == {ukrainian, german}
    assert shown(language="de") == {german}
    assert "My languages (uk)" in client.get(CHANGELIST).content.decode()
