"""The review's records: the audit trail, match suggestions, evidence, verdicts, checkers and notifications.

Most are written only by services, so they are read-only here; decisions go through the same services as the
claim page (matches through the matching service, checker availability is plain configuration).
"""

from __future__ import annotations

from collections import Counter

from django.contrib import admin, messages
from django.db.models import Count, Q

from claims.admin.common import ReadOnlyAdminMixin, admin_link
from claims.admin.forms import CheckerProfileForm
from claims.admin.paginator import EstimatedCountPaginator
from claims.admin.workbench import domain_error_message
from claims.errors import DomainError
from claims.models import CheckerProfile, ClaimEvent, ClaimMatch, Evidence, Notification, Verdict
from claims.services.assignment import checkers_availability_set
from claims.services.matching import claim_match_confirm, claim_match_reject
from claims.states import WORKING_STATES
from claims.workflow.roles import EDITOR, user_roles


class ClaimRecordAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Records that belong to a claim: listed cheaply at any size, each linking to its claim."""

    show_full_result_count = False
    paginator = EstimatedCountPaginator
    show_facets = admin.ShowFacets.NEVER
    # Embeddings are never shown; loading them with every joined claim would only cost memory.
    deferred_fields: tuple[str, ...] = ("claim__embedding", "claim__search_document")
    claim_link_chars = 60

    def get_queryset(self, request):
        return super().get_queryset(request).defer(*self.deferred_fields)

    @admin.display(description="claim")
    def claim_link(self, record) -> str:
        return admin_link(record.claim, chars=self.claim_link_chars)


@admin.register(ClaimEvent)
class ClaimEventAdmin(ClaimRecordAdmin):
    list_display = ("created_at", "claim_link", "transition", "from_state", "to_state", "actor", "note")
    list_filter = ("transition", "to_state")
    list_select_related = ("claim", "actor")
    search_fields = ("=claim__id", "note")
    ordering = ("-created_at", "-id")
    claim_link_chars = 80


@admin.register(ClaimMatch)
class ClaimMatchAdmin(ClaimRecordAdmin):
    list_display = ("claim_link", "target", "score", "status", "decided_by", "decided_at")
    list_filter = ("status",)
    list_select_related = ("claim", "matched_claim", "matched_factcheck", "decided_by")
    actions = ("confirm", "reject")
    deferred_fields = (
        "claim__embedding",
        "claim__search_document",
        "matched_claim__embedding",
        "matched_claim__search_document",
    )
    claim_link_chars = 80

    def has_decide_permission(self, request) -> bool:
        # Deciding on matches is the editors' call (the matching service enforces it); checkers hold
        # change_claimmatch too, but every decision of theirs would be refused.
        return EDITOR in user_roles(request.user)

    @admin.display(description="matches")
    def target(self, match: ClaimMatch) -> str:
        return admin_link(match.matched_claim or match.matched_factcheck)

    def _decide(self, request, queryset, decide, done: str) -> None:
        ok, refused = 0, Counter()
        for match_id in queryset.values_list("pk", flat=True):
            try:
                decide(match_id=match_id, user=request.user)
            except DomainError as exc:
                refused[domain_error_message(exc)] += 1
            else:
                ok += 1
        self.message_user(request, f"{ok} match{'es' if ok != 1 else ''} {done}.")
        for reason, count in refused.most_common():
            self.message_user(request, f"{count} refused: {reason}", messages.WARNING)

    @admin.action(description="Confirm as duplicates", permissions=["decide"])
    def confirm(self, request, queryset):
        self._decide(request, queryset, claim_match_confirm, "confirmed")

    @admin.action(description="Reject suggestions", permissions=["decide"])
    def reject(self, request, queryset):
        self._decide(request, queryset, claim_match_reject, "rejected")


@admin.register(Evidence)
class EvidenceAdmin(ClaimRecordAdmin):
    """Evidence is added and judged on the claim page (through the evidence service); here it is searchable."""

    list_display = ("__str__", "claim_link", "source", "origin", "stance", "relevance", "added_by", "created_at")
    list_filter = ("origin", "stance", "source")
    list_select_related = ("claim", "added_by")
    search_fields = ("title", "url", "=claim__id")


@admin.register(Verdict)
class VerdictAdmin(ClaimRecordAdmin):
    list_display = (
        "__str__",
        "claim_link",
        "version",
        "rating",
        "author",
        "created_at",
        "published_at",
        "published_by",
    )
    list_filter = ("rating", ("published_at", admin.EmptyFieldListFilter))
    list_select_related = ("claim", "author", "published_by")
    search_fields = ("=claim__id", "summary")


@admin.register(CheckerProfile)
class CheckerProfileAdmin(admin.ModelAdmin):
    form = CheckerProfileForm
    list_display = ("user", "is_available", "languages", "topics", "open_workload", "last_assigned_at")
    list_filter = ("is_available",)
    list_select_related = ("user",)
    search_fields = ("user__username",)
    readonly_fields = ("last_assigned_at",)
    actions = ("make_available", "make_unavailable")

    def get_queryset(self, request):
        in_workload = Q(user__assigned_claims__status__in=WORKING_STATES)
        return super().get_queryset(request).annotate(open_count=Count("user__assigned_claims", filter=in_workload))

    @admin.display(description="open workload", ordering="open_count")
    def open_workload(self, profile: CheckerProfile) -> int:
        return profile.open_count

    @admin.action(description="Mark available for assignment", permissions=["change"])
    def make_available(self, request, queryset):
        count = checkers_availability_set(profile_ids=queryset.values_list("pk", flat=True), available=True)
        self.message_user(request, f"{count} checker(s) available for assignment.")

    @admin.action(description="Mark unavailable (no new assignments)", permissions=["change"])
    def make_unavailable(self, request, queryset):
        count = checkers_availability_set(profile_ids=queryset.values_list("pk", flat=True), available=False)
        self.message_user(request, f"{count} checker(s) no longer get new assignments.")


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "user", "kind", "claim_id", "message", "read_at")
    list_filter = ("kind", ("read_at", admin.EmptyFieldListFilter))
    list_select_related = ("user",)
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    show_facets = admin.ShowFacets.NEVER

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        # Everyone sees their own notifications; editors see the desk's.
        if EDITOR in user_roles(request.user):
            return queryset
        return queryset.filter(user=request.user)
