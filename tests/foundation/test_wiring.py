"""Names that cross module boundaries as strings resolve to real things."""

from django.conf import settings

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


def test_celery_speaks_json_only():
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_serializer == "json"
    assert app.conf.task_time_limit and app.conf.task_soft_time_limit
