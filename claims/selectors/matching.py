"""Reads for claim matching: candidate generation in the database, and the suggestions shown to staff.

Candidates for a new claim are the union, per kind (stored claims, fact-checks), of
- its nearest embeddings by cosine, from the HNSW index on `embedding` (pgvector, halfvec), and
- the best lexical hits by BM25 over the full-text GIN indexes of their `search_document` columns (the vectors
  `claims.selectors.search` searches).

BM25 here: a query's lexemes are weighed by how rare they are (`pg_stats.most_common_elems` of the stored
`search_document` vectors, which ANALYZE keeps), rare lexemes may match alone and common ones only in pairs, so
the index returns a bounded set even against millions of rows; the hits are then scored with BM25's term
frequency and length saturation (lexemes of the row's stored tsvector), which is what BM25 amounts to on short
texts.

Every candidate carries its cosine to the new claim, computed by the database; `claims.intelligence.matching`
reranks them. The `match` command, the worker's suggestions, the API, the admin and the evaluation all read
candidates here.

A new claim's candidates cost two round trips: its lexemes (PostgreSQL's own stemming), then one pipeline holding,
per kind, the HNSW search settings and one statement for the nearest, the BM25 hits and their rows. The statements
are written around each candidate queryset's compiled filter, so the rules of what may be a candidate stay in
the querysets below. Their parameters are bound by the server: the query vectors travel in halfvec's binary form,
with nothing to print or parse.
"""

from __future__ import annotations

import itertools
import math
import time
from dataclasses import dataclass

import numpy as np
import psycopg
from django.db import connection
from django.db.models import QuerySet
from psycopg.adapt import Dumper
from psycopg.pq import Format

from claims.intelligence import matching
from claims.models import Claim, ClaimMatch, FactCheck
from claims.selectors.search import SEARCH_CONFIG, STORED_VECTORS
from claims.workflow import State

# Nearest embeddings and best lexical hits taken per kind; their union is reranked.
SEMANTIC_CANDIDATES = 30
LEXICAL_CANDIDATES = 30
# HNSW search breadth per kind (pgvector's default is 40). For claims, the least whose candidates' recall@30 against
# exact search is at least 0.985 (0.98 and a margin) on 200 of bench/match's new claims (1,000,000 claims, 100,000
# fact-checks, the indexes of claims.models.embedding, vectors with the matching head): 0.983 with 400, 0.986 with 450,
# 0.989 with 500. Fact-checks: 0.978 with 50, 0.987 with 60 and 0.995 with 100 there, but 60 lowered CheckThat! 2020
# train's MAP@5 (0.9493 to 0.9480) and recall@5 (0.9875 to 0.9862), so 100. Each costs time in proportion.
EF_SEARCH = {"claims.Claim": 450, "claims.FactCheck": 100}
# At most this many query lexemes (the rarest) make up the index query: all their pairs stay cheap to AND.
QUERY_TERMS = 8
# A lexeme estimated in at most this many rows may match alone; a pair (assuming independence) in at most
# PAIR_ROWS. Small tables are cheap to score whatever matches, hence the floors on the shares.
RARE_ROWS = 400
PAIR_ROWS = 100
# The rarest pairs only: each is an intersection of two posting lists in the index.
MAX_PAIRS = 8
# Only this many index hits are scored: the bound on the work per query when a query is unusually common.
SCORED_HITS = 600
# BM25's usual parameters (Lucene's).
BM25_K1 = 1.2
BM25_B = 0.75
_STATS_TTL_SECONDS = 600


@dataclass(frozen=True)
class LexemeStats:
    shares: dict[str, float]  # share of rows containing each common lexeme
    floor: float  # the share assumed for any other lexeme
    rows: float
    average_length: float  # lexemes per row


_stats_cache: dict[str, tuple[float, LexemeStats]] = {}


@dataclass(frozen=True)
class IndexQuery:
    """A tsquery (in `to_tsquery('simple', ...)` syntax, lexemes already stemmed) and the lexemes behind it."""

    text: str
    lexemes: tuple[str, ...]


