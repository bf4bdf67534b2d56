"""The API's URLs, one module per concern."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The page and its start-up script are two responses, so the Content-Security-Policy needs no inline script.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="claims/api/swagger_ui.html"),
        name="api-docs",
    ),
    path("", include("claims.api.ingestion")),
    path("", include("claims.api.topics")),
    path("", include("claims.api.claims")),
    path("", include("claims.api.publishing")),
    path("", include("claims.api.reappearances")),
    path("", include("claims.api.users")),
]
