"""API tokens: created through the tokens service, with the key shown once and never again."""

from __future__ import annotations

from django.contrib import admin, messages
from django.template.response import TemplateResponse

from claims.admin.forms import ApiTokenCreateForm
from claims.admin.workbench import domain_error_message
from claims.errors import DomainError
from claims.models import ApiToken
from claims.services.tokens import api_token_create, api_token_revoke


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "scopes", "created_at", "last_used_at", "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    list_select_related = ("user",)
    search_fields = ("name", "prefix", "user__username")
    readonly_fields = ("name", "user", "prefix", "scopes", "created_at", "last_used_at", "revoked_at")
    actions = ("revoke",)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ApiTokenCreateForm
        return super().get_form(request, obj, change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else ()

    def get_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else ("name", "user", "scopes")

    def has_change_permission(self, request, obj=None):
        # A token is never edited: revoke it and create another.
        return False

    def save_model(self, request, obj, form, change):
        token, key = api_token_create(
            user=form.cleaned_data["user"], name=form.cleaned_data["name"], scopes=form.cleaned_data["scopes"]
        )
        obj.pk = token.pk
        # Handed to response_add only; it is not stored anywhere.
        request._api_token_key = key

    def response_add(self, request, obj, post_url_continue=None):
        context = {
            **self.admin_site.each_context(request),
            "title": "API token created",
            "opts": self.model._meta,
            "token": ApiToken.objects.select_related("user").get(pk=obj.pk),
            "key": request._api_token_key,
        }
        response = TemplateResponse(request, "claims/admin/apitoken_created.html", context)
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description="Revoke selected tokens", permissions=["delete"])
    def revoke(self, request, queryset):
        revoked = 0
        for token_id in queryset.filter(revoked_at__isnull=True).values_list("pk", flat=True):
            try:
                api_token_revoke(token_id=token_id)
            except DomainError as exc:
                self.message_user(request, domain_error_message(exc), messages.WARNING)
            else:
                revoked += 1
        self.message_user(request, f"{revoked} token{'s' if revoked != 1 else ''} revoked.")
