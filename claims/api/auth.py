"""API endpoints for auth."""

urlpatterns: list = []
