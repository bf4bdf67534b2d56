"""The claim list: the desk's queue, fast on a million claims, with bulk actions that go through the workflow."""

from __future__ import annotations

from collections import Counter

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator

from claims.admin.dashboard import dashboard_view
from claims.admin.exports import claims_claimreview_response, claims_csv_response
from claims.admin.filters import (
    AlreadyCheckedFilter,
    AssigneeFilter,
    ClusterFilter,
    LanguageFilter,
    MineFilter,
    OverdueFilter,
    RatingFilter,
)
from claims.admin.forms import transition_form
from claims.admin.paginator import EstimatedCountPaginator
from claims.admin.workbench import (
    ClaimWorkbenchMixin,
    cluster_outcome_messages,
    domain_error_message,
    triage_score,
)
from claims.errors import DomainError
from claims.models import Article, Claim
from claims.ratings import rating_label
from claims.selectors.claims import claims_with_links
from claims.selectors.filters import QUEUE_ORDER
from claims.selectors.search import full_text_filter
from claims.services.matching import claim_edit
from claims.services.transitions import claim_transition_with_cluster
from claims.states import claim_is_overdue
from claims.workflow import TRANSITIONS, Transition
from claims.workflow.roles import user_roles

BULK_CHUNK_SIZE = 500


def bulk_action_description(transition: Transition) -> str:
    # An ellipsis says a page asking for the transition's inputs comes first.
    return f"{transition.label} selected claims{'…' if transition.inputs else ''}"


def transition_action(name: str):
    def action(modeladmin: ClaimAdmin, request, queryset):
        return modeladmin.bulk_transition(request, queryset, name)

    return action


