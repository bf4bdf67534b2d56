"""Pieces the model admins share."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator


class ReadOnlyAdminMixin:
    """For records written only by services and tasks (audit trail, deliveries, verdicts): look, don't touch."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0
    show_change_link = True
    can_delete = False


def admin_link(obj, label: str | None = None, *, chars: int = 80) -> str:
    """A link to `obj`'s admin page (or a dash for None)."""
    if obj is None:
        return "—"
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, Truncator(label if label is not None else str(obj)).chars(chars))
