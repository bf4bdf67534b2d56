"""Intake in the admin: articles with their claims, ingestion jobs with their errors, and feed subscriptions."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from claims.admin.common import ReadOnlyAdminMixin, ReadOnlyInline, admin_link
from claims.admin.forms import IngestForm
from claims.admin.highlight import Span, article_with_spans
from claims.admin.paginator import EstimatedCountPaginator
from claims.admin.workbench import domain_error_message
from claims.errors import DomainError
from claims.extraction.language import normalise_language
from claims.models import Article, ArticleRevision, Claim, Feed, FeedEntry, IngestionItem, IngestionJob
from claims.selectors.search import full_text_filter
from claims.services.feeds import feed_create, feed_update, feed_url_clean
from claims.services.ingestion import ingestion_job_create


class ArticleClaimInline(ReadOnlyInline):
    model = Claim
    fields = ("claim_link", "claimant", "status", "checkworthiness", "assignee")
    readonly_fields = fields
    ordering = ("start",)
    show_change_link = False
    verbose_name_plural = "claims found in this article"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("assignee").defer("embedding", "search_document")

    @admin.display(description="claim")
    def claim_link(self, claim: Claim) -> str:
        return admin_link(claim, claim.text, chars=160)


class ArticleRevisionInline(ReadOnlyInline):
    model = ArticleRevision
    fields = ("revision", "title", "content_hash", "created_at")
    readonly_fields = fields
    show_change_link = True


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title_or_url", "publisher", "language", "source", "claim_count", "published_at", "created_at")
    list_filter = ("source", "language", "feed")
    search_fields = ("title",)
    search_help_text = "Title and text (full-text search)."
    list_select_related = ("feed",)
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    show_facets = admin.ShowFacets.NEVER
    ordering = ("-created_at",)
    fieldsets = (
        (None, {"fields": ("title", "url", "author", "publisher", "published_at", "language")}),
        ("Claims in context", {"fields": ("highlighted_text",)}),
        ("Ingestion", {"fields": ("source", "feed", "ingestion_status", "revision", "content_hash", "created_at")}),
    )
    readonly_fields = (
        "url",
        "highlighted_text",
        "source",
        "feed",
        "ingestion_status",
        "revision",
        "content_hash",
        "created_at",
    )
    inlines = (ArticleClaimInline, ArticleRevisionInline)

    class Media:
        css = {"all": ("claims/admin/workbench.css",)}

    def has_add_permission(self, request):
        # Articles arrive through ingestion (API, feeds, jobs), which also extracts their claims.
        return False

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.resolver_match and request.resolver_match.url_name == "claims_article_changelist":
            claim_count = (
                Claim.objects.filter(article=OuterRef("pk")).order_by().values("article").annotate(n=Count("pk"))
            )
            queryset = queryset.defer("text").annotate(
                n_claims=Coalesce(Subquery(claim_count.values("n"), output_field=IntegerField()), 0)
            )
        return queryset

    def get_search_results(self, request, queryset, search_term):
        return full_text_filter(queryset, search_term), False

    @admin.display(description="article", ordering="title")
    def title_or_url(self, article: Article) -> str:
        return str(article)

    @admin.display(description="claims")
    def claim_count(self, article: Article) -> int:
        return getattr(article, "n_claims", 0)

    @admin.display(description="text, claims marked")
    def highlighted_text(self, article: Article) -> str:
        claims = Claim.objects.filter(article=article).only("pk", "start", "end", "text", "status")
        spans = [
            Span(
                start=claim.start,
                end=claim.end,
                href=reverse("admin:claims_claim_change", args=[claim.pk]),
                title=f"Claim {claim.pk} ({claim.get_status_display()})",
            )
            for claim in claims
        ]
        return article_with_spans(article.text, spans)

    @admin.display(description="ingestion status")
    def ingestion_status(self, article: Article) -> str:
        items = IngestionItem.objects.filter(article=article).select_related("job").order_by("-pk")[:5]
        if not items:
            return "—"
        rows = format_html_join(
            "",
            "<li>{} · item {}: {}{}</li>",
            (
                (
                    admin_link(item.job),
                    item.position,
                    item.get_status_display(),
                    f" ({item.error})" if item.error else "",
                )
                for item in items
            ),
        )
        return format_html('<ul class="fc-plain-list">{}</ul>', rows)


@admin.register(ArticleRevision)
class ArticleRevisionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("article", "revision", "title", "created_at")
    list_select_related = ("article",)
    raw_id_fields = ("article",)


class IngestionItemInline(ReadOnlyInline):
    model = IngestionItem
    fields = ("position", "label", "status", "error", "article_link", "claims_created", "processed_at")
    readonly_fields = fields
    show_change_link = False
    ordering = ("position",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article").defer("article__text", "payload")

    @admin.display(description="article")
    def article_link(self, item: IngestionItem) -> str:
        return admin_link(item.article)


class HasErrorsFilter(admin.SimpleListFilter):
    title = "errors"
    parameter_name = "errors"

    def lookups(self, request, model_admin):
        return [("yes", "With errors")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(Q(status=IngestionJob.Status.FAILED) | Q(failed__gt=0) | ~Q(error=""))
        return queryset


@admin.register(IngestionJob)
class IngestionJobAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "__str__",
        "kind",
        "status",
        "total",
        "succeeded",
        "failed",
        "claims_created",
        "created_by",
        "created_at",
        "finished_at",
    )
    list_filter = ("status", "kind", HasErrorsFilter)
    list_select_related = ("created_by", "feed")
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    show_facets = admin.ShowFacets.NEVER
    inlines = (IngestionItemInline,)

    def has_add_permission(self, request):
        return request.user.has_perm("claims.add_ingestionjob")

    def add_view(self, request, form_url="", extra_context=None):
        """Ingest URLs or a pasted text through the ingestion service (the job runs on the workers)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = IngestForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            kind, items = form.job()
            try:
                job = ingestion_job_create(items=items, kind=kind, user=request.user)
            except DomainError as exc:
                form.add_error(None, domain_error_message(exc))
            else:
                self.message_user(request, f"{job} queued with {job.total} item{'s' if job.total != 1 else ''}.")
                return HttpResponseRedirect(reverse("admin:claims_ingestionjob_change", args=[job.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": "Ingest articles",
            "opts": self.model._meta,
            "form": form,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "claims/admin/ingest.html", context)


@admin.register(IngestionItem)
class IngestionItemAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "job", "label", "status", "error", "claims_created", "processed_at")
    list_filter = ("status",)
    list_select_related = ("job",)
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    show_facets = admin.ShowFacets.NEVER
    search_fields = ("label", "error")


class FeedForm(forms.ModelForm):
    url = forms.URLField(max_length=2000, assume_scheme="https")

    class Meta:
        model = Feed
        fields = ["url", "title", "language", "is_active", "poll_interval_minutes"]

    def clean_url(self):
        # The service's spelling, so the unique check below sees the URL as it will be stored.
        try:
            return feed_url_clean(self.cleaned_data["url"])
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from exc

    def clean_language(self):
        value = self.cleaned_data["language"]
        if value.strip() and not normalise_language(value):
            raise forms.ValidationError("Give a language code such as uk or pt-BR, or leave it blank.")
        return normalise_language(value)


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    form = FeedForm
    list_display = (
        "__str__",
        "url",
        "language",
        "is_active",
        "poll_interval_minutes",
        "last_polled_at",
        "last_success_at",
        "consecutive_failures",
        "last_error_short",
    )
    list_filter = ("is_active", "language")
    search_fields = ("url", "title")
    actions = ("pause", "resume")
    readonly_fields = (
        "last_polled_at",
        "last_success_at",
        "last_error",
        "consecutive_failures",
        "next_poll_at",
        "etag",
        "last_modified",
        "created_by",
        "created_at",
    )

    def get_readonly_fields(self, request, obj=None):
        # A subscription's URL is its identity; to follow another URL, subscribe to it.
        return ("url", *self.readonly_fields) if obj is not None else self.readonly_fields

    @admin.display(description="last error")
    def last_error_short(self, feed: Feed) -> str:
        return format_html('<span class="fc-error">{}</span>', feed.last_error[:120]) if feed.last_error else "—"

    def save_model(self, request, obj, form, change):
        # Through the feeds service, as the API does (it normalises the URL and clears backoff on resume).
        data = {key: form.cleaned_data[key] for key in ("title", "language", "is_active", "poll_interval_minutes")}
        if change:
            feed_update(feed=obj, data=data)
        else:
            created = feed_create(url=form.cleaned_data["url"], user=request.user, **data)
            obj.pk, obj.url = created.pk, created.url

    def _set_active(self, request, queryset, active: bool) -> None:
        changed = 0
        for feed in queryset.filter(is_active=not active):
            feed_update(feed=feed, data={"is_active": active})
            changed += 1
        self.message_user(request, f"{changed} feed{'s' if changed != 1 else ''} {'resumed' if active else 'paused'}.")

    @admin.action(description="Pause selected feeds", permissions=["change"])
    def pause(self, request, queryset):
        self._set_active(request, queryset, False)

    @admin.action(description="Resume selected feeds", permissions=["change"])
    def resume(self, request, queryset):
        self._set_active(request, queryset, True)


@admin.register(FeedEntry)
class FeedEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("guid", "feed", "link", "created_at")
    list_select_related = ("feed",)
    list_filter = (("feed", admin.RelatedOnlyFieldListFilter),)
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    show_facets = admin.ShowFacets.NEVER