@admin.register(Claim)
class ClaimAdmin(ClaimWorkbenchMixin, admin.ModelAdmin):
    list_display = (
        "claim_text",
        "status_badge",
        "priority",
        "claimant",
        "language",
        "article_link",
        "assignee",
        "due",
        "score",
        "triage",
        "cluster",
        "already_checked_mark",
    )
    list_filter = (
        ClusterFilter,
        MineFilter,
        "status",
        AssigneeFilter,
        OverdueFilter,
        RatingFilter,
        AlreadyCheckedFilter,
        ("article__source", admin.ChoicesFieldListFilter),
        "priority",
        LanguageFilter,
    )
    # The search box searches claim text, claimant and article through the full-text indexes (see
    # get_search_results); this field only switches the box on.
    search_fields = ("text",)
    search_help_text = "Claim text, claimant or article (full-text search), or a claim id."
    list_select_related = ("article", "assignee", "already_checked", "canonical")
    list_per_page = 50
    # No COUNT of the whole table on every page, and an estimated count for big filtered results.
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    # Facet counts would run a COUNT per filter option over the whole result.
    show_facets = admin.ShowFacets.NEVER
    # Highest triage score first (claims not scored yet last), as claim_triage_idx keeps it.
    ordering = QUEUE_ORDER
    # The workflow's bulk actions come first (get_actions).
    actions = ("export_csv", "export_claimreview")
    fieldsets = (
        ("Claim", {"fields": ("text", "claimant", "priority", "language", "topics")}),
        (
            "Workflow",
            {
                "description": "Changed only by the transition buttons above.",
                "fields": (
                    "status",
                    "assignee",
                    "due_at",
                    "overdue_since",
                    "reject_reason",
                    "duplicate_of",
                    "duplicate_of_factcheck",
                    "already_checked",
                ),
            },
        ),
        (
            "Provenance",
            {
                "classes": ("collapse",),
                "fields": (
                    "article",
                    "quote",
                    ("start", "end"),
                    "cue",
                    "checkworthiness",
                    "numbers",
                    "dates",
                    "entities",
                    ("created_at", "updated_at"),
                ),
            },
        ),
    )
    readonly_fields = (
        "status",
        "assignee",
        "due_at",
        "overdue_since",
        "reject_reason",
        "duplicate_of",
        "duplicate_of_factcheck",
        "already_checked",
        "article",
        "quote",
        "start",
        "end",
        "cue",
        "checkworthiness",
        "numbers",
        "dates",
        "entities",
        "created_at",
        "updated_at",
    )

    class Media:
        css = {"all": ("claims/admin/workbench.css",)}

    def get_urls(self):
        urls = [
            path("dashboard/", self.admin_site.admin_view(self.dashboard), name="claims_dashboard"),
            *self.get_workbench_urls(),
        ]
        return urls + super().get_urls()

    def dashboard(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return dashboard_view(request, self.admin_site)

    def get_queryset(self, request):
        # The list never shows the article text, the embedding or the search vector; don't load them for 50 rows.
        return claims_with_links(super().get_queryset(request)).defer("canonical__text", "canonical__quote")

    def save_model(self, request, obj, form, change):
        # A write like any other: an edited text or claimant is embedded again for matching.
        claim_edit(claim=obj, changed=form.changed_data)

    def has_add_permission(self, request):
        # Claims come from ingestion and extraction only.
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not actions:  # a popup, which offers none
            return actions
        # One bulk action per transition declared `bulk`, offered to whoever the workflow lets fire it, so none is
        # always refused; model permissions do not decide this.
        roles = user_roles(request.user)
        bulk = {
            f"{name}_selected": (transition_action(name), f"{name}_selected", bulk_action_description(transition))
            for name, transition in TRANSITIONS.items()
            if transition.bulk and roles & transition.roles
        }
        return {**bulk, **actions}

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        # Index-backed on PostgreSQL: the claims' and the articles' full-text GIN indexes (migration 0003).
        matching_claims = full_text_filter(Claim.objects.all(), term).values("pk")
        matching_articles = full_text_filter(Article.objects.all(), term).values("pk")
        condition = Q(pk__in=matching_claims) | Q(article_id__in=matching_articles)
        # isdecimal, not isdigit: "²" is a digit that int() refuses.
        if term.isdecimal():
            condition |= Q(pk=int(term))
        return queryset.filter(condition), False

    # --- columns ------------------------------------------------------------------------------------------

    @admin.display(description="claim")
    def claim_text(self, claim: Claim) -> str:
        return Truncator(claim.text).chars(140)

    @admin.display(description="status", ordering="status")
    def status_badge(self, claim: Claim) -> str:
        return format_html('<span class="fc-status fc-status-{}">{}</span>', claim.status, claim.get_status_display())

    @admin.display(description="article")
    def article_link(self, claim: Claim) -> str:
        url = reverse("admin:claims_article_change", args=[claim.article_id])
        return format_html('<a href="{}">{}</a>', url, Truncator(str(claim.article)).chars(60))

    @admin.display(description="due", ordering="due_at")
    def due(self, claim: Claim) -> str:
        if claim.due_at is None:
            return "—"
        shown = f"{timezone.localtime(claim.due_at):%Y-%m-%d %H:%M}"
        if claim_is_overdue(claim):
            return format_html('<span class="fc-overdue" title="Overdue">{} overdue</span>', shown)
        return shown

    @admin.display(description="check-worthiness", ordering="checkworthiness")
    def score(self, claim: Claim) -> str:
        return format_html('<span class="fc-score">{}</span>', f"{claim.checkworthiness:.2f}")

    @admin.display(description="triage", ordering=QUEUE_ORDER[0])
    def triage(self, claim: Claim) -> str:
        score = triage_score(claim)
        if score is None:
            return "—"
        return format_html(
            '<span class="fc-score">{}</span> <span class="fc-reasons">{}</span>',
            f"{score:.2f}",
            "; ".join(claim.triage_reasons),
        )

    @admin.display(description="cluster")
    def cluster(self, claim: Claim) -> str:
        held = claim.canonical if claim.canonical_id else claim  # the canonical claim holds the cluster's figures
        if held.cluster_size < 2:
            return "—"
        url = reverse("admin:claims_claim_changelist") + f"?cluster={held.pk}"
        outlets = held.cluster_outlets
        return format_html(
            '<a class="fc-cluster" href="{}" title="{}">{} claims, {} outlet{}</a><br>'
            '<span class="fc-muted">{} to {}</span>',
            url,
            ", ".join(outlets),
            held.cluster_size,
            len(outlets),
            "" if len(outlets) == 1 else "s",
            f"{timezone.localtime(held.first_seen_at):%Y-%m-%d %H:%M}" if held.first_seen_at else "?",
            f"{timezone.localtime(held.last_seen_at):%Y-%m-%d %H:%M}" if held.last_seen_at else "?",
        )

    @admin.display(description="already checked", ordering="already_checked")
    def already_checked_mark(self, claim: Claim) -> str:
        factcheck = claim.already_checked
        if factcheck is None:
            return "—"
        rating = rating_label(factcheck.rating) or factcheck.rating
        when = f" ({factcheck.published_at:%Y-%m-%d})" if factcheck.published_at else ""
        url = reverse("admin:claims_factcheck_change", args=[factcheck.pk])
        return format_html('<a class="fc-checked" href="{}" title="{}">{}{}</a>', url, factcheck.url, rating, when)

    # --- bulk actions ---------------------------------------------------------------------------------------

    def _bulk_transition(self, request, queryset, name: str, data: dict) -> None:
        """Fire `name` on each claim through the workflow service, then say how many moved and why others didn't."""
        done = 0
        refused: Counter[str] = Counter()
        along: list[int] = []
        skipped: list[tuple[int, str]] = []
        for claim_id in queryset.order_by().values_list("pk", flat=True).iterator(chunk_size=BULK_CHUNK_SIZE):
            try:
                outcome = claim_transition_with_cluster(
                    claim_id=claim_id, transition=name, user=request.user, data=data
                )
            except DomainError as exc:
                refused[domain_error_message(exc)] += 1
            else:
                done += 1
                along += outcome.applied
                skipped += outcome.skipped
        label = TRANSITIONS[name].label
        self.message_user(
            request,
            f"{label}: {done} claim{'s' if done != 1 else ''} done.",
            messages.SUCCESS if done else messages.INFO,
        )
        for reason, count in refused.most_common():
            self.message_user(request, f"{label} refused for {count}: {reason}", messages.WARNING)
        cluster_outcome_messages(self, request, label, along, skipped)

    def _intermediate(self, request, queryset, *, form, action: str, title: str, submit: str) -> TemplateResponse:
        select_across = request.POST.get("select_across") == "1"
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "form": form,
            "action": action,
            "submit": submit,
            "select_across": select_across,
            "selected": selected,
            "count": EstimatedCountPaginator(queryset.order_by(), 1).count if select_across else len(selected),
            "preview": queryset[:10],
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "claims/admin/claim_bulk_action.html", context)

    def bulk_transition(self, request, queryset, name: str):
        """A transition's bulk action: asks for its inputs first if it reads any, then fires it claim by claim."""
        transition = TRANSITIONS[name]
        form = transition_form(name, request.POST if "apply" in request.POST else None, bulk=True)
        if not transition.inputs or (form.is_bound and form.is_valid()):
            self._bulk_transition(request, queryset, name, form.transition_data() if transition.inputs else {})
            return None
        return self._intermediate(
            request,
            queryset,
            form=form,
            action=f"{name}_selected",
            title=f"{transition.label} claims",
            submit=transition.label,
        )

    @admin.action(description="Export selected as CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        return claims_csv_response(queryset)

    @admin.action(description="Export selected as ClaimReview JSON", permissions=["view"])
    def export_claimreview(self, request, queryset):
        return claims_claimreview_response(queryset)
