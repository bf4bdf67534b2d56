"""Query-string filters for the claim list (django-filter): validated here, applied by the claims selector."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from django import forms
from django.db.models import F, QuerySet
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField
from drf_spectacular.utils import extend_schema_field

from claims.models import MAX_ID, Claim
from claims.selectors.clusters import in_cluster_of
from claims.selectors.search import full_text_filter
from claims.states import claim_overdue_filter
from claims.workflow import State


class _UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 time, compared in UTC: ISO 8601 allows offsets up to 23:59 that PostgreSQL refuses past 15:59."""

    def to_python(self, value: object):
        value = super().to_python(value)
        if value is None:
            return None
        try:
            return value.astimezone(UTC)
        except OverflowError as exc:
            raise forms.ValidationError("Enter a time between the years 1 and 9999.", code="invalid") from exc


class UtcIsoDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = _UtcIsoDateTimeField


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


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(filters.NumberFilter):
    """A row id: a whole number from 1 up to PostgreSQL's bigint, with the schema saying so."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, min_value=1, max_value=MAX_ID, **kwargs)


@extend_schema_field({"type": "number", "minimum": 0, "maximum": 1})
class ShareFilter(filters.NumberFilter):
    """A number between 0 and 1."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, min_value=0, max_value=1, **kwargs)


class LanguagesFilter(filters.BaseInFilter, filters.CharFilter):
    pass


# The queue's default order: highest triage rank first (claims not scored yet last), as claim_triage_idx keeps it.
QUEUE_ORDER = (F("triage_rank").desc(nulls_last=True), "id")


class ClaimFilter(filters.FilterSet):
    # distinct=False: a plain IN keeps the queue index usable (DISTINCT would sort every matching row).
    status = filters.MultipleChoiceFilter(
        choices=State.choices, distinct=False, help_text="One or more states (repeat the key)."
    )
    assignee = IdFilter(field_name="assignee_id")
    unassigned = StrictBooleanFilter(field_name="assignee", lookup_expr="isnull", help_text="No assignee.")
    article = IdFilter(field_name="article_id")
    claimant = filters.CharFilter(max_length=300, help_text="Exact claimant name.")
    language = LanguagesFilter(
        field_name="language",
        distinct=False,
        help_text=(
            "One or more ISO 639-1 codes, comma-separated (`uk,ru`), or `all`. Default: the languages on the "
            "caller's checker profile, when they declared any."
        ),
    )
    min_checkworthiness = ShareFilter(field_name="checkworthiness", lookup_expr="gte")
    overdue = StrictBooleanFilter(method="filter_overdue", help_text="Past its due date while a checker has it.")
    already_checked = StrictBooleanFilter(
        field_name="already_checked",
        lookup_expr="isnull",
        exclude=True,
        help_text="Repeats a published or rated imported fact-check (true), or does not (false).",
    )
    members = StrictBooleanFilter(
        method="filter_members",
        help_text=(
            "true: every claim of each cluster as its own row. By default the list shows one row per cluster (its "
            "canonical claim, with the cluster's size, outlets and first and latest appearance); with `article` or "
            "`cluster` it shows every claim."
        ),
    )
    cluster = IdFilter(method="filter_cluster", help_text="The claims of the cluster this claim belongs to.")
    due_before = UtcIsoDateTimeFilter(field_name="due_at", lookup_expr="lt")
    search = filters.CharFilter(
        method="filter_search", max_length=500, help_text="Full-text search over claim text and claimant."
    )
    ordering = filters.OrderingFilter(
        fields=(
            ("triage_rank", "triage"),
            ("checkworthiness", "checkworthiness"),
            ("created_at", "created_at"),
            ("due_at", "due_at"),
            ("id", "id"),
        ),
        help_text="Default: highest triage score first (`triage`); also by check-worthiness, time, due date, id.",
    )

    class Meta:
        model = Claim
        fields: list[str] = []

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        # An empty value (`?status=`) means "not given", as the schema says (allowEmptyValue), for every filter;
        # the multiple-choice one would otherwise refuse "" as an unknown choice.
        if data is not None:
            data = data.copy()
            for key in list(data):
                values = [value for value in data.getlist(key) if value != ""]
                if values:
                    data.setlist(key, values)
                else:
                    del data[key]
        super().__init__(data, *args, **kwargs)

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        chosen = self.form.cleaned_data
        if not (chosen.get("members") or chosen.get("cluster") or chosen.get("article")):
            queryset = queryset.filter(canonical__isnull=True)
        if not chosen.get("ordering"):
            queryset = queryset.order_by(*QUEUE_ORDER)
        return queryset

    def filter_members(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        return queryset  # read by filter_queryset, which collapses clusters unless asked not to

    def filter_cluster(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return in_cluster_of(queryset, value)

    @extend_schema_field({"type": "boolean"})
    def filter_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        overdue = claim_overdue_filter()
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # The GIN index of migration 0003 serves this filter; see claims.selectors.search.
        return full_text_filter(queryset, value.replace("\x00", ""))
