"""Matching on PostgreSQL: suggestions, idempotence, staff decisions, the auto-duplicate threshold, the index."""

import io
import json

import numpy as np
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from claims.data_version import DESK
from claims.errors import Conflict, NotFound, TransitionForbidden
from claims.models import Claim, ClaimMatch, FactCheck
from claims.selectors.matching import (
    _stats_cache,
    claim_candidate_queryset,
    lexical_hits,
    lexical_hits_sql,
    query_lexemes,
    similar_for_claim,
)
from claims.services.matching import (
    claim_embedding_store,
    claim_match_confirm,
    claim_match_reject,
    claim_match_suggest,
)
from claims.workflow import State
from tests.factories import article_create, claim_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def store(db):
    earlier = claim_create(text="Drinking bleach cures the coronavirus", status=State.ACCEPTED)
    unrelated = claim_create(text="The city council approved a new budget for road repairs")
    factcheck = FactCheck.objects.create(
        origin=FactCheck.Origin.IMPORTED,
        url="https://factchecks.example/5g",
        claim_text="5G mobile networks spread the coronavirus",
        title="No, 5G does not spread COVID-19",
        rating="false",
    )
    unpublished = FactCheck.objects.create(
        origin=FactCheck.Origin.PUBLISHED,
        url="https://factchecks.example/draft",
        claim_text="5G networks spread the coronavirus quickly",
    )
    FactCheck.objects.filter(pk=unpublished.pk).update(origin="draft")
    claim_embedding_store(claim_ids=[earlier.pk, unrelated.pk])
    return {"earlier": earlier, "unrelated": unrelated, "factcheck": factcheck}


def test_suggestions_find_the_earlier_claim_and_the_fact_check(store, settings):
    settings.FACTCHECK_AUTO_DUPLICATE_THRESHOLD = 1.1
    claim = claim_create(text="Coronavirus is spread by 5G networks and cured by drinking bleach")
    matches = claim_match_suggest(claim_id=claim.pk)
    targets = {(m.matched_claim_id, m.matched_factcheck_id) for m in matches}
    assert (store["earlier"].pk, None) in targets
    assert (None, store["factcheck"].pk) in targets
    assert (store["unrelated"].pk, None) not in targets
    assert all(m.status == ClaimMatch.Status.SUGGESTED for m in matches)
    assert Claim.objects.get(pk=claim.pk).embedding is not None
    assert list(similar_for_claim(claim)) == sorted(matches, key=lambda m: (-m.score, m.pk))


def test_matching_stays_within_the_claims_language(store, settings):
    settings.FACTCHECK_AUTO_DUPLICATE_THRESHOLD = 1.1
    claim = claim_create(text="Coronavirus is spread by 5G networks and cured by drinking bleach")
    Claim.objects.filter(pk=claim.pk).update(language="de")
    FactCheck.objects.filter(pk=store["factcheck"].pk).update(language="en")
    targets = {(m.matched_claim_id, m.matched_factcheck_id) for m in claim_match_suggest(claim_id=claim.pk)}
    assert (store["earlier"].pk, None) not in targets
    assert (None, store["factcheck"].pk) not in targets
    Claim.objects.filter(pk=store["earlier"].pk).update(language="")  # of unknown language: still a candidate
    targets = {(m.matched_claim_id, m.matched_factcheck_id) for m in claim_match_suggest(claim_id=claim.pk)}
    assert (store["earlier"].pk, None) in targets


def test_claims_of_the_same_article_are_never_suggested(store, settings):
    settings.FACTCHECK_AUTO_DUPLICATE_THRESHOLD = 0.5
    claim = claim_create(text="Drinking bleach cures the coronavirus", article=store["earlier"].article)
    matches = claim_match_suggest(claim_id=claim.pk)
    assert store["earlier"].pk not in {m.matched_claim_id for m in matches}
    assert Claim.objects.get(pk=claim.pk).status == State.NEW


def test_suggesting_again_adds_no_duplicates_and_keeps_decisions(store, settings, editor):
    settings.FACTCHECK_AUTO_DUPLICATE_THRESHOLD = 1.1
    claim = claim_create(text="5G networks are spreading the coronavirus")
    first = claim_match_suggest(claim_id=claim.pk)
    assert first
    claim_match_reject(match_id=first[0].pk, user=editor)
    second = claim_match_suggest(claim_id=claim.pk)
    assert sorted(m.pk for m in second) == sorted(m.pk for m in first)
    assert ClaimMatch.objects.filter(claim=claim).count() == len(first)
    assert ClaimMatch.objects.get(pk=first[0].pk).status == ClaimMatch.Status.REJECTED
    assert first[0].pk not in [m.pk for m in similar_for_claim(claim)]


