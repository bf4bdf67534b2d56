"""`manage.py watch_topics [FILE]`: save the topics of a JSON file as watched topics, or list them."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.errors import DomainError
from claims.selectors.topics import watched_topic_list
from claims.services.topics import watched_topics_load


class Command(BaseCommand):
    help = (
        'Save each topic of FILE ({"topics": [{"name": ..., "statements": [...]}, ...]}, for instance '
        "claims/evaluation/data/covid_topics.json) as a watched topic, replacing the statements of one of the same "
        "name; without FILE, list the watched topics."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", type=Path)

    def handle(self, *args, file: Path | None, **options) -> None:
        if file is not None:
            try:
                saved = watched_topics_load(file)
            except DomainError as exc:  # an invalid file, or a topic another writer added meanwhile
                raise CommandError(exc.message) from exc
            self.stdout.write(f"{len(saved)} topic{'s' if len(saved) != 1 else ''} saved.")
        for topic in watched_topic_list():
            state = "active" if topic.is_active else "inactive"
            self.stdout.write(f"{topic.name} ({state}, {len(topic.statement_lines())} statements)")