def query_lexemes(text: str) -> list[str]:
    """The query's lexemes as PostgreSQL's `english` configuration makes them, in order of appearance."""
    (rows,) = statement_results(
        [("SELECT lexeme FROM unnest(to_tsvector(%s::regconfig, %s)) ORDER BY positions[1]", [SEARCH_CONFIG, text])]
    )
    return [row[0] for row in rows]


def lexeme_stats(label: str) -> LexemeStats:
    """What BM25 needs to know about the collection, from the planner's statistics (cached a few minutes)."""
    cached = _stats_cache.get(label)
    if cached and time.monotonic() - cached[0] < _STATS_TTL_SECONDS:
        return cached[1]
    model = Claim if label == "claims.Claim" else FactCheck
    table = model._meta.db_table
    column = STORED_VECTORS[label]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats"
            " WHERE tablename = %s AND attname = %s",
            [table, column],
        )
        row = cursor.fetchone()
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        size = cursor.fetchone()
    # The average row length from a bounded sample: a scan of every row would cost more than it tells.
    sample = model.objects.order_by().values_list(column, flat=True)[:2000]
    sample_sql, sample_params = sample.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT avg(length(s.search)) FROM ({sample_sql}) AS s(search)", sample_params)  # noqa: S608
        average = cursor.fetchone()[0]
    shares: dict[str, float] = {}
    floor = 0.0
    if row and row[0]:
        # The last three frequencies are the minimum, the maximum and the null share, not per-lexeme figures.
        shares = dict(zip(row[0], row[1], strict=False))
        floor = float(row[1][-3]) / 2
    stats = LexemeStats(
        shares=shares,
        floor=floor,
        rows=max(float(size[0]) if size else 0.0, 1.0),
        average_length=max(float(average or 0.0), 1.0),
    )
    _stats_cache[label] = (time.monotonic(), stats)
    return stats


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
    alone = [lexeme for lexeme in rarest if share[lexeme] <= rare_share]
    parts = [_quote(lexeme) for lexeme in alone]
    # A pair with a lexeme that matches alone adds no row.
    common = [lexeme for lexeme in rarest if lexeme not in alone]
    pairs = sorted(itertools.combinations(common, 2), key=lambda pair: share[pair[0]] * share[pair[1]])
    parts += [f"({_quote(a)} & {_quote(b)})" for a, b in pairs if share[a] * share[b] <= pair_share][:MAX_PAIRS]
    if not parts:
        # Only everyday words, none rare together: their rarest pair still gives the query a clause.
        parts = [f"({_quote(pairs[0][0])} & {_quote(pairs[0][1])})"]
    return IndexQuery(" | ".join(parts), tuple(rarest))


def idf(share: float, rows: float) -> float:
    """BM25's inverse document frequency of a lexeme found in `share` of `rows` rows."""
    found = share * rows
    return math.log(1 + (rows - found + 0.5) / (found + 0.5))


def _filtered(queryset: QuerySet) -> tuple[str, str, list]:
    """The table of `queryset` and its filter as SQL with parameters: the statements below are written around
    them, which costs a fraction of compiling a queryset for each."""
    query = queryset.query
    if any(count for alias, count in query.alias_refcount.items() if alias != query.base_table):
        # Only the WHERE clause is compiled here: a filter through a relation would lose its JOIN.
        raise ValueError(f"candidate filters must be on {queryset.model.__name__}'s own columns")
    where, params = query.get_compiler(connection=connection).compile(query.where)
    return connection.ops.quote_name(queryset.model._meta.db_table), where or "TRUE", list(params)


