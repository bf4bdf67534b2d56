"""Public pages: published fact-checks and their feeds."""

from django.urls import path

from claims.public import views

app_name = "public"

urlpatterns = [
    path("fact-checks/", views.factcheck_index, name="factcheck-index"),
    path("fact-checks/ratings/", views.rating_scale_page, name="rating-scale"),
    path("fact-checks/feed.rss", views.FactCheckRssFeed(), name="factcheck-rss-feed"),
    path("fact-checks/feed.json", views.factcheck_json_feed, name="factcheck-json-feed"),
    path("fact-checks/<int:pk>/", views.factcheck_detail, name="factcheck-detail"),
]
