"""The outbox: every task a committed change needs, recorded in the same transaction as the change."""

from django.db import models
from django.db.models import Q


class OutboxMessage(models.Model):
    """One task to hand to the broker: written with the change that needs it, sent by the relay after commit,
    marked finished by the worker that ran it (so a task the broker lost is sent again)."""

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    # When the task should run (None: at once); the relay hands it to the broker shortly before, as a countdown.
    eta = models.DateTimeField(null=True, blank=True)
    # When the relay may send it: the creation time, or a little before the eta.
    available_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0, help_text="Sends tried, failed ones included.")
    last_error = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["available_at", "pk"]
        indexes = [
            models.Index(fields=["available_at"], condition=Q(sent_at__isnull=True), name="outbox_unsent_idx"),
            models.Index(
                fields=["sent_at"],
                condition=Q(sent_at__isnull=False, finished_at__isnull=True),
                name="outbox_unfinished_idx",
            ),
            models.Index(fields=["finished_at"], condition=Q(finished_at__isnull=False), name="outbox_finished_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.task}({', '.join(map(str, self.args))}{', ' if self.args and self.kwargs else ''}" + (
            ", ".join(f"{key}={value}" for key, value in self.kwargs.items()) + ")"
        )
