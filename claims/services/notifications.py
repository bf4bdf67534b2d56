"""Telling the desk: a notification row per user in the change's transaction, and an e-mail once it commits."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import transaction

from claims.models import Claim, Notification
from claims.workflow.roles import EDITOR, role_holders


def editors() -> list:
    """The active editors (superusers count as editors), who hear about everything the desk must act on."""
    return list(get_user_model().objects.filter(role_holders(EDITOR)).distinct())


def users_notify(*, claim: Claim, users: Iterable, kind: str, subject: str, message: str) -> None:
    """Notification rows now; the e-mails once the transaction commits (a lost e-mail never undoes the change)."""
    users = list(users)
    Notification.objects.bulk_create(
        [Notification(user=user, claim=claim, kind=kind, message=message) for user in users]
    )
    messages = [(subject, message, None, [user.email]) for user in users if user.email]
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False), robust=True)
