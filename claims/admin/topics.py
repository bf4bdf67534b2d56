"""The topics the desk watches: extraction ranks claims on them first."""

from __future__ import annotations

from django.contrib import admin

from claims.models import WatchedTopic
from claims.services.topics import watched_topic_create, watched_topic_update


@admin.register(WatchedTopic)
class WatchedTopicAdmin(admin.ModelAdmin):
    list_display = ("name", "is_active", "statement_count", "updated_at")
    list_filter = ("is_active",)
    search_fields = ("name", "statements")
    readonly_fields = ("created_at", "updated_at")

    @admin.display(description="statements")
    def statement_count(self, topic: WatchedTopic) -> int:
        return len(topic.statement_lines())

    def get_readonly_fields(self, request, obj=None):
        # A topic is found by its name; to follow another subject, add a topic.
        return ("name", *self.readonly_fields) if obj is not None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        # Through the service, as the API and the `watch_topics` command write topics.
        statements, is_active = form.cleaned_data["statements"], form.cleaned_data["is_active"]
        if change:
            watched_topic_update(topic=obj, statements=statements, is_active=is_active)
        else:
            obj.pk = watched_topic_create(name=obj.name, statements=statements, is_active=is_active).pk
