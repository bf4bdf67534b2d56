"""Query-string filters for the claim list (django-filter): validated here, applied by the claims selector."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django_filters import rest_framework as filters

from claims.models import Claim
from claims.selectors.dashboard import claim_overdue_filter
from claims.selectors.search import full_text_filter
from claims.workflow import State


class _StrictBooleanField(forms.NullBooleanField):
    """true/false (or 1/0); anything else is a 400 instead of silently meaning "no filter"."""

    def to_python(self, value: object) -> bool | None:
        text = str(value).strip().lower() if value is not None else ""
        if text == "":
            return None
        if text in ("true", "1"):
            return True
        if text in ("false", "0"):
            return False
        raise forms.ValidationError("Enter true or false.", code="invalid")

    def validate(self, value: bool | None) -> None:
        return None


class StrictBooleanFilter(filters.BooleanFilter):
    field_class = _StrictBooleanField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # django-filter's default widget maps unknown values to None before the field can refuse them.
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)


class LanguagesFilter(filters.BaseInFilter, filters.CharFilter):
    pass


class ClaimFilter(filters.FilterSet):
    # distinct=False: a plain IN keeps the queue index usable (DISTINCT would sort every matching row).
    status = filters.MultipleChoiceFilter(
        choices=State.choices, distinct=False, help_text="One or more states (repeat the key)."
    )
    assignee = filters.NumberFilter(field_name="assignee_id", min_value=1, max_value=2**63 - 1)
    unassigned = StrictBooleanFilter(field_name="assignee", lookup_expr="isnull", help_text="No assignee.")
    article = filters.NumberFilter(field_name="article_id", min_value=1, max_value=2**63 - 1)
    claimant = filters.CharFilter(max_length=300, help_text="Exact claimant name.")
    language = LanguagesFilter(
        field_name="language",
        distinct=False,
        help_text=(
            "One or more ISO 639-1 codes, comma-separated (`uk,ru`), or `all`. Default: the languages on the "
            "caller's checker profile, when they declared any."
        ),
    )
    min_checkworthiness = filters.NumberFilter(
        field_name="checkworthiness", lookup_expr="gte", min_value=0, max_value=1
    )
    overdue = StrictBooleanFilter(method="filter_overdue", help_text="Past its due date while a checker has it.")
    due_before = filters.IsoDateTimeFilter(field_name="due_at", lookup_expr="lt")
    search = filters.CharFilter(
        method="filter_search", max_length=500, help_text="Full-text search over claim text and claimant."
    )
    ordering = filters.OrderingFilter(
        fields=(
            ("checkworthiness", "checkworthiness"),
            ("created_at", "created_at"),
            ("due_at", "due_at"),
            ("id", "id"),
        ),
        help_text="Default: most check-worthy first, then oldest.",
    )

    class Meta:
        model = Claim
        fields: list[str] = []

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        overdue = claim_overdue_filter()
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # The GIN index of migration 0003 serves this filter; see claims.selectors.search.
        return full_text_filter(queryset, value.replace("\x00", ""))
