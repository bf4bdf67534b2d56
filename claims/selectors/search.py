"""Full-text search used by the API, the admin, evidence gathering and matching.

Each search runs against a GIN index built from exactly the same expression (see migration 0003).
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import QuerySet

SEARCH_CONFIG = "english"

# Model label -> the fields of its full-text vector. Migration 0003 indexes these same vectors.
SEARCH_FIELDS: dict[str, tuple[str, ...]] = {
    "claims.Claim": ("text", "claimant"),
    "claims.Article": ("title", "text"),
    "claims.FactCheck": ("claim_text", "title"),
}


def search_vector(label: str) -> SearchVector:
    return SearchVector(*SEARCH_FIELDS[label], config=SEARCH_CONFIG)


def _label(queryset: QuerySet) -> str:
    return queryset.model._meta.label


def full_text_filter(queryset: QuerySet, query: str, *, ranked: bool = False) -> QuerySet:
    """Rows of `queryset` matching `query` (web-search syntax), optionally annotated with `rank`."""
    query = query.strip()
    if not query:
        return queryset
    vector = search_vector(_label(queryset))
    search_query = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
    queryset = queryset.annotate(search=vector).filter(search=search_query)
    if ranked:
        queryset = queryset.annotate(rank=SearchRank(vector, search_query))
    return queryset