def test_above_the_threshold_the_duplicate_is_linked_automatically(store, settings):
    settings.FACTCHECK_AUTO_DUPLICATE_THRESHOLD = 0.8
    claim = claim_create(text="Drinking bleach cures coronavirus")
    matches = claim_match_suggest(claim_id=claim.pk)
    claim.refresh_from_db()
    assert claim.status == State.DUPLICATE
    assert claim.duplicate_of_id == store["earlier"].pk
    best = matches[0]
    assert best.matched_claim_id == store["earlier"].pk and best.score >= 0.8
    assert ClaimMatch.objects.get(pk=best.pk).status == ClaimMatch.Status.CONFIRMED
    assert claim.events.filter(transition="mark_duplicate", actor=None).count() == 1
    claim_match_suggest(claim_id=claim.pk)
    assert claim.events.filter(transition="mark_duplicate").count() == 1


def test_below_the_threshold_nothing_is_linked(store, settings):
    settings.FACTCHECK_AUTO_DUPLICATE_THRESHOLD = 0.999
    claim = claim_create(text="Some say bleach may help against the coronavirus")
    claim_match_suggest(claim_id=claim.pk)
    claim.refresh_from_db()
    assert claim.status == State.NEW
    assert claim.duplicate_of_id is None


def test_confirming_marks_the_duplicate_through_the_workflow(store, settings, editor, checker):
    settings.FACTCHECK_AUTO_DUPLICATE_THRESHOLD = 1.1
    claim = claim_create(text="5G networks are spreading the coronavirus")
    match = next(m for m in claim_match_suggest(claim_id=claim.pk) if m.matched_factcheck_id)
    with pytest.raises(TransitionForbidden):
        claim_match_confirm(match_id=match.pk, user=checker)
    confirmed = claim_match_confirm(match_id=match.pk, user=editor)
    assert confirmed.status == ClaimMatch.Status.CONFIRMED and confirmed.decided_by == editor
    claim.refresh_from_db()
    assert claim.status == State.DUPLICATE
    assert claim.duplicate_of_factcheck_id == store["factcheck"].pk
    with pytest.raises(Conflict):
        claim_match_reject(match_id=match.pk, user=editor)


