"""Task time limits and the broker options derived from them and from the broker URL (no Django imports)."""

from __future__ import annotations

from typing import Any

from kombu import Exchange, Queue

# Time limits of the tasks in workers/ (soft, hard), in seconds.
TASK_TIME_LIMITS = (120, 180)
# Extracting claims from a long article on a busy machine can take minutes.
ITEM_TASK_TIME_LIMITS = (600, 660)
WEBHOOK_TASK_TIME_LIMITS = (60, 90)
LONGEST_TASK_SECONDS = max(TASK_TIME_LIMITS[1], ITEM_TASK_TIME_LIMITS[1], WEBHOOK_TASK_TIME_LIMITS[1])

# The outbox hands a task with an eta to the broker at most this long before it is due, as a countdown; a
# worker holds such a message unacknowledged until then.
COUNTDOWN_HORIZON_SECONDS = 60

# Redis redelivers a message that was not acknowledged within the visibility timeout. With late
# acknowledgement that is the longest a task may run, plus the longest countdown a worker holds a message for,
# plus a minute for queueing inside the worker: longer and a killed worker's tasks wait needlessly, shorter
# and a slow task runs twice.
DERIVED_VISIBILITY_TIMEOUT = LONGEST_TASK_SECONDS + COUNTDOWN_HORIZON_SECONDS + 60

QUEUE_NAMES = ("ingestion", "workflow")


def is_rabbitmq(url: str) -> bool:
    return url.startswith(("amqp://", "amqps://", "pyamqp://"))


def broker_options(url: str, *, visibility_timeout: int = DERIVED_VISIBILITY_TIMEOUT) -> dict[str, Any]:
    """Celery settings (lower-case names, without the CELERY_ prefix) for the broker at `url`."""
    if is_rabbitmq(url):
        return {
            # Durable, replicated queues; a consumer that dies (its connection closes) has its unacknowledged
            # messages redelivered at once. Topic exchanges let countdowns use RabbitMQ's native delayed
            # delivery, which quorum queues need (a worker cannot hold them past its prefetch limit).
            "task_queues": tuple(
                Queue(
                    name,
                    Exchange(name, type="topic"),
                    routing_key=name,
                    queue_arguments={"x-queue-type": "quorum"},
                )
                for name in QUEUE_NAMES
            ),
            # A publish returns once the broker has taken the message (publisher confirms), so the outbox marks
            # a message sent only when it is safe in the queue.
            "broker_transport_options": {"confirm_publish": True},
        }
    options: dict[str, Any] = {
        "task_queues": tuple(Queue(name, Exchange(name), routing_key=name) for name in QUEUE_NAMES),
    }
    if url.startswith(("redis://", "rediss://")):
        sweep_seconds = max(1, min(10, visibility_timeout // 5))
        options["broker_transport_options"] = {
            "visibility_timeout": visibility_timeout,
            # Workers sweep for messages held by a dead worker every few seconds (kombu's default is ~100 s), so
            # a redelivery follows soon after the visibility timeout expires.
            "unacked_restore_interval": sweep_seconds,
            "unacked_restore_throttle": 1,
            # A sweep holds a lock in Redis that outlives a worker killed mid-sweep until it expires (kombu's
            # default: 5 minutes, during which no worker redelivers anything). A sweep takes milliseconds, and
            # two sweeps at once restore each message once (each restore is a transaction), so it expires soon.
            "unacked_mutex_expire": 3 * sweep_seconds,
        }
    return options
