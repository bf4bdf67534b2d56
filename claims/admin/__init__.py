"""The Django admin as the desk's workbench: every model is registered here, by concern.

Writes from the admin go through the same services as the API (claims.services.*); the admin never changes a
claim's status, assignee or deadline itself.
"""

from django.contrib import admin

from claims.admin import access, articles, claims, outbox, publishing, reappearances, review, topics
from claims.admin.login import login_limited

admin.site.site_header = "Fact-check desk"
admin.site.site_title = "Fact-check desk"
admin.site.index_title = "Workbench"
# Adds the desk's shortcuts (dashboard, my queue, new claims) above the model list.
admin.site.index_template = "claims/admin/index.html"
# The site's URLs route to `self.login`, so this limits the one admin login view.
admin.site.login = login_limited(admin.site.login)

__all__ = ["access", "articles", "claims", "outbox", "publishing", "reappearances", "review", "topics"]