def lexical_hits_sql(
    queryset: QuerySet, *, lexemes: list[str], limit: int, filtered: tuple[str, str, list] | None = None
) -> tuple[str, list] | None:
    """The SQL (and its parameters) of `lexical_hits`; None when the text has no lexeme. `filtered`: the queryset's
    `_filtered`, when the caller has compiled it already."""
    label = queryset.model._meta.label
    stats = lexeme_stats(label)
    index_query = build_index_query(lexemes, stats.shares, stats.floor, stats.rows)
    if index_query is None:
        return None
    unique = list(dict.fromkeys(lexemes))
    weights = [idf(stats.shares.get(lexeme, stats.floor), stats.rows) for lexeme in unique]
    table, where, where_params = filtered or _filtered(queryset)
    search = f"{table}.{connection.ops.quote_name(STORED_VECTORS[label])}"
    hits_sql = (
        f"SELECT {table}.id, {search} FROM {table}"  # noqa: S608 - names from the models, values are parameters
        f" WHERE ({where} AND {search} @@ (to_tsquery(%s::regconfig, %s))) LIMIT {SCORED_HITS}"
    )
    # BM25 with a term frequency of one, which is what a short text has: the sum of the matching lexemes'
    # idf, saturated by the row's length (k1 + 1) / (1 + k1 * (1 - b + b * length / average length)).
    matched = " + ".join("CASE WHEN h.search @@ %s::tsquery THEN %s::float8 ELSE 0 END" for _ in unique)
    # A plain SELECT (the hits a subquery, not a CTE): statements that do not start with SELECT count as writes of
    # the tables they name (claims.data_version), and a read must not invalidate the desk's cached lists.
    sql = f"""SELECT h.id, ({matched}) * %s::float8
            / (1 + %s::float8 * (1 - %s::float8 + %s::float8 * length(h.search) / %s::float8)) AS score
        FROM ({hits_sql}) AS h(id, search) ORDER BY score DESC, h.id DESC LIMIT {int(limit)}
    """  # noqa: S608 - as above
    params = []
    for lexeme, weight in zip(unique, weights, strict=True):
        params += [_quote(lexeme), weight]
    params += [BM25_K1 + 1, BM25_K1, BM25_B, BM25_B, stats.average_length]
    params += [*where_params, "simple", index_query.text]
    return sql, params


def lexical_hits(queryset: QuerySet, *, lexemes: list[str], limit: int = LEXICAL_CANDIDATES) -> list[tuple[int, float]]:
    """(pk, BM25 score) of the rows of `queryset` best matching the lexemes, through its full-text index."""
    query = lexical_hits_sql(queryset, lexemes=lexemes, limit=limit)
    if query is None:
        return []
    (rows,) = statement_results([query])
    return [(pk, float(score)) for pk, score in rows]


class QueryVector:
    """An embedding as a statement parameter (`%s::halfvec`): rounded to 16-bit floats, as the stored embeddings
    are, and sent in halfvec's binary form (dimensions, a reserved word, big-endian halves)."""

    __slots__ = ("data",)

    def __init__(self, embedding: np.ndarray):
        halves = np.asarray(embedding, dtype=np.float32).astype(">f2")
        self.data = len(halves).to_bytes(2, "big") + bytes(2) + halves.tobytes()


class _QueryVectorDumper(Dumper):
    # No type of its own (halfvec's oid is the extension's, different in each database): the statement's
    # `::halfvec` gives the parameter its type, whose binary input reads these bytes.
    format = Format.BINARY

    def dump(self, obj: QueryVector) -> bytes:
        return obj.data


class _ServerBindingCursor(psycopg.Cursor):
    """Binds parameters on the server, unlike Django's own cursors: the vectors go in binary, and the statements
    can share a pipeline. Nothing is prepared (Django's `prepare_threshold` default, for poolers): the planner would
    plan these statements afresh anyway, as their generic plans (which ignore the tsquery and vectors) are far worse.
    """

    def __init__(self, conn: psycopg.Connection):
        super().__init__(conn)
        self.adapters.register_dumper(QueryVector, _QueryVectorDumper)


def statement_results(statements: list[tuple[str, list]]) -> list[list[tuple]]:
    """The rows of each statement, all sent in one pipeline: one round trip to the database, and one implicit
    transaction in autocommit, so settings made with `set_config(..., true)` hold for the statements after them and
    end with the pipeline. They run through Django's cursor wrapper (its query log, execute wrappers and errors)."""
    connection.ensure_connection()
    conn = connection.connection
    cursors = []
    with connection.wrap_database_errors:
        with conn.pipeline():
            for sql, params in statements:
                raw = _ServerBindingCursor(conn)
                cursor = connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)
                cursor.execute(sql, params)
                cursors.append(cursor)
        return [cursor.fetchall() for cursor in cursors]


