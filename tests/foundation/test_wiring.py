"""Names that cross module boundaries as strings resolve to real things."""

import pytest
from django.conf import settings
from django.db import InterfaceError, OperationalError

from claims.workflow import TRANSITIONS
from factcheck.celery import app


def _registered_tasks() -> set[str]:
    app.loader.import_default_modules()
    return set(app.tasks)


def test_every_beat_schedule_entry_names_a_registered_task():
    registered = _registered_tasks()
    missing = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()} - registered
    assert not missing, f"beat schedules unknown tasks: {sorted(missing)}"


def test_every_task_the_workflow_enqueues_is_registered():
    registered = _registered_tasks()
    enqueued = {task for transition in TRANSITIONS.values() for task in transition.enqueues}
    assert enqueued, "the workflow declares no side effects"
    assert not enqueued - registered, f"workflow enqueues unknown tasks: {sorted(enqueued - registered)}"


def test_tasks_are_routed_to_the_declared_queues():
    queues = {queue.name for queue in settings.CELERY_TASK_QUEUES}
    assert queues == {"ingestion", "workflow"}
    for name in _registered_tasks():
        if name.startswith("workers."):
            route = app.amqp.router.route({}, name)
            assert route["queue"].name in queues, name


@pytest.mark.parametrize("error", [OperationalError("deadlock detected"), InterfaceError("connection already closed")])
def test_auto_retried_tasks_retry_transient_database_errors(error):
    tasks = {name: app.tasks[name] for name in _registered_tasks() if name.startswith("workers.")}
    # Every task, the webhook ones too (a failed POST is recorded on the delivery, which has its own backoff;
    # only database errors are retried by Celery).
    for name, task in tasks.items():
        assert isinstance(error, getattr(task, "autoretry_for", ())), f"{name} does not retry {type(error).__name__}"


def test_celery_speaks_json_only():
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_serializer == "json"
    assert app.conf.task_time_limit and app.conf.task_soft_time_limit
