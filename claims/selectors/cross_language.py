"""Reads for matching across languages: which languages have fact-checks to match, and the nearest of them to a
statement by multilingual embedding (pgvector HNSW over `FactCheck.multilingual_embedding`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.db import connection, transaction
from pgvector import HalfVector
from pgvector.django import CosineDistance

from claims.models import FactCheck
from claims.selectors.matching import factcheck_candidate_queryset

# Nearest fact-checks in other languages taken per claim; they are scored on their own (the English reranker's
# word features mean nothing across languages).
CROSS_LANGUAGE_CANDIDATES = 10
# As the fact-checks' English index (claims.selectors.matching.EF_SEARCH).
EF_SEARCH = 100


@dataclass(frozen=True)
class CrossLanguageCandidate:
    id: int
    text: str
    url: str
    language: str
    cosine: float


def factcheck_languages() -> set[str]:
    """The languages of fact-checks whose multilingual embedding is stored: a loose scan of the partial language
    index, one entry read per language, so asking costs the same at a million fact-checks as at ten."""
    table = FactCheck._meta.db_table
    # Wrapped in a SELECT: a statement starting otherwise counts as a write of the tables it names
    # (claims.data_version), and a read must not invalidate the desk's cached lists.
    sql = f"""SELECT language FROM (
        WITH RECURSIVE languages(language) AS (
            (SELECT language FROM {table} WHERE multilingual_embedding IS NOT NULL ORDER BY language LIMIT 1)
            UNION ALL
            SELECT (SELECT f.language FROM {table} AS f
                    WHERE f.multilingual_embedding IS NOT NULL AND f.language > languages.language
                    ORDER BY f.language LIMIT 1)
            FROM languages WHERE languages.language IS NOT NULL
        ) SELECT language FROM languages WHERE language IS NOT NULL
    ) AS found"""  # noqa: S608 - the table name is the model's own
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {row[0] for row in cursor.fetchall()} - {""}


def factchecks_across_languages(
    *, languages: set[str], embedding: np.ndarray, limit: int = CROSS_LANGUAGE_CANDIDATES
) -> list[CrossLanguageCandidate]:
    """The published and imported fact-checks in `languages` nearest to `embedding` (multilingual), nearest first."""
    if not languages:
        return []
    distance = CosineDistance("multilingual_embedding", HalfVector(np.asarray(embedding, dtype=np.float32)))
    rows = (
        factcheck_candidate_queryset()
        .filter(language__in=sorted(languages), multilingual_embedding__isnull=False)
        .annotate(distance=distance)
        .order_by("distance")
        .values_list("pk", "claim_text", "url", "language", "distance")[:limit]
    )
    with transaction.atomic():
        with connection.cursor() as cursor:
            # For this transaction only; filtered scans go on until `limit` rows pass the language filter.
            cursor.execute(
                "SELECT set_config('hnsw.ef_search', %s, true),"
                " set_config('hnsw.iterative_scan', 'relaxed_order', true)",
                [str(EF_SEARCH)],
            )
        found = list(rows)
    return [
        CrossLanguageCandidate(id=pk, text=text, url=url, language=language, cosine=1.0 - float(distance))
        for pk, text, url, language, distance in found
    ]
