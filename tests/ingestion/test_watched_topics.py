"""Watched topics: saved through one service (admin and command alike), read by ingestion's extraction."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from claims.errors import Conflict, InvalidInput
from claims.evaluation.topics import COVID_TOPICS_PATH, covid_topics
from claims.extraction import extract_claims
from claims.models import WatchedTopic
from claims.selectors.topics import watched_topics
from claims.services.ingestion import article_candidates_extract, article_claims_extract, article_ingest
from claims.services.topics import watched_topic_create, watched_topic_update, watched_topics_load
from tests.extraction.conftest import SEED

pytestmark = pytest.mark.django_db

# Three check-worthy statements, of which a three-sentence article's budget keeps two.
ARTICLE = (
    "Officials said the virus can pass between people who share a room for an hour. "
    "The city council said the new bridge will cost $40 million and open in March. "
    "The agency said on Tuesday that exports had risen by 12% in a year to 4,000 tonnes."
)
TRANSMISSION = "The virus spreads from person to person through the air.\nPeople without symptoms can spread the virus."


def _kept() -> list[str]:
    return [claim.text.split()[1] for claim in article_claims_extract(text=ARTICLE, title="")]


def test_a_topic_is_created_once_by_name_and_its_statements_replaced():
    topic = watched_topic_create(name="Transmission", statements=TRANSMISSION)
    with pytest.raises(Conflict, match="already watched"):
        watched_topic_create(name="Transmission", statements="Other.")
    watched_topic_update(topic=topic, statements="  \nThe virus spreads by air.\n", is_active=False)
    topic.refresh_from_db()
    assert (topic.statement_lines(), topic.is_active) == (("The virus spreads by air.",), False)


def test_loading_a_file_replaces_a_topic_of_the_same_name_and_switches_it_on(tmp_path):
    topic = watched_topic_create(name="Transmission", statements="Old.", is_active=False)
    path = tmp_path / "topics.json"
    path.write_text(json.dumps({"topics": [{"name": "Transmission", "statements": ["New.", "Newer."]}]}))
    assert [t.pk for t in watched_topics_load(path)] == [topic.pk]
    topic.refresh_from_db()
    assert (topic.statement_lines(), topic.is_active) == (("New.", "Newer."), True)


@pytest.mark.parametrize(
    ("statements", "message"),
    [
        (" \n \n", "at least one statement"),
        ("\n".join(f"Claim {i}." for i in range(51)), "at most 50"),
        # as the API refuses it, so do the admin and a topics file, which save through the same service
        ("Short.\n" + "Long " * 101, "to 500 characters"),
    ],
)
def test_a_topic_without_statements_or_with_too_many_is_refused(statements, message):
    with pytest.raises(InvalidInput, match=message):
        watched_topic_create(name="Empty", statements=statements)
    assert not WatchedTopic.objects.exists()


def test_a_topics_file_is_saved_whole_or_not_at_all(tmp_path):
    path = tmp_path / "topics.json"
    too_many = [f"Claim {i}." for i in range(51)]
    path.write_text(
        json.dumps({"topics": [{"name": "A", "statements": ["One."]}, {"name": "B", "statements": too_many}]})
    )
    with pytest.raises(InvalidInput, match="at most 50"):
        watched_topics_load(path)
    assert not WatchedTopic.objects.exists()
    path.write_text(json.dumps({"topics": [{"name": "A"}]}))
    with pytest.raises(InvalidInput, match="not a topics file"):
        watched_topics_load(path)
    path.write_text(json.dumps({"topics": [{"name": "A", "statements": ["One.\nTwo."]}]}))
    with pytest.raises(InvalidInput, match="not one line"):
        watched_topics_load(path)
    path.write_text("{not json")
    with pytest.raises(InvalidInput, match="Expecting property name"):
        watched_topics_load(path)


def test_the_command_saves_the_covid_topics_and_lists_them():
    out = StringIO()
    call_command("watch_topics", str(COVID_TOPICS_PATH), stdout=out)
    assert "4 topics saved." in out.getvalue()
    assert "Transmission (active, 7 statements)" in out.getvalue()
    assert list(WatchedTopic.objects.values_list("name", flat=True)) == ["Cure", "Origin", "Protection", "Transmission"]
    with pytest.raises(CommandError, match="No such file"):
        call_command("watch_topics", str(COVID_TOPICS_PATH.parent / "missing.json"), stdout=StringIO())


def test_ingestion_extracts_with_the_desk_topics_as_the_evaluation_does_with_the_same_file():
    """`evaluate claims` passes the topics file to the service; a desk that loaded the file gets the same claims."""
    seed_text = SEED.read_text(encoding="utf-8")
    watched_topics_load(COVID_TOPICS_PATH)
    assert set(watched_topics()) == set(
        covid_topics()
    )  # nearness is to the nearest statement of any topic, in any order
    stored = [(c.start, c.end, c.claimant) for c in article_claims_extract(text=seed_text, title="")]
    evaluated = [
        (c.start, c.end, c.claimant)
        for c in article_candidates_extract(text=seed_text, title="", topics=covid_topics())
        if c.is_claim
    ]
    assert stored == evaluated
    assert stored != [(c.start, c.end, c.claimant) for c in extract_claims(seed_text) if c.is_claim]


def test_ingestion_keeps_claims_on_an_active_topic_first():
    assert _kept() == ["city", "agency"]
    topic = watched_topic_create(name="Transmission", statements=TRANSMISSION)
    assert _kept() == ["said", "agency"]  # "Officials said the virus can pass between people ..."
    watched_topic_update(topic=topic, is_active=False)
    assert _kept() == ["city", "agency"]


def test_an_ingested_article_stores_the_claims_its_desk_topics_rank_first():
    watched_topic_create(name="Transmission", statements=TRANSMISSION)
    article, created = article_ingest(text=ARTICLE, title="Agency briefing")
    stored = list(article.claims.order_by("start").values_list("text", flat=True))
    assert created
    assert [text.split()[0] for text in stored] == ["Officials", "The"]
    assert "exports" in stored[1]


def test_editors_keep_topics_in_the_admin_and_checkers_read_them(client, editor, checker):
    client.force_login(editor)
    add = reverse("admin:claims_watchedtopic_add")
    refused = client.post(add, {"name": "Masks", "statements": "  ", "is_active": "on"})
    assert refused.status_code == 200
    assert "Give at least one statement." in refused.content.decode()
    created = client.post(add, {"name": "Masks", "statements": "Masks protect against the virus.", "is_active": "on"})
    assert created.status_code == 302
    topic = WatchedTopic.objects.get()
    assert topic.statement_lines() == ("Masks protect against the virus.",)
    client.force_login(checker)
    assert client.get(reverse("admin:claims_watchedtopic_change", args=[topic.pk])).status_code == 200
    assert client.get(add).status_code == 403
