"""A transition's typed inputs: what it reads from its caller.

`clean` types a value without the database; `check` then asks the database whether it names something usable.
The transition service runs both; the API's input serializers (and so the OpenAPI schema) and the admin's forms
build their fields from the same declaration, so a field's type, whether it is required, its limits and its help
text are written once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Model

from claims.errors import InvalidInput
from claims.inputs.text import text_problem
from claims.models import MAX_ID
from claims.workflow.roles import role_holders

NOTE_MAX = 5_000


@dataclass(frozen=True, kw_only=True)
class Input:
    """One named value a transition reads; `label` and `help_text` are what forms and the schema show."""

    name: str
    required: bool = False
    label: str = ""
    help_text: str = ""

    @property
    def title(self) -> str:
        return self.label or self.name.replace("_", " ").capitalize()

    def invalid(self, message: str, detail: str) -> InvalidInput:
        return InvalidInput(message, fields={self.name: [detail]})

    def clean(self, value: object) -> object:
        """The value typed and normalised (an empty one for a value not given); raises InvalidInput."""
        raise NotImplementedError

    def check(self, value: object) -> None:
        """Raises InvalidInput when the cleaned, given `value` names nothing usable."""


@dataclass(frozen=True, kw_only=True)
class Text(Input):
    """Text, stripped of surrounding blanks."""

    max_length: int = NOTE_MAX
    lines: int = 3  # how tall a form's box is

    def clean(self, value: object) -> str:
        if value is None:
            return ""
        if not isinstance(value, str):
            raise self.invalid(f"{self.name} must be text.", "Must be text.")
        problem = text_problem(value)
        if problem:
            raise self.invalid(f"{self.name} {problem}.", f"{problem[0].upper()}{problem[1:]}.")
        value = value.strip()
        if len(value) > self.max_length:
            detail = f"At most {self.max_length} characters."
            raise self.invalid(f"{self.name} is too long. {detail}", detail)
        return value


@dataclass(frozen=True, kw_only=True)
class Choice(Input):
    """One of `choices()`, read on each use: the options may come from settings (the rating scale)."""

    choices: Callable[[], list[tuple[str, str]]]

    def clean(self, value: object) -> str:
        if value is None:
            return ""
        if not isinstance(value, str):
            raise self.invalid(f"{self.name} must be text.", "Must be text.")
        value = value.strip()
        options = [key for key, _ in self.choices()]
        if value not in options:
            raise self.invalid(f"Unknown {self.name}.", f"Not one of: {', '.join(options)}.")
        return value


@dataclass(frozen=True, kw_only=True)
class Id(Input):
    """A database id (or a model instance, as the admin's choice fields give)."""

    def clean(self, value: object) -> int | None:
        if value in (None, ""):
            return None
        if isinstance(value, Model):
            return value.pk
        if isinstance(value, bool):
            raise self.invalid(f"{self.name} must be an id.", "Must be an integer id.")
        try:
            pk = int(value)
        except (TypeError, ValueError):
            raise self.invalid(f"{self.name} must be an id.", "Must be an integer id.") from None
        if not 1 <= pk <= MAX_ID:
            raise self.invalid(f"{self.name} must be an id.", f"Must be between 1 and {MAX_ID}.")
        return pk


@dataclass(frozen=True, kw_only=True)
class RowId(Id):
    """The id of an existing row of `model`; `noun` names a row in messages ("claim", "fact-check")."""

    model: type[Model]
    noun: str

    def check(self, value: object) -> None:
        if not self.model.objects.filter(pk=value).exists():
            raise self.invalid(f"No such {self.noun}.", f"{self.noun.capitalize()} {value} does not exist.")


@dataclass(frozen=True, kw_only=True)
class RoleHolder(Id):
    """The id of an active user holding `role` (role_holders)."""

    role: str

    def holders(self):
        return get_user_model().objects.filter(role_holders(self.role)).distinct()

    def check(self, value: object) -> None:
        if not self.holders().filter(pk=value).exists():
            raise self.invalid(f"The {self.name} must be an active {self.role}.", f"Must be an active {self.role}.")
