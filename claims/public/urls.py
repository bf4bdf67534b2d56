"""Public pages: published fact-checks and their feeds."""

urlpatterns: list = []
