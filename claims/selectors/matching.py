"""Reads for claim matching: index-backed candidate generation and the suggestions shown to staff.

Candidates come from the full-text GIN indexes of migration 0003 (the same vectors as
`claims.selectors.search`). A query's lexemes are weighed by the index statistics that ANALYZE keeps
(`pg_stats.most_common_elems` of the index expression): rare lexemes may match alone, common ones only in
pairs, so the index returns a bounded set even against millions of rows. Ranking by `ts_rank_cd` then touches
only those rows. On SQLite, the embedded default, a substring filter on the query's longest words stands in.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import QuerySet

from claims.intelligence import matching
from claims.models import Claim, ClaimMatch, FactCheck
from claims.selectors.search import SEARCH_CONFIG, search_vector
from claims.workflow import State

CLAIM_CANDIDATES = 30
FACTCHECK_CANDIDATES = 20
# At most this many query lexemes (the rarest) make up the index query: all their pairs stay cheap to AND.
QUERY_TERMS = 6
# A lexeme estimated in at most this many rows may match alone; a pair (assuming independence) in at most
# PAIR_ROWS. Small tables are cheap to rank whatever matches, hence the floors on the shares.
RARE_ROWS = 200
PAIR_ROWS = 50
# Only this many index hits are ranked: the bound on the work per query when a query is unusually common.
RANKED_HITS = 120
_STATS_TTL_SECONDS = 600

_INDEX_BY_LABEL = {"claims.Claim": "claim_fulltext_idx", "claims.FactCheck": "factcheck_fulltext_idx"}
_stats_cache: dict[str, tuple[float, dict[str, float], float, float]] = {}


@dataclass(frozen=True)
class IndexQuery:
    """A tsquery (in `to_tsquery('simple', ...)` syntax, lexemes already stemmed) and the lexemes behind it."""

    text: str
    lexemes: tuple[str, ...]


def query_lexemes(text: str) -> list[str]:
    """The query's lexemes as PostgreSQL's `english` configuration makes them, in order of appearance."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT lexeme FROM unnest(to_tsvector(%s::regconfig, %s)) ORDER BY positions[1]",
            [SEARCH_CONFIG, text],
        )
        return [row[0] for row in cursor.fetchall()]


def lexeme_shares(label: str) -> tuple[dict[str, float], float, float]:
    """Share of rows containing each common lexeme, the share assumed for any other, and the row count."""
    cached = _stats_cache.get(label)
    if cached and time.monotonic() - cached[0] < _STATS_TTL_SECONDS:
        return cached[1], cached[2], cached[3]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats WHERE tablename = %s",
            [_INDEX_BY_LABEL[label]],
        )
        row = cursor.fetchone()
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [_INDEX_BY_LABEL[label]])
        size = cursor.fetchone()
    shares: dict[str, float] = {}
    floor = 0.0
    if row and row[0]:
        # The last three frequencies are the minimum, the maximum and the null share, not per-lexeme figures.
        shares = dict(zip(row[0], row[1], strict=False))
        floor = float(row[1][-3]) / 2
    rows = max(float(size[0]) if size else 0.0, 1.0)
    _stats_cache[label] = (time.monotonic(), shares, floor, rows)
    return shares, floor, rows


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def build_index_query(
    lexemes: list[str], shares: dict[str, float], floor: float, rows: float = 1.0
) -> IndexQuery | None:
    """Rare lexemes alone, the others in pairs that are rare together: every hit shares something specific."""
    unique = list(dict.fromkeys(lexemes))
    if not unique:
        return None
    share = {lexeme: shares.get(lexeme, floor) for lexeme in unique}
    rarest = sorted(unique, key=share.__getitem__)[:QUERY_TERMS]
    if len(rarest) == 1:
        return IndexQuery(_quote(rarest[0]), tuple(rarest))
    rare_share = max(RARE_ROWS / rows, 1e-4)
    pair_share = max(PAIR_ROWS / rows, 2e-5)
    parts = [_quote(lexeme) for lexeme in rarest if share[lexeme] <= rare_share]
    pairs = sorted(itertools.combinations(rarest, 2), key=lambda pair: share[pair[0]] * share[pair[1]])
    # A pair of everyday words would match most rows; the rarest pair stays so a query always has a clause.
    parts += [f"({_quote(a)} & {_quote(b)})" for a, b in pairs if share[a] * share[b] <= pair_share] or [
        f"({_quote(pairs[0][0])} & {_quote(pairs[0][1])})"
    ]
    return IndexQuery(" | ".join(parts), tuple(rarest))