def _search_settings(ef_search: int) -> tuple[str, list]:
    """The statement that sets the HNSW search for the statements after it in the same transaction (in autocommit,
    the pipeline's). Filtered scans (claims of other articles, not duplicates) go on until `limit` rows pass the
    filter."""
    return (
        "SELECT set_config('hnsw.ef_search', %s, true), set_config('hnsw.iterative_scan', 'relaxed_order', true)",
        [str(ef_search)],
    )


def nearest_sql(
    queryset: QuerySet, *, vector, limit: int = SEMANTIC_CANDIDATES, filtered: tuple[str, str, list] | None = None
) -> tuple[str, list]:
    """The SQL (and its parameters) of the pks of the rows of `queryset` whose embeddings are nearest by cosine to
    `vector` (a `QueryVector`, or a halfvec literal), nearest first. The HNSW index serves it with the breadth
    `_search_settings` sets. `filtered` as for `lexical_hits_sql`."""
    table, where, params = filtered or _filtered(queryset)
    embedding = f"{table}.{connection.ops.quote_name('embedding')}"
    sql = (
        f"SELECT {table}.id FROM {table} WHERE {where}"  # noqa: S608 - names from the models, values are parameters
        f" ORDER BY ({embedding} <=> %s::halfvec) ASC LIMIT {int(limit)}"
    )
    return sql, [*params, vector]


def semantic_hits(queryset: QuerySet, *, embedding: np.ndarray, limit: int = SEMANTIC_CANDIDATES) -> list[int]:
    """Pks of the rows of `queryset` whose embeddings are nearest to `embedding` by cosine, nearest first."""
    nearest = nearest_sql(queryset, vector=QueryVector(embedding), limit=limit)
    _, rows = statement_results([_search_settings(EF_SEARCH[queryset.model._meta.label]), nearest])
    return [pk for (pk,) in rows]


def _in_language(queryset: QuerySet, language: str) -> QuerySet:
    return queryset.filter(language__in=[language, ""]) if language else queryset


def claim_candidate_queryset() -> QuerySet:
    """Stored claims a new claim may repeat: all but those already marked as duplicates."""
    return Claim.objects.exclude(status=State.DUPLICATE)


def factcheck_candidate_queryset() -> QuerySet:
    """Fact-checks a new claim may repeat: published here and imported alike."""
    return FactCheck.objects.filter(origin__in=[FactCheck.Origin.PUBLISHED, FactCheck.Origin.IMPORTED])


@dataclass(frozen=True)
class _Kind:
    """What a candidate of one kind carries: its text, title and extra fields (column names)."""

    name: str
    text_field: str
    title_field: str | None
    extra_fields: tuple[str, ...]

    @property
    def fields(self) -> tuple[str, ...]:
        return (self.text_field, *([self.title_field] if self.title_field else []), *self.extra_fields)


CLAIM = _Kind("claim", "text", None, ("claimant",))
FACTCHECK = _Kind("factcheck", "claim_text", "title", ("url", "claimant"))


