"""Watched topics: what the desk follows (see claims.extraction.topics for what they do to extraction)."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from claims.errors import InvalidInput
from claims.extraction.topics import read_topics
from claims.models import WatchedTopic


def watched_topic_save(*, name: str, statements: str, is_active: bool = True) -> WatchedTopic:
    """Create the topic called `name`, or replace its statements and state; InvalidInput if they are not valid."""
    topic = WatchedTopic.objects.filter(name=name).first() or WatchedTopic(name=name)
    topic.statements, topic.is_active = statements, is_active
    try:
        topic.full_clean()
    except ValidationError as exc:
        problems = "; ".join(f"{field}: {' '.join(errors)}" for field, errors in exc.message_dict.items())
        raise InvalidInput(problems) from exc
    topic.save()
    return topic


@transaction.atomic
def watched_topics_load(path: Path) -> list[WatchedTopic]:
    """Save every topic of a JSON file ({"topics": [{"name": ..., "statements": [...]}, ...]}), all or none."""
    try:
        topics = read_topics(path)
    except (OSError, ValueError) as exc:
        raise InvalidInput(f"{path}: {exc}") from exc
    return [watched_topic_save(name=topic.name, statements="\n".join(topic.statements)) for topic in topics]
