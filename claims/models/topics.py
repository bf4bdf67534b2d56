from django.core.exceptions import ValidationError
from django.db import models

from claims.extraction.topics import statements_of


class WatchedTopic(models.Model):
    """A subject the desk follows. Extraction ranks claims near one of its statements first, and asks more of the
    rest (claims.extraction.topics); with no active topic, extraction weighs every subject alike."""

    MAX_STATEMENTS = 50
    MAX_STATEMENT_LENGTH = 500

    name = models.CharField(max_length=100, unique=True)
    statements = models.TextField(
        help_text=(
            "One statement per line, each of the kind of claim the desk wants found "
            '("Masks protect against the virus."). A sentence is as near the topic as its nearest statement.'
        )
    )
    is_active = models.BooleanField("active", default=True, help_text="Inactive topics do not affect extraction.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def statement_lines(self) -> tuple[str, ...]:
        return statements_of(self.statements)

    def clean(self) -> None:
        lines = self.statement_lines()
        if not lines:
            raise ValidationError({"statements": "Give at least one statement."})
        if len(lines) > self.MAX_STATEMENTS:
            raise ValidationError({"statements": f"Give at most {self.MAX_STATEMENTS} statements."})
        if any(len(line) > self.MAX_STATEMENT_LENGTH for line in lines):
            raise ValidationError({"statements": f"Keep each statement to {self.MAX_STATEMENT_LENGTH} characters."})
