"""Reappearances: later claims repeating a rated fact-check, recorded by matching; read-only."""

from __future__ import annotations

from django.contrib import admin

from claims.admin.common import admin_link
from claims.admin.review import ClaimRecordAdmin
from claims.models import Reappearance


@admin.register(Reappearance)
class ReappearanceAdmin(ClaimRecordAdmin):
    list_display = ("appeared_at", "factcheck_link", "claim_link", "claimant", "publisher", "score")
    list_select_related = ("claim", "factcheck")
    search_fields = ("=factcheck__id", "=claim__id", "publisher", "claimant")
    ordering = ("-appeared_at", "-id")
    deferred_fields = (
        "claim__embedding",
        "claim__search_document",
        "factcheck__embedding",
        "factcheck__search_document",
    )

    @admin.display(description="fact-check")
    def factcheck_link(self, reappearance: Reappearance) -> str:
        return admin_link(reappearance.factcheck, chars=60)
