"""Queueing tasks after commit: claims.services.dispatch.enqueue_on_commit."""

from __future__ import annotations

import logging

import pytest
from kombu.exceptions import OperationalError

from claims.services.dispatch import enqueue_on_commit
from workers import ingestion

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("keyword", [None, "feed_id"])
def test_an_id_the_broker_refuses_is_logged_and_the_later_ids_are_still_sent(
    keyword, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    task = ingestion.feed_poll._get_current_object()
    sent = []

    def delay(self, *args, **kwargs):
        (feed_id,) = (*args, *kwargs.values())
        if feed_id in (2, 4):
            raise OperationalError("Error 111 connecting to redis. Connection refused.")
        sent.append((args, kwargs))

    monkeypatch.setattr(type(task), "delay", delay)
    with (
        caplog.at_level(logging.ERROR, logger="claims.services.dispatch"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        enqueue_on_commit(task.name, [1, 2, 3, 4, 5], keyword=keyword)
    expected = [((), {keyword: i}) if keyword else ((i,), {}) for i in (1, 3, 5)]
    assert sent == expected
    (record,) = caplog.records
    assert record.getMessage() == "could not queue workers.ingestion.feed_poll for 2 of 5 ids: [2, 4]"
    assert isinstance(record.exc_info[1], OperationalError)
