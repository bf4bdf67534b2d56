"""The desk's watched topics, as extraction takes them."""

from django.db.models import QuerySet

from claims.errors import NotFound
from claims.extraction.topics import Topic
from claims.models import WatchedTopic


def watched_topics() -> tuple[Topic, ...]:
    """The active topics, each with its statements."""
    return tuple(Topic(topic.name, topic.statement_lines()) for topic in WatchedTopic.objects.filter(is_active=True))


def watched_topic_list() -> QuerySet[WatchedTopic]:
    return WatchedTopic.objects.order_by("name")


def watched_topic_get(*, topic_id: int) -> WatchedTopic:
    try:
        return WatchedTopic.objects.get(pk=topic_id)
    except WatchedTopic.DoesNotExist as exc:
        raise NotFound(f"Topic {topic_id} does not exist.") from exc
