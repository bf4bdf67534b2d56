"""API endpoints for ingestion."""

urlpatterns: list = []
