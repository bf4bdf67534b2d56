"""What the desk publishes and who is told: fact-checks (with their ClaimReview), webhooks and deliveries."""

from __future__ import annotations

import json

from django import forms
from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from claims.admin.charts import bar_chart_svg
from claims.admin.common import ReadOnlyAdminMixin, admin_link
from claims.admin.paginator import EstimatedCountPaginator
from claims.errors import DomainError
from claims.models import FactCheck, Webhook, WebhookDelivery
from claims.selectors.reappearances import factcheck_reappearances, reappearances_weekly
from claims.selectors.search import full_text_filter
from claims.services.publishing import claimreview_jsonld
from claims.services.webhooks import webhook_create, webhook_target_check, webhook_update

# The newest reappearances listed on a fact-check's page; the chart counts them all.
REAPPEARANCES_SHOWN = 50


@admin.register(FactCheck)
class FactCheckAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "origin", "rating", "claimant", "publisher", "version", "published_at")
    list_filter = ("origin", "rating")
    search_fields = ("claim_text",)
    search_help_text = "Claim text and title (full-text search)."
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    show_facets = admin.ShowFacets.NEVER
    exclude = ("embedding", "search_document")
    readonly_fields = ("claim_link", "claimreview", "reappearance_timeline")
    # The page is read-only, but Django still builds its form; the URL field then takes Django 6's default.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_search_results(self, request, queryset, search_term):
        return full_text_filter(queryset, search_term), False

    @admin.display(description="claim on this desk")
    def claim_link(self, factcheck: FactCheck) -> str:
        return admin_link(factcheck.claim)

    @admin.display(description="reappearances")
    def reappearance_timeline(self, factcheck: FactCheck) -> str:
        """Later claims repeating this fact-check: the weekly counts as a chart, then the newest ones."""
        weekly = reappearances_weekly(factcheck_id=factcheck.pk)
        chart = bar_chart_svg([(f"{week.week:%m-%d}", week.count) for week in weekly], title="Reappearances per week")
        rows = list(factcheck_reappearances(factcheck_id=factcheck.pk).select_related("claim")[:REAPPEARANCES_SHOWN])
        if not rows:
            return format_html("{}<p>No later claim has repeated it.</p>", chart)
        body = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    f"{timezone.localtime(row.appeared_at):%Y-%m-%d %H:%M}",
                    admin_link(row.claim, chars=100),
                    row.claimant or "—",
                    row.publisher or "—",
                    format_html('<a href="{}" rel="noopener">{}</a>', row.article_url, row.article_url)
                    if row.article_url
                    else "—",
                    f"{row.score:.2f}",
                )
                for row in rows
            ),
        )
        return format_html(
            '{}<table class="fc-reappearances"><thead><tr><th>appeared</th><th>claim</th><th>claimant</th>'
            "<th>publisher</th><th>article</th><th>score</th></tr></thead><tbody>{}</tbody></table>",
            chart,
            body,
        )

    @admin.display(description="ClaimReview JSON-LD")
    def claimreview(self, factcheck: FactCheck) -> str:
        document = json.dumps(claimreview_jsonld(factcheck), indent=2, ensure_ascii=False)
        return format_html('<pre class="fc-json">{}</pre>', document)


class WebhookForm(forms.ModelForm):
    url = forms.URLField(max_length=2000, assume_scheme="https")
    events = forms.MultipleChoiceField(
        choices=Webhook.Event.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="None ticked: every event.",
    )
    secret = forms.CharField(
        required=False, help_text="Signs every body (HMAC-SHA256). Empty: generated for a new webhook, kept on change."
    )

    class Meta:
        model = Webhook
        fields = ["name", "url", "events", "secret", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Never echo the current secret; an empty field keeps it.
        self.initial["secret"] = ""

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            webhook_target_check(url)
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from exc
        return url


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    form = WebhookForm
    list_display = ("name", "url", "events", "is_active", "created_at")
    list_filter = ("is_active",)
    readonly_fields = ("recent_deliveries",)

    def get_fields(self, request, obj=None):
        fields = ["name", "url", "events", "secret", "is_active", "recent_deliveries"]
        if obj is None:
            fields.remove("recent_deliveries")
        # The signing secret is for those who configure endpoints, not for every viewer.
        if not self.has_change_permission(request, obj):
            fields.remove("secret")
        return fields

    @admin.display(description="latest deliveries")
    def recent_deliveries(self, webhook: Webhook) -> str:
        deliveries = webhook.deliveries.order_by("-created_at")[:20]
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    admin_link(d, f"{d.created_at:%Y-%m-%d %H:%M:%S}"),
                    d.event,
                    d.get_status_display(),
                    d.attempts,
                    d.response_status or "—",
                    d.last_error[:120] or "—",
                )
                for d in deliveries
            ),
        )
        url = reverse("admin:claims_webhookdelivery_changelist") + f"?webhook__id__exact={webhook.pk}"
        return format_html(
            '<table class="fc-table"><thead><tr><th>created</th><th>event</th><th>status</th><th>attempts</th>'
            '<th>response</th><th>last error</th></tr></thead><tbody>{}</tbody></table><p><a href="{}">All '
            "deliveries of this webhook</a></p>",
            rows,
            url,
        )

    def save_model(self, request, obj, form, change):
        # Through the webhooks service, as the API does: it validates the URL and generates a secret.
        data = {key: form.cleaned_data[key] for key in ("name", "url", "events", "secret", "is_active")}
        if change:
            webhook_update(webhook=obj, data=data)
        else:
            obj.pk = webhook_create(**data).pk


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "webhook", "event", "status", "attempts", "response_status", "created_at")
    list_filter = ("status", "event", "webhook")
    list_select_related = ("webhook",)
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    show_facets = admin.ShowFacets.NEVER
