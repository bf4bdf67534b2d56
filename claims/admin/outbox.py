"""The outbox in the admin: what was handed to the workers, what waits, and why a send failed."""

from __future__ import annotations

from django.contrib import admin

from claims.admin.common import ReadOnlyAdminMixin
from claims.admin.paginator import EstimatedCountPaginator
from claims.models import OutboxMessage


class _SentFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("unsent", "Not yet sent"), ("running", "Sent, not finished"), ("finished", "Finished")]

    def queryset(self, request, queryset):
        if self.value() == "unsent":
            return queryset.filter(sent_at__isnull=True)
        if self.value() == "running":
            return queryset.filter(sent_at__isnull=False, finished_at__isnull=True)
        if self.value() == "finished":
            return queryset.filter(finished_at__isnull=False)
        return queryset


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "created_at", "eta", "sent_at", "finished_at", "attempts", "last_error")
    list_filter = (_SentFilter, "task")
    ordering = ("-pk",)
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    show_facets = admin.ShowFacets.NEVER
