"""Create a scoped API token for automation and print its key (shown this once only)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.errors import InvalidInput
from claims.models import ApiToken
from claims.services.tokens import api_token_create


class Command(BaseCommand):
    help = "Create a scoped API token for USER; the key is printed once and stored only as a hash."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--scope",
            action="append",
            choices=ApiToken.Scope.values,
            required=True,
            help="Repeat for several scopes (ingest, read, workflow).",
        )
        parser.add_argument("--name", required=True, help="What the token is for, e.g. the bot's name.")

    def handle(self, *args: Any, username: str, scope: list[str], name: str, **options: Any) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        try:
            token, key = api_token_create(user=user, name=name, scopes=scope)
        except InvalidInput as exc:
            raise CommandError(exc.message) from exc
        self.stderr.write(f"Token {token.pk} ({', '.join(token.scopes)}) for {username}; store the key now:")
        self.stdout.write(key)