def test_match_command_ranks_stored_claims_and_fact_checks(store, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("5G spreads the coronavirus\n\nbleach cures corona\n"))
    out = io.StringIO()
    call_command("match", "--top", "2", "--json", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(lines) == 2
    first = lines[0]["matches"][0]
    assert first["kind"] == "factcheck" and first["url"] == "https://factchecks.example/5g"
    assert first["id"] == store["factcheck"].pk and 0 <= first["score"] <= 1
    assert lines[1]["matches"][0]["kind"] == "claim" and lines[1]["matches"][0]["id"] == store["earlier"].pk
    assert all(len(line["matches"]) <= 2 for line in lines)
    assert "draft" not in out.getvalue()


def test_candidate_generation_uses_the_full_text_index():
    article = article_create(text="x" * 200)
    # 20,000 claims over a 600-word vocabulary (alpha0 .. gamma149), each word in about one claim in seventy.
    with connection.cursor() as cursor:
        cursor.execute(
            'INSERT INTO claims_claim (article_id, text, quote, start, "end", claimant, cue, checkworthiness,'
            " numbers, dates, entities, language, topics, priority, status, reject_reason, created_at, updated_at)"
            " SELECT %s, concat_ws(' ', w[1 + g %% 4] || (g * 31 %% 150), w[1 + g * 7 %% 4] || (g * 37 %% 150),"
            " w[1 + g * 11 %% 4] || (g * 41 %% 150), w[1 + g * 13 %% 4] || (g * 43 %% 150), 'said the minister'),"
            " '', g, g, '', '', 0.5, '[]', '[]', '[]', 'en', '[]', 'normal', 'new', '', now(), now()"
            " FROM generate_series(1, 20000) AS g, (SELECT ARRAY['alpha', 'bravo', 'delta', 'gamma'] AS w) AS v",
            [article.pk],
        )
        cursor.execute("ANALYZE claims_claim")
    _stats_cache.clear()
    lexemes = query_lexemes("The minister said alpha7 and delta99 rose sharply")
    sql, params = lexical_hits_sql(claim_candidate_queryset(), lexemes=lexemes, limit=30)
    with connection.cursor() as cursor:
        # 20,000 short rows are cheap to scan; what matters is that the index serves the query as it grows.
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")
    assert "claim_fulltext_idx" in plan, plan
    assert "Seq Scan on claims_claim" not in plan, plan


def test_a_match_is_decided_only_through_its_own_claim(editor):
    claim, other, earlier = (claim_create(text=text) for text in ["A", "B", "C"])
    match = ClaimMatch.objects.create(claim=claim, matched_claim=earlier, score=0.9)
    for decide in (claim_match_confirm, claim_match_reject):
        with pytest.raises(NotFound, match=f"Claim {other.pk} has no match {match.pk}"):
            decide(claim_id=other.pk, match_id=match.pk, user=editor)
    assert ClaimMatch.objects.get(pk=match.pk).status == ClaimMatch.Status.SUGGESTED
    assert Claim.objects.get(pk=other.pk).status == State.NEW
    rejected = claim_match_reject(claim_id=claim.pk, match_id=match.pk, user=editor)
    assert (rejected.status, rejected.decided_by) == (ClaimMatch.Status.REJECTED, editor)


def test_only_editors_reject_matches(checker, admin_user):
    claim, earlier = claim_create(text="A"), claim_create(text="C")
    match = ClaimMatch.objects.create(claim=claim, matched_claim=earlier, score=0.9)
    with pytest.raises(TransitionForbidden, match="Only editors"):
        claim_match_reject(claim_id=claim.pk, match_id=match.pk, user=checker)
    assert ClaimMatch.objects.get(pk=match.pk).status == ClaimMatch.Status.SUGGESTED
    # Superusers count as editors, as everywhere in the workflow.
    assert claim_match_reject(claim_id=claim.pk, match_id=match.pk, user=admin_user).status == "rejected"


def test_lexical_candidates_are_ranked_like_bm25_rare_shared_words_first():
    article = article_create(text="x" * 200)
    texts = [
        "Vaccines cause autism in children",
        "Vaccines cause flu in children",
        "Vaccines cause fever in children",
        "Vaccines cause rashes in children",
        "Heavy rain floods the city",
    ]
    claims = [claim_create(text=text, article=article) for text in texts]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_claim")
    _stats_cache.clear()
    hits = lexical_hits(claim_candidate_queryset(), lexemes=query_lexemes("Do vaccines cause autism?"))
    assert hits[0][0] == claims[0].pk
    assert {pk for pk, _ in hits} == {claim.pk for claim in claims[:4]}
    assert hits[0][1] > hits[1][1] > 0


def test_reading_lexical_candidates_leaves_the_desk_cache_valid():
    # A statement that is not a plain SELECT and names the claims table counts as a write of the desk's data.
    assert not DESK.has_pending_writes(connection)
    lexical_hits(claim_candidate_queryset(), lexemes=query_lexemes("Do vaccines cause autism?"))
    assert not DESK.has_pending_writes(connection)


def test_nearest_candidates_come_from_the_hnsw_index_with_the_chosen_search_breadth(store):
    from claims.intelligence.embeddings import embed
    from claims.selectors.matching import EF_SEARCH, QueryVector, nearest_sql, semantic_hits, statement_results

    vector = embed(["Bleach cures covid"])[0]
    assert semantic_hits(claim_candidate_queryset(), embedding=vector)[0] == store["earlier"].pk
    with connection.cursor() as cursor:
        # The search settings hold until the transaction ends (here the test's; in autocommit, the pipeline's).
        cursor.execute("SELECT current_setting('hnsw.ef_search'), current_setting('hnsw.iterative_scan')")
        assert cursor.fetchone() == (str(EF_SEARCH["claims.Claim"]), "relaxed_order")
        cursor.execute("SET enable_seqscan = off")
        sql, params = nearest_sql(claim_candidate_queryset(), vector=QueryVector(vector))
        (rows,) = statement_results([("EXPLAIN " + sql, params)])
        plan = "\n".join(row[0] for row in rows)
        cursor.execute("SET enable_seqscan = on")
    assert "claim_embedding_hnsw" in plan, plan


def test_embed_command_fills_missing_embeddings_and_with_all_embeds_every_row_again(store):
    FactCheck.objects.filter(pk=store["factcheck"].pk).update(embedding=None)
    Claim.objects.filter(pk=store["earlier"].pk).update(embedding=[0.0] * 383 + [1.0])
    missing = FactCheck.objects.filter(embedding__isnull=True).count()
    out = io.StringIO()
    call_command("embed", "--batch", "1", stdout=out)
    assert out.getvalue().splitlines()[-2] == f"embedded 0 claims and {missing} fact-checks"
    assert not FactCheck.objects.filter(embedding__isnull=True).exists()
    assert FactCheck.objects.get(pk=store["factcheck"].pk).embedding is not None
    # Only --all replaces a stored vector (as after an encoder upgrade).
    assert Claim.objects.get(pk=store["earlier"].pk).embedding[-1] == 1.0
    out = io.StringIO()
    call_command("embed", "--all", "--batch", "1", stdout=out)
    assert Claim.objects.get(pk=store["earlier"].pk).embedding[-1] != 1.0
    lines = out.getvalue().splitlines()
    assert lines[0] == f"claims: 1 embedded, up to id {min(store['earlier'].pk, store['unrelated'].pk)} " + (
        f"(resume with --after claims:{min(store['earlier'].pk, store['unrelated'].pk)})"
    )
    assert lines[-2] == f"embedded 2 claims and {FactCheck.objects.count()} fact-checks"
    # Resuming after the last claim embeds only the fact-checks.
    out = io.StringIO()
    call_command("embed", "--all", "--after", f"claims:{Claim.objects.order_by('-pk').first().pk}", stdout=out)
    assert out.getvalue().splitlines()[-2] == f"embedded 0 claims and {FactCheck.objects.count()} fact-checks"
    with pytest.raises(CommandError):
        call_command("embed", "--after", "articles:3")


def test_query_vectors_are_sent_exactly_as_halfvec_stores_them():
    from claims.selectors.matching import QueryVector, statement_results

    # Every finite 16-bit float, in vectors of 384: the parameter reads back as the same value.
    values = np.arange(2**16, dtype=np.uint16).view(np.float16)
    values = values[np.isfinite(values)]
    values = np.concatenate([values, np.zeros(-len(values) % 384, dtype=np.float16)]).reshape(-1, 384)
    statements = [("SELECT halfvec_send(%s::halfvec)", [QueryVector(vector.astype(np.float32))]) for vector in values]
    for vector, [(sent,)] in zip(values, statement_results(statements), strict=True):
        stored = np.frombuffer(bytes(sent)[4:], dtype=">f2")
        assert np.array_equal(stored.view(">u2").astype(np.uint16), vector.view(np.uint16))
    # A float32 vector is rounded to the nearest half, as halfvec's own input rounds it.
    vector = np.array([1 / 3, -2.5e-8, 60000.5, 0.1], dtype=np.float32)
    [[(sent,)], [(typed,)]] = statement_results(
        [
            ("SELECT halfvec_send(%s::halfvec)", [QueryVector(vector)]),
            ("SELECT halfvec_send(%s::real[]::halfvec)", [vector.tolist()]),
        ]
    )
    assert bytes(sent) == bytes(typed)


def test_candidates_of_both_kinds_take_two_round_trips(store, monkeypatch):
    from psycopg import pq

    from claims.intelligence.embeddings import embed
    from claims.selectors import matching as selector

    text = "Coronavirus is spread by 5G networks and cured by drinking bleach"
    vector, statement = embed([text, "Spread by 5G networks"])
    selector.match_candidates(text=text, embedding=vector, statement_embedding=statement)  # the statistics, cached
    pipelines = []
    run = selector.statement_results

    def record(execute, sql, params, many, context):
        pipelines[-1].append((sql.split()[1], connection.connection.pgconn.pipeline_status))
        return execute(sql, params, many, context)

    def recorded(statements):
        pipelines.append([])
        with connection.execute_wrapper(record):
            return run(statements)

    monkeypatch.setattr(selector, "statement_results", recorded)
    candidates = selector.match_candidates(text=text, embedding=vector, statement_embedding=statement)
    # The text's lexemes, then one pipeline: both kinds' nearest, BM25 hits and rows, with their search settings.
    on = pq.PipelineStatus.ON
    assert pipelines == [
        [("lexeme", on)],
        [("set_config('hnsw.ef_search',", on), ("t.id,", on)] * 2,
    ]
    keys = [candidate.key for candidate in candidates]
    assert ("claim", store["earlier"].pk) in keys and ("factcheck", store["factcheck"].pk) in keys
    assert len(keys) == len(set(keys))
    assert all(0 <= candidate.lexical <= 1 for candidate in candidates)
    # The database gives the cosine of rows with a stored embedding; the fact-check's is not stored yet.
    cosines = {candidate.key: candidate.cosine for candidate in candidates}
    assert cosines[("claim", store["earlier"].pk)] > 0.5
    assert cosines[("factcheck", store["factcheck"].pk)] is None


@pytest.mark.django_db
def test_a_candidate_filter_through_a_relation_is_refused_not_sent_without_its_join():
    from claims.selectors.matching import nearest_sql

    through_article = claim_candidate_queryset().filter(article__title="x")
    with pytest.raises(ValueError, match="own columns"):
        nearest_sql(through_article, vector="[0.1,0.2]")
    assert nearest_sql(claim_candidate_queryset().filter(article_id=1), vector="[0.1,0.2]")[0].startswith("SELECT")
