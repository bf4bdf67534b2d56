"""API endpoints for claims."""

urlpatterns: list = []
