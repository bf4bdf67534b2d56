"""The API's URLs, one module per concern."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("claims.api.ingestion")),
    path("", include("claims.api.claims")),
    path("", include("claims.api.publishing")),
    path("", include("claims.api.users")),
]
