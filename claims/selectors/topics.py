"""The desk's watched topics, as extraction takes them."""

from claims.extraction.topics import Topic
from claims.models import WatchedTopic


def watched_topics() -> tuple[Topic, ...]:
    """The active topics, each with its statements."""
    return tuple(Topic(topic.name, topic.statement_lines()) for topic in WatchedTopic.objects.filter(is_active=True))
