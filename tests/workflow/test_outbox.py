"""The transactional outbox: claims.services.outbox, claims.selectors.outbox and the worker's finish hook."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from claims.models import OutboxMessage
from claims.selectors.outbox import outbox_backlog
from claims.services.outbox import outbox_enqueue, outbox_relay, outbox_send
from factcheck.brokers import COUNTDOWN_HORIZON_SECONDS
from workers import ingestion, outbox

pytestmark = pytest.mark.django_db

TASK = "workers.ingestion.feed_poll"


@pytest.fixture
def broker(monkeypatch):
    """A stand-in broker that records what it is handed and refuses while `down` is set."""

    class Broker:
        down = False
        sent: list[tuple[list, dict, dict]] = []

        def apply_async(self, args=(), kwargs=None, **options):
            if Broker.down:
                raise OperationalError("Error 111 connecting to redis. Connection refused.")
            Broker.sent.append((list(args), dict(kwargs or {}), options))

    Broker.sent = []
    monkeypatch.setattr(type(ingestion.feed_poll._get_current_object()), "apply_async", Broker().apply_async)
    return Broker


def test_rows_are_written_with_the_change_and_sent_once_it_commits(broker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        ids = outbox_enqueue(TASK, [1, 2], keyword="feed_id")
        assert broker.sent == []  # nothing leaves before the commit
    assert [(args, kwargs) for args, kwargs, _options in broker.sent] == [([], {"feed_id": 1}), ([], {"feed_id": 2})]
    # Each message names its row, so the worker can mark it finished.
    assert [options["headers"]["outbox_message"] for *_, options in broker.sent] == ids
    rows = OutboxMessage.objects.order_by("pk")
    assert all(row.sent_at is not None and row.attempts == 1 for row in rows)
    assert outbox_backlog().unsent == 0


def test_a_rolled_back_change_leaves_no_row_and_sends_nothing(broker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        outbox_enqueue(TASK, [1])
        raise RuntimeError("the change fails")
    assert not OutboxMessage.objects.exists() and broker.sent == []


def test_what_the_broker_refused_waits_in_the_outbox_and_the_relay_sends_it(broker, django_capture_on_commit_callbacks):
    broker.down = True
    with django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue(TASK, [1, 2, 3])
    first, *rest = OutboxMessage.objects.order_by("pk")
    # The first refusal stops the batch: the rest would only be refused too.
    assert (first.sent_at, first.attempts) == (None, 1) and "Connection refused" in first.last_error
    assert all(row.sent_at is None and row.attempts == 0 for row in rest)
    OutboxMessage.objects.update(available_at=timezone.now() - timedelta(seconds=90))
    backlog = outbox_backlog()
    assert backlog.unsent == 3 and backlog.oldest_unsent_seconds >= 90

    assert outbox_relay() == 0  # still down
    broker.down = False
    assert outbox_relay() == 3
    assert [args for args, _kwargs, _options in broker.sent] == [[1], [2], [3]]
    assert outbox_relay() == 0  # sent once
    assert outbox_backlog() == type(backlog)(unsent=0, oldest_unsent_seconds=None)


def test_a_task_due_later_is_sent_shortly_before_with_a_countdown(broker, django_capture_on_commit_callbacks):
    soon = timezone.now() + timedelta(seconds=20)
    later = timezone.now() + timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue(TASK, [1], eta=soon)
        outbox_enqueue(TASK, [2], eta=later)
    ((args, _kwargs, options),) = broker.sent
    assert args == [1] and 15 < options["countdown"] <= 20
    waiting = OutboxMessage.objects.get(sent_at__isnull=True)
    assert waiting.available_at == later - timedelta(seconds=COUNTDOWN_HORIZON_SECONDS)
    assert outbox_backlog().unsent == 0  # not due yet, so not late either

    OutboxMessage.objects.filter(pk=waiting.pk).update(
        eta=timezone.now() + timedelta(seconds=30), available_at=timezone.now()
    )
    assert outbox_relay() == 1
    assert 25 < broker.sent[-1][2]["countdown"] <= 30


def test_a_countdown_is_whole_seconds_rounded_up(broker, monkeypatch, django_capture_on_commit_callbacks):
    # RabbitMQ's native delayed delivery refuses a countdown under one second, and truncating one lets the task run
    # before it is due. The clock stands still, so the countdowns are exact however slow the machine.
    frozen = timezone.now()
    monkeypatch.setattr("claims.services.outbox.timezone.now", lambda: frozen)
    with django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue(TASK, [1], eta=frozen + timedelta(milliseconds=400))
        outbox_enqueue(TASK, [2], eta=frozen + timedelta(seconds=20.5))
    assert [options["countdown"] for _args, _kwargs, options in broker.sent] == [1, 21]
    assert all(isinstance(options["countdown"], int) for _args, _kwargs, options in broker.sent)


def test_a_sent_task_no_worker_finished_is_sent_again_after_the_resend_time(
    broker, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue(TASK, [1, 2])
    assert len(broker.sent) == 2
    finished, lost = OutboxMessage.objects.order_by("pk")
    OutboxMessage.objects.filter(pk=finished.pk).update(finished_at=timezone.now())
    long_ago = timezone.now() - timedelta(seconds=settings.FACTCHECK_OUTBOX_RESEND_SECONDS + 1)
    OutboxMessage.objects.update(sent_at=long_ago)

    assert outbox_relay() == 1
    assert broker.sent[-1][0] == [2]  # only the unfinished one
    lost.refresh_from_db()
    assert lost.attempts == 2 and lost.sent_at > long_ago


def test_finished_rows_are_pruned_after_the_keep_time(broker, settings):
    outbox_enqueue(TASK, [1, 2])
    old, recent = OutboxMessage.objects.order_by("pk")
    OutboxMessage.objects.filter(pk=old.pk).update(
        finished_at=timezone.now() - timedelta(days=settings.FACTCHECK_OUTBOX_KEEP_DAYS, seconds=1)
    )
    OutboxMessage.objects.filter(pk=recent.pk).update(finished_at=timezone.now())
    outbox_relay()
    assert list(OutboxMessage.objects.values_list("pk", flat=True)) == [recent.pk]


def test_the_worker_marks_the_row_finished(eager_celery, monkeypatch, django_capture_on_commit_callbacks):
    from claims.services import feeds

    polled = []
    monkeypatch.setattr(feeds, "feed_poll", lambda feed_id: polled.append(feed_id))
    with django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue(TASK, [7], keyword="feed_id")
    row = OutboxMessage.objects.get()
    assert polled == [7]
    assert row.sent_at is not None and row.finished_at is not None and row.last_error == ""


@pytest.mark.django_db(transaction=True)
def test_send_skips_rows_another_relay_holds(broker):
    row = OutboxMessage.objects.create(task=TASK, args=[1], available_at=timezone.now())
    held, release = threading.Event(), threading.Event()

    def other_relay() -> None:
        try:
            with transaction.atomic():
                OutboxMessage.objects.select_for_update().get(pk=row.pk)
                held.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=other_relay)
    thread.start()
    try:
        assert held.wait(10)
        assert outbox_send() == 0  # skipped, not waited for
    finally:
        release.set()
        thread.join()
    assert outbox_send(message_ids=[]) == 0
    assert outbox_send() == 1 and outbox_send() == 0


@pytest.mark.django_db(transaction=True)
def test_a_send_that_fails_after_the_commit_does_not_fail_the_change(monkeypatch, caplog):
    from django.db import OperationalError as DatabaseDown

    from claims.services import outbox as outbox_service

    def database_gone(**kwargs):
        raise DatabaseDown("server closed the connection unexpectedly")

    monkeypatch.setattr(outbox_service, "outbox_send", database_gone)
    with transaction.atomic():
        outbox_enqueue(TASK, [1])
    # The change and its row are committed; the relay sends the row later.
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 1
    assert "send_committed" in caplog.text


def test_a_row_that_can_never_be_sent_does_not_hold_up_the_rest(broker):
    # The oldest row names a task that no longer exists.
    OutboxMessage.objects.create(
        task="workers.gone.task_removed", args=[1], available_at=timezone.now() - timedelta(seconds=10)
    )
    later = OutboxMessage.objects.create(task=TASK, args=[2], available_at=timezone.now())
    assert outbox_send() == 1
    assert [args for args, _, _ in broker.sent] == [[2]]
    gone = OutboxMessage.objects.get(task="workers.gone.task_removed")
    assert gone.finished_at is not None and "workers.gone.task_removed" in gone.last_error
    later.refresh_from_db()
    assert later.sent_at is not None
    assert outbox_send() == 0


def test_a_task_published_outside_a_task_keeps_its_headers_as_given():
    # The publish hook looks for the task being retried; a web process or a command has none.
    headers = {"id": "abc", "task": TASK}
    outbox._retries_keep_their_outbox_row(sender=TASK, headers=headers)
    assert headers == {"id": "abc", "task": TASK}
