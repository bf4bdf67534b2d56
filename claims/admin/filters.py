"""Claim list filters. Each one is a single indexed condition, so filtering stays fast on a large desk."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef

from claims.extraction.language import LANGUAGES
from claims.models import MAX_ID, Verdict
from claims.ratings import rating_choices
from claims.selectors.claims import user_languages
from claims.selectors.clusters import in_cluster_of
from claims.states import claim_overdue_filter
from claims.workflow.roles import CHECKER, EDITOR, role_holders, user_roles


def checker_only(user) -> bool:
    """Checkers who are not also editors: their list opens on their own queue."""
    roles = user_roles(user)
    return CHECKER in roles and EDITOR not in roles


class DefaultedListFilter(admin.SimpleListFilter):
    """A filter that opens on a per-user default (`self.default`, set in __init__) and offers "all" as an explicit
    choice instead of Django's "All" entry, so the default can be left."""

    default = ""

    def value(self):
        return super().value() or self.default

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


class LanguageFilter(DefaultedListFilter):
    """Which languages: whoever declared the languages they read starts on those, anyone can pick one or all."""

    title = "language"
    parameter_name = "language"

    def __init__(self, request, params, model, model_admin):
        self.languages = user_languages(request.user)
        self.default = "mine" if self.languages else "all"
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        mine = [("mine", f"My languages ({', '.join(self.languages)})")] if self.languages else []
        return [*mine, *((code, name) for code, name in LANGUAGES.items()), ("all", "All languages")]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "mine":
            return queryset.filter(language__in=[*self.languages, ""])
        if value in LANGUAGES:
            return queryset.filter(language=value)
        return queryset


class ClusterFilter(DefaultedListFilter):
    """One row per cluster (its canonical claim) by default; every claim; or, given a claim id, its cluster."""

    title = "clusters"
    parameter_name = "cluster"
    default = "one"

    def lookups(self, request, model_admin):
        return [("one", "One row per cluster"), ("all", "Every claim")]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "all":
            return queryset
        # isdigit() would let "²" through to int().
        if value.isdecimal() and int(value) <= MAX_ID:
            return in_cluster_of(queryset, int(value))
        return queryset.filter(canonical__isnull=True)


class MineFilter(DefaultedListFilter):
    """Whose claims: checkers start on their own queue, editors on everyone's."""

    title = "queue"
    parameter_name = "mine"

    def __init__(self, request, params, model, model_admin):
        self.user = request.user
        self.default = "yes" if checker_only(request.user) else "all"
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        return [("yes", "My claims"), ("all", "Everyone's claims")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(assignee=self.user)
        return queryset


class AssigneeFilter(admin.SimpleListFilter):
    title = "assignee"
    parameter_name = "assignee"

    def lookups(self, request, model_admin):
        users = (
            get_user_model()
            .objects.filter(role_holders(CHECKER, EDITOR))
            .distinct()
            .order_by("username")
            .values_list("pk", "username")
        )
        return [("none", "Unassigned"), *((str(pk), username) for pk, username in users)]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "none":
            return queryset.filter(assignee__isnull=True)
        # isdigit() would let "²" through to int().
        if value and value.isdecimal():
            return queryset.filter(assignee_id=int(value))
        return queryset


class OverdueFilter(admin.SimpleListFilter):
    title = "deadline"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Overdue")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(claim_overdue_filter())
        return queryset


class RatingFilter(admin.SimpleListFilter):
    """Claims with a verdict of this rating (any version)."""

    title = "rating"
    parameter_name = "rating"

    def lookups(self, request, model_admin):
        return rating_choices()

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(Exists(Verdict.objects.filter(claim=OuterRef("pk"), rating=self.value())))
        return queryset


class AlreadyCheckedFilter(admin.SimpleListFilter):
    """Claims that repeat a published or rated imported fact-check (marked by matching on intake)."""

    title = "already checked"
    parameter_name = "already_checked"

    def lookups(self, request, model_admin):
        return [("yes", "Already checked"), ("no", "Not checked before")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(already_checked__isnull=self.value() == "no")
        return queryset
