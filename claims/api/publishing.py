"""API endpoints for publishing."""

urlpatterns: list = []