def _postgres_candidates(queryset: QuerySet, index_query: IndexQuery, limit: int) -> QuerySet:
    label = queryset.model._meta.label
    vector = search_vector(label)
    query = SearchQuery(index_query.text, config="simple", search_type="raw")
    hits = queryset.annotate(search=vector).filter(search=query).order_by().values("pk")[:RANKED_HITS]
    return (
        queryset.model.objects.filter(pk__in=hits)
        .annotate(rank=SearchRank(vector, query, cover_density=True))
        .order_by("-rank", "-pk")[:limit]
    )


def _index_query(label: str, text: str, lexemes: list[str] | None) -> IndexQuery | None:
    shares, floor, rows = lexeme_shares(label)
    return build_index_query(query_lexemes(text) if lexemes is None else lexemes, shares, floor, rows)


_CLAIM_FIELDS = ("pk", "text", "claimant", "embedding")
_FACTCHECK_FIELDS = ("pk", "claim_text", "title", "url", "embedding")


def claim_candidate_queryset(
    *,
    text: str,
    exclude_article_id: int | None = None,
    limit: int = CLAIM_CANDIDATES,
    lexemes: list[str] | None = None,
) -> QuerySet | None:
    """Rows (pk, text, claimant, embedding, rank) of stored claims sharing specific words with `text`."""
    queryset = Claim.objects.exclude(status=State.DUPLICATE)
    # A claim never repeats a sentence of its own article: those are other claims, not earlier ones.
    if exclude_article_id is not None:
        queryset = queryset.exclude(article_id=exclude_article_id)
    index_query = _index_query("claims.Claim", text, lexemes)
    if index_query is None:
        return None
    return _postgres_candidates(queryset, index_query, limit).values_list(*_CLAIM_FIELDS, "rank")


def factcheck_candidate_queryset(
    *, text: str, limit: int = FACTCHECK_CANDIDATES, lexemes: list[str] | None = None
) -> QuerySet | None:
    """Rows (pk, claim_text, title, url, embedding, rank) of published and imported fact-checks like `text`."""
    queryset = FactCheck.objects.filter(origin__in=[FactCheck.Origin.PUBLISHED, FactCheck.Origin.IMPORTED])
    index_query = _index_query("claims.FactCheck", text, lexemes)
    if index_query is None:
        return None
    return _postgres_candidates(queryset, index_query, limit).values_list(*_FACTCHECK_FIELDS, "rank")


def claim_candidates(
    *, text: str, exclude_article_id: int | None = None, lexemes: list[str] | None = None
) -> list[matching.Candidate]:
    """Stored claims sharing specific words with `text`, best lexical rank first."""
    rows = claim_candidate_queryset(text=text, exclude_article_id=exclude_article_id, lexemes=lexemes) or []
    return [
        matching.Candidate(
            key=("claim", pk),
            text=claim_text,
            embedding=matching.embedding_from_bytes(embedding),
            lexical=float(rank),
            extra={"claimant": claimant},
        )
        for pk, claim_text, claimant, embedding, rank in rows
    ]


def factcheck_candidates(*, text: str, lexemes: list[str] | None = None) -> list[matching.Candidate]:
    """Published and imported fact-checks sharing specific words with `text`, best lexical rank first."""
    rows = factcheck_candidate_queryset(text=text, lexemes=lexemes) or []
    return [
        matching.Candidate(
            key=("factcheck", pk),
            text=claim_text,
            title=title,
            embedding=matching.embedding_from_bytes(embedding),
            lexical=float(rank),
            extra={"url": url},
        )
        for pk, claim_text, title, url, embedding, rank in rows
    ]


def match_candidates(*, text: str, exclude_article_id: int | None = None) -> list[matching.Candidate]:
    """Claims and fact-checks to rerank for `text`; lexical scores scaled within each kind."""
    lexemes = query_lexemes(text)
    claims = claim_candidates(text=text, exclude_article_id=exclude_article_id, lexemes=lexemes)
    factchecks = factcheck_candidates(text=text, lexemes=lexemes)
    matching.scale_lexical(claims)
    matching.scale_lexical(factchecks)
    return claims + factchecks


def similar_for_claim(claim: Claim) -> QuerySet[ClaimMatch]:
    """The claim's match suggestions that staff have not rejected, best first, with their targets loaded."""
    return (
        ClaimMatch.objects.filter(claim=claim)
        .exclude(status=ClaimMatch.Status.REJECTED)
        .select_related("matched_claim", "matched_factcheck")
        .order_by("-score", "pk")
    )
