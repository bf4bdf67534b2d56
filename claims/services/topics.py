"""Watched topics: what the desk follows (see claims.extraction.topics for what they do to extraction). The admin,
the API and the `watch_topics` command all write them here."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from claims.errors import Conflict, InvalidInput
from claims.extraction.topics import read_topics
from claims.models import WatchedTopic


def _validated_save(topic: WatchedTopic) -> WatchedTopic:
    try:
        topic.full_clean(validate_unique=False)
    except ValidationError as exc:
        problems = "; ".join(f"{field}: {' '.join(errors)}" for field, errors in exc.message_dict.items())
        raise InvalidInput(problems, fields=exc.message_dict) from exc
    try:
        with transaction.atomic():
            topic.save()
    except IntegrityError as exc:
        raise Conflict(f"A topic named {topic.name!r} is already watched.") from exc
    return topic


def watched_topic_create(*, name: str, statements: str, is_active: bool = True) -> WatchedTopic:
    """A new topic (`statements`: one per line); Conflict if one of that name exists, InvalidInput if the
    statements are not valid."""
    return _validated_save(WatchedTopic(name=name, statements=statements, is_active=is_active))


def watched_topic_update(
    *, topic: WatchedTopic, statements: str | None = None, is_active: bool | None = None
) -> WatchedTopic:
    """Replace a topic's statements or switch it on or off; a topic's name is its identity and does not change."""
    if statements is not None:
        topic.statements = statements
    if is_active is not None:
        topic.is_active = is_active
    return _validated_save(topic)


def watched_topic_delete(*, topic: WatchedTopic) -> None:
    topic.delete()


@transaction.atomic
def watched_topics_load(path: Path) -> list[WatchedTopic]:
    """Watch every topic of a topics file, replacing the statements of a topic of the same name and switching it
    on; all of them or none."""
    try:
        topics = read_topics(path)
    except (OSError, ValueError) as exc:
        raise InvalidInput(f"{path}: {exc}") from exc
    saved = []
    for topic in topics:
        statements = "\n".join(topic.statements)
        existing = WatchedTopic.objects.select_for_update().filter(name=topic.name).first()
        if existing is None:
            saved.append(watched_topic_create(name=topic.name, statements=statements))
        else:
            saved.append(watched_topic_update(topic=existing, statements=statements, is_active=True))
    return saved
