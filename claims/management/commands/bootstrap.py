"""`manage.py bootstrap`, run on every start: first accounts, and the seed articles queued for ingestion.

Idempotent: accounts are created (with generated passwords, printed once) only when missing, and a seed file is
queued only when its article is neither stored nor already waiting in a job.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from claims.ingestion.text import content_hash, decode_bytes, normalise_text
from claims.management.commands.ingest import file_items
from claims.models import Article, IngestionItem, IngestionJob
from claims.services.ingestion import ingestion_job_create
from claims.workflow.roles import CHECKER, EDITOR

DEMO_USERS = (("editor", EDITOR), ("checker", CHECKER))


class Command(BaseCommand):
    help = "Create the first accounts (passwords printed once) and queue the seed articles for ingestion."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--seeds", default=str(settings.BASE_DIR / "seeds"), help="Folder of seed articles (default: seeds/)."
        )
        parser.add_argument("--no-demo-users", action="store_true", help="Do not create the editor/checker demo users.")

    def handle(self, *args, **options) -> None:
        self._accounts(demo=not options["no_demo_users"])
        self._seeds(Path(options["seeds"]))

    def _accounts(self, *, demo: bool) -> None:
        User = get_user_model()
        with transaction.atomic():
            if not User.objects.filter(is_superuser=True).exists():
                password = secrets.token_urlsafe(12)
                User.objects.create_superuser(username="admin", email="", password=password)
                self.stdout.write(f"Created superuser admin with password {password} (shown once; change it).")
            if not demo:
                return
            for username, group in DEMO_USERS:
                if User.objects.filter(username=username).exists():
                    continue
                password = secrets.token_urlsafe(12)
                user = User.objects.create_user(username=username, password=password, is_staff=True)
                user.groups.add(Group.objects.get(name=group))
                self.stdout.write(f"Created demo user {username} ({group}) with password {password} (shown once).")

    def _seeds(self, folder: Path) -> None:
        if not folder.is_dir():
            return
        items = []
        for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
            label = f"seeds/{path.name}"
            digest = content_hash(normalise_text(decode_bytes(path.read_bytes())))
            stored = Article.objects.filter(content_hash=digest).exists()
            waiting = IngestionItem.objects.filter(label=label, status=IngestionItem.Status.PENDING).exists()
            if stored or waiting:
                continue
            for item in file_items(path):
                items.append({**item, "label": label})
        if not items:
            self.stdout.write("Seed articles: already ingested or queued.")
            return
        job = ingestion_job_create(items=items, kind=IngestionJob.Kind.FILE)
        self.stdout.write(f"Seed articles: queued {len(items)} in ingestion job {job.pk}.")
