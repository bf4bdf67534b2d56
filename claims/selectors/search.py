"""Full-text search used by the API, the admin, evidence gathering and matching.

Claims and fact-checks keep their full-text vector in a stored generated column (`search_document`, GIN-indexed
in their models), which matching's BM25 scoring reads without parsing the text again; articles are searched
through a GIN index on the same expression (migration 0003).
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import F, QuerySet

SEARCH_CONFIG = "english"

# Model label -> the fields of its full-text vector (Claim.search_document and FactCheck.search_document are
# generated from these; migration 0003 indexes the article's expression).
SEARCH_FIELDS: dict[str, tuple[str, ...]] = {
    "claims.Claim": ("text", "claimant"),
    "claims.Article": ("title", "text"),
    "claims.FactCheck": ("claim_text", "title"),
}


# Models whose vector is stored in a generated column of this name.
STORED_VECTORS = {"claims.Claim": "search_document", "claims.FactCheck": "search_document"}


def document_vector(label: str) -> SearchVector:
    """The full-text vector of a row of the model, as an expression of its fields."""
    return SearchVector(*SEARCH_FIELDS[label], config=SEARCH_CONFIG)


def search_vector(label: str) -> SearchVector | F:
    """The indexed full-text vector of the model's rows: its stored column, or the indexed expression."""
    if label in STORED_VECTORS:
        return F(STORED_VECTORS[label])
    return document_vector(label)


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
