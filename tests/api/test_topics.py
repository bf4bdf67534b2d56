"""Watched topics through the API: editors keep them, the desk reads them, bad input is a 400 that saves nothing."""

from __future__ import annotations

import pytest

from claims.models import WatchedTopic
from tests.api.conftest import scoped_client, token_client

pytestmark = pytest.mark.django_db

MASKS = {"name": "Masks", "statements": ["Masks protect against the virus.", "Face coverings cut infections."]}


def test_an_editor_watches_changes_and_drops_a_topic(editor, checker):
    client = token_client(editor)
    created = client.post("/api/topics/", MASKS, format="json")
    assert created.status_code == 201
    body = created.json()
    assert (body["name"], body["statements"], body["is_active"]) == ("Masks", MASKS["statements"], True)
    assert WatchedTopic.objects.get().statements == "Masks protect against the virus.\nFace coverings cut infections."

    url = f"/api/topics/{body['id']}/"
    changed = client.patch(url, {"statements": ["  Masks work.  "], "is_active": False}, format="json")
    assert changed.status_code == 200
    assert (changed.json()["statements"], changed.json()["is_active"]) == (["Masks work."], False)

    read = token_client(checker).get("/api/topics/")
    assert read.status_code == 200
    assert [t["name"] for t in read.json()["results"]] == ["Masks"]

    assert client.delete(url).status_code == 204
    assert client.get(url).status_code == 404
    assert not WatchedTopic.objects.exists()


def test_a_second_topic_of_the_same_name_is_a_conflict(editor):
    client = token_client(editor)
    assert client.post("/api/topics/", MASKS, format="json").status_code == 201
    again = client.post("/api/topics/", {**MASKS, "statements": ["Other."]}, format="json")
    assert again.status_code == 409
    assert "already watched" in again.json()["error"]["message"]
    assert WatchedTopic.objects.get().statement_lines() == tuple(MASKS["statements"])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "Masks", "statements": []}, "statements"),
        ({"name": "Masks", "statements": "Masks work."}, "statements"),
        ({"name": "Masks", "statements": ["Masks work.\nAnd more."]}, "statements"),
        ({"name": "Masks", "statements": ["x" * 501]}, "statements"),
        ({"name": "Masks", "statements": [f"Claim {i}." for i in range(51)]}, "statements"),
        ({"name": "Masks", "statements": [3]}, "statements"),
        ({"name": "", "statements": ["Masks work."]}, "name"),
        ({"name": "M" * 101, "statements": ["Masks work."]}, "name"),
        ({"statements": ["Masks work."]}, "name"),
        ({"name": "Masks", "statements": ["Masks work."], "is_active": "yes"}, "is_active"),
    ],
)
def test_bad_topics_are_refused_with_the_field_and_nothing_is_saved(editor, body, field):
    response = token_client(editor).post("/api/topics/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not WatchedTopic.objects.exists()


def test_a_topic_changed_to_blank_statements_is_refused(editor):
    client = token_client(editor)
    url = f"/api/topics/{client.post('/api/topics/', MASKS, format='json').json()['id']}/"
    response = client.patch(url, {"statements": ["   "]}, format="json")
    assert response.status_code == 400
    assert WatchedTopic.objects.get().statement_lines() == tuple(MASKS["statements"])


def test_a_read_token_reads_topics_and_only_an_ingest_token_changes_them(editor):
    reader = scoped_client(editor, "read")
    assert reader.get("/api/topics/").status_code == 200
    assert reader.post("/api/topics/", MASKS, format="json").status_code == 403
    assert scoped_client(editor, "ingest").post("/api/topics/", MASKS, format="json").status_code == 201