def _candidates_statement(
    queryset: QuerySet, kind: _Kind, *, vectors: list[QueryVector], lexemes: list[str]
) -> tuple[str, list]:
    """One statement for one kind's candidates: the nearest (HNSW scan) and the BM25 hits of `queryset`, each row
    once with its cosine distance to the nearer of `vectors` and its BM25 score (NULL if not a hit)."""
    filtered = _filtered(queryset)
    nearest, nearest_params = nearest_sql(queryset, vector=vectors[0], filtered=filtered)
    # The nearest as an array built once (the HNSW scan), then the hits: an OR of the two conditions on the table
    # would make the planner scan it instead.
    union = f"SELECT n.id, NULL::float8 FROM unnest(ARRAY({nearest})) AS n(id)"  # noqa: S608 - Django's SQL
    params = list(nearest_params)
    lexical = lexical_hits_sql(queryset, lexemes=lexemes, limit=LEXICAL_CANDIDATES, filtered=filtered)
    if lexical is not None:
        union += f" UNION ALL SELECT b.id, b.score FROM ({lexical[0]}) AS b"  # noqa: S608 - as above
        params += lexical[1]
    quote = connection.ops.quote_name
    columns = ", ".join(f"t.{quote(field)}" for field in kind.fields)
    distances = [f"t.{quote('embedding')} <=> %s::halfvec" for _ in vectors]
    distance = distances[0] if len(distances) == 1 else f"LEAST({', '.join(distances)})"
    table = quote(queryset.model._meta.db_table)
    # The candidates' rows are read once, by primary key; the hits' scores travel with them.
    sql = (
        f"SELECT t.id, {distance}, c.score, {columns}"  # noqa: S608 - names from the models, values are parameters
        f" FROM (SELECT u.id, max(u.score) FROM ({union}) AS u(id, score) GROUP BY u.id) AS c(id, score)"
        f" JOIN {table} AS t ON t.id = c.id"
    )
    return sql, [*vectors, *params]


def _candidates(kind: _Kind, rows: list[tuple]) -> list[matching.Candidate]:
    candidates = []
    for pk, distance, score, *values in sorted(rows, key=lambda row: row[0]):
        fields = dict(zip(kind.fields, values, strict=True))
        candidates.append(
            matching.Candidate(
                key=(kind.name, pk),
                text=fields[kind.text_field],
                title=fields[kind.title_field] if kind.title_field else "",
                # NULL until the row's embedding is stored; the service computes it then.
                cosine=None if distance is None else 1.0 - float(distance),
                lexical=0.0 if score is None else float(score),
                extra={name: fields[name] for name in kind.extra_fields},
            )
        )
    matching.scale_lexical(candidates)
    return candidates


def match_candidates(
    *,
    text: str,
    embedding: np.ndarray,
    statement_embedding: np.ndarray | None = None,
    exclude_article_id: int | None = None,
    language: str = "",
) -> list[matching.Candidate]:
    """Claims and fact-checks to rerank for `text` (embedded as `embedding`, its statement without the claimant
    as `statement_embedding`): stored claims near it by embedding or by words, never those of the article it comes
    from, and published and imported fact-checks alike. Each candidate's cosine is the nearer of the two, lexical
    scores are scaled per kind. Given a `language`, only those in it or of unknown language: the encoder is
    English-only, so matching stays within a language. Two round trips: the text's lexemes, then one pipeline with
    both kinds' statements."""
    lexemes = query_lexemes(text)
    vectors = [QueryVector(embedding)]
    if statement_embedding is not None:
        vectors.append(QueryVector(statement_embedding))
    claims = _in_language(claim_candidate_queryset(), language)
    # A claim never repeats a sentence of its own article: those are other claims, not earlier ones.
    if exclude_article_id is not None:
        claims = claims.exclude(article_id=exclude_article_id)
    factchecks = _in_language(factcheck_candidate_queryset(), language)
    _, claim_rows, _, factcheck_rows = statement_results(
        [
            _search_settings(EF_SEARCH["claims.Claim"]),
            _candidates_statement(claims, CLAIM, vectors=vectors, lexemes=lexemes),
            _search_settings(EF_SEARCH["claims.FactCheck"]),
            _candidates_statement(factchecks, FACTCHECK, vectors=vectors, lexemes=lexemes),
        ]
    )
    return [*_candidates(CLAIM, claim_rows), *_candidates(FACTCHECK, factcheck_rows)]


def similar_for_claim(claim: Claim) -> QuerySet[ClaimMatch]:
    """The claim's match suggestions that staff have not rejected, best first, with their targets loaded."""
    return (
        ClaimMatch.objects.filter(claim=claim)
        .exclude(status=ClaimMatch.Status.REJECTED)
        .select_related("claim", "matched_claim", "matched_factcheck")
        .order_by("-score", "pk")
    )
