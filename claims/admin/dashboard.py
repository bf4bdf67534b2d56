"""The desk dashboard: the queue by state, what is late, who carries what, what was published, what broke."""

from __future__ import annotations

from urllib.parse import urlencode

from django.template.response import TemplateResponse
from django.urls import reverse

from claims.admin.charts import bar_chart_svg
from claims.selectors.dashboard import (
    checker_workloads,
    claim_counts_by_state,
    claims_overdue_count,
    claims_published_per_week,
    feeds_with_errors,
    ingestion_jobs_with_errors,
)
from claims.selectors.outbox import outbox_backlog
from claims.selectors.reappearances import factchecks_reappearing_most


def _claims_url(**params) -> str:
    # "mine=all" so a checker following a dashboard link sees the whole desk, not only their queue.
    return reverse("admin:claims_claim_changelist") + "?" + urlencode({"mine": "all", **params})


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def dashboard_view(request, admin_site) -> TemplateResponse:
    published = claims_published_per_week(weeks=12)
    outbox = outbox_backlog()
    context = {
        **admin_site.each_context(request),
        "title": "Desk dashboard",
        "states": [
            {"state": state, "label": label, "count": count, "url": _claims_url(status__exact=state)}
            for state, label, count in claim_counts_by_state()
        ],
        "overdue": claims_overdue_count(),
        "overdue_url": _claims_url(overdue="yes"),
        "workloads": [
            {
                "username": user.get_username(),
                "open": user.workload,
                "overdue": user.overdue,
                "available": getattr(getattr(user, "checker_profile", None), "is_available", True),
                "url": _claims_url(assignee=user.pk),
            }
            for user in checker_workloads()
        ],
        "published_total": sum(count for _week, count in published),
        "published_chart": bar_chart_svg(
            [(f"{week:%d %b}", count) for week, count in published], title="Claims published per week"
        ),
        "reappearing": [
            {
                "factcheck": factcheck,
                "recent": factcheck.recent,
                "url": reverse("admin:claims_factcheck_change", args=[factcheck.pk]),
            }
            for factcheck in factchecks_reappearing_most()
        ],
        "failed_jobs": ingestion_jobs_with_errors(),
        "failing_feeds": feeds_with_errors(),
        "outbox": outbox,
        "outbox_oldest": _duration(outbox.oldest_unsent_seconds or 0),
    }
    return TemplateResponse(request, "claims/admin/dashboard.html", context)
