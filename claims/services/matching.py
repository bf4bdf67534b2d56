"""Writes for claim matching: match suggestions, staff decisions on them, and staff's edits of a claim (which
embed it again, see claims.services.embeddings)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from claims.errors import Conflict, NotFound, TransitionForbidden, TransitionNotAllowed
from claims.intelligence import cross_language, matching
from claims.models import Claim, ClaimMatch, FactCheck
from claims.selectors.cross_language import factcheck_languages, factchecks_across_languages
from claims.selectors.matching import match_candidates
from claims.services.clusters import claim_regroup
from claims.services.embeddings import claim_embedding_store, embed_texts, factcheck_embedding_store
from claims.services.outbox import outbox_enqueue
from claims.services.reappearances import claim_reappearances_record
from claims.states import sla_due_at, sla_time
from claims.workflow import State
from claims.workflow.roles import EDITOR, user_roles

# Suggestions kept per claim; below this rank they only distract staff.
MAX_SUGGESTIONS = 10


@dataclass(frozen=True)
class RankedMatch:
    kind: str  # "claim" or "factcheck"
    id: int
    text: str
    url: str
    score: float
    # The reranker's per-feature terms of `score` (claims.intelligence.matching.explain), largest first.
    contributions: tuple[matching.Contribution, ...] = ()

    def explanation(self) -> list[dict]:
        """The contributions as stored on a suggestion and shown by /api/claims/{id}/similar/."""
        return [
            {
                "feature": term.feature,
                "label": term.label,
                "value": round(term.value, 4),
                "contribution": round(term.contribution, 4),
            }
            for term in self.contributions
        ]


# The fields whose change makes a stored embedding describe another text.
EMBEDDED_CLAIM_FIELDS = frozenset({"text", "claimant"})


@transaction.atomic
def claim_edit(*, claim: Claim, changed: Sequence[str]) -> Claim:
    """Saves staff's edit of a claim: an edited text or claimant is embedded again in the same transaction and
    matched again once it commits (a new language is matched again too); a new priority moves the due date to
    what that priority gives from the assignment."""
    if "priority" in changed and claim.due_at is not None:
        before = Claim.objects.select_for_update().only("priority", "due_at").get(pk=claim.pk)
        if before.due_at is not None:
            start = before.due_at - sla_time(before.priority)
            claim.due_at = sla_due_at(priority=claim.priority, start=start)
            if claim.due_at > timezone.now():
                # No longer overdue; the SLA watch flags it again (and tells the editors) once it is.
                claim.overdue_since = None
    # Only what staff edit (and the due date it moves): the cluster and triage fields the workers keep are not
    # written back as they were when the form was loaded.
    editable = {f.name for f in Claim._meta.concrete_fields if f.editable and not f.primary_key}
    claim.save(update_fields=sorted((editable & set(changed)) | {"due_at", "overdue_since", "updated_at"}))
    if EMBEDDED_CLAIM_FIELDS & set(changed):
        claim.embedding = embed_texts([matching.claim_document(claim.text, claim.claimant)])[0]
        claim.save(update_fields=["embedding"])
    if (EMBEDDED_CLAIM_FIELDS | {"language"}) & set(changed):
        # What the claim repeats is looked for again, for its new words or among the fact-checks of its language.
        outbox_enqueue("workers.review.claim_match_suggest", [claim.pk])
    return claim


def _stored_embeddings_for(candidates: list[matching.Candidate]) -> None:
    """Rows stored before their embedding was computed get it now (the reranker then computes their cosine), so
    every candidate is reranked alike."""
    missing_claims = [c.key[1] for c in candidates if c.cosine is None and c.key[0] == "claim"]
    missing_factchecks = [c.key[1] for c in candidates if c.cosine is None and c.key[0] == "factcheck"]
    if missing_claims:
        claim_embedding_store(claim_ids=missing_claims)
    if missing_factchecks:
        factcheck_embedding_store(factcheck_ids=missing_factchecks)
    if not (missing_claims or missing_factchecks):
        return
    stored = {
        ("claim", pk): data for pk, data in Claim.objects.filter(pk__in=missing_claims).values_list("pk", "embedding")
    } | {
        ("factcheck", pk): data
        for pk, data in FactCheck.objects.filter(pk__in=missing_factchecks).values_list("pk", "embedding")
    }
    for candidate in candidates:
        if candidate.cosine is None:
            candidate.embedding = matching.as_embedding(stored.get(candidate.key))


def rank_matches(
    *,
    text: str,
    claimant: str = "",
    embedding=None,
    statement_embedding=None,
    exclude_article_id: int | None = None,
    top: int = MAX_SUGGESTIONS,
    language: str = "",
) -> list[RankedMatch]:
    """Stored claims and fact-checks that `text` may repeat, best first, with same-claim probabilities: the one
    matching path of the `match` command, the worker's suggestions (and so the API, the admin and automatic
    duplicate links) and `evaluate matching`. Embeddings the caller has already (`embedding` of the document,
    `statement_embedding` of the text alone) are not computed again. Given a `language`, claims and fact-checks
    in it (or of unknown language) are reranked by the English model, and fact-checks in other languages join
    with the multilingual model's score (claims.intelligence.cross_language)."""
    document = matching.claim_document(text, claimant)
    statement = matching.claim_statement(text)
    # The statement alone is embedded too when a claimant leads the document (one model pass for both).
    needs_statement = statement != document and statement_embedding is None
    texts = ([document] if embedding is None else []) + ([statement] if needs_statement else [])
    computed = list(embed_texts(texts)) if texts else []
    if embedding is None:
        embedding = computed.pop(0)
    if needs_statement:
        statement_embedding = computed.pop(0)
    query = matching.Query.build(document, embedding, statement_embedding if statement != document else None)
    candidates = match_candidates(
        text=document,
        embedding=query.embedding,
        statement_embedding=query.statement_embedding,
        exclude_article_id=exclude_article_id,
        language=language,
    )
    _stored_embeddings_for(candidates)
    ranked = matching.rerank(query, candidates, top=top)
    site = settings.FACTCHECK_SITE_URL.rstrip("/")
    matches = [
        RankedMatch(
            kind=candidate.key[0],
            id=candidate.key[1],
            text=candidate.text,
            url=candidate.extra.get("url") or f"{site}/api/claims/{candidate.key[1]}/",
            score=score,
            contributions=contributions,
        )
        for candidate, score, contributions in ranked
    ]
    if language:
        matches = _merged(matches, _factchecks_across_languages(text, language))[:top]
    return matches


def _merged(ranked: list[RankedMatch], across: list[RankedMatch]) -> list[RankedMatch]:
    """The reranker's list in its own order, each match across languages placed before the first match it outscores."""
    pending = sorted(across, key=lambda m: -m.score)
    merged: list[RankedMatch] = []
    for match in ranked:
        while pending and pending[0].score > match.score:
            merged.append(pending.pop(0))
        merged.append(match)
    return merged + pending


def _factchecks_across_languages(text: str, language: str) -> list[RankedMatch]:
    """Fact-checks in the desk's other languages that may state the claim, scored by the multilingual model; the
    claim's statement is embedded only when such fact-checks exist."""
    languages = factcheck_languages() - {language}
    if not languages:
        return []
    statement = matching.claim_statement(text)
    found = factchecks_across_languages(languages=languages, embedding=cross_language.embed([statement])[0])
    if not found:
        return []
    features = np.array([cross_language.pair_features(statement, c.cosine, c.text) for c in found])
    scores = cross_language.same_claim_probability(features)
    return [
        RankedMatch(
            kind="factcheck",
            id=c.id,
            text=c.text,
            url=c.url,
            score=float(score),
            contributions=cross_language.explain(row),
        )
        for c, score, row in zip(found, scores, features, strict=True)
    ]


def _link_duplicate(match: ClaimMatch, *, user) -> None:
    """Mark the match's claim as a duplicate of its target; mark_duplicate's effect confirms the match."""
    from claims.services.transitions import claim_transition

    data = (
        {"duplicate_of": match.matched_claim_id}
        if match.matched_claim_id
        else {"duplicate_of_factcheck": match.matched_factcheck_id}
    )
    claim_transition(
        claim_id=match.claim_id,
        transition="mark_duplicate",
        user=user,
        data=data,
        note=f"Matched with score {match.score:.2f}.",
    )


def claim_match_suggest(*, claim_id: int) -> list[ClaimMatch]:
    """Store the claim's best matches as suggestions (idempotently), mark and record a repeated fact-check
    (claims.services.reappearances), link a near-certain duplicate, then regroup its cluster and rescore it
    (claims.services.clusters)."""
    try:
        claim = Claim.objects.get(pk=claim_id)
    except Claim.DoesNotExist as exc:
        raise NotFound(f"Claim {claim_id} does not exist.") from exc
    if claim.embedding is None:
        claim_embedding_store(claim_ids=[claim.pk])
        claim.refresh_from_db(fields=["embedding"])
    threshold = settings.FACTCHECK_MATCH_SUGGEST_THRESHOLD
    ranked = [
        m
        for m in rank_matches(
            text=claim.text,
            claimant=claim.claimant,
            embedding=matching.as_embedding(claim.embedding),
            exclude_article_id=claim.article_id,
            language=claim.language,
        )
        if m.score >= threshold
    ]
    with transaction.atomic():
        for m in ranked:
            target = {"matched_claim_id": m.id} if m.kind == "claim" else {"matched_factcheck_id": m.id}
            explanation = m.explanation()
            match, created = ClaimMatch.objects.get_or_create(
                claim=claim, **target, defaults={"score": m.score, "explanation": explanation}
            )
            # Staff decisions stand; only open suggestions follow the current score.
            if not created and match.status == ClaimMatch.Status.SUGGESTED and match.score != m.score:
                match.score, match.explanation = m.score, explanation
                match.save(update_fields=["score", "explanation"])
    matches = list(ClaimMatch.objects.filter(claim=claim).order_by("-score", "pk"))
    claim_reappearances_record(claim_id=claim.pk, matches=matches)
    _auto_link(claim, matches)
    claim_regroup(claim_id=claim.pk)
    return matches


def _auto_link(claim: Claim, matches: list[ClaimMatch]) -> None:
    """Above FACTCHECK_AUTO_DUPLICATE_THRESHOLD a new claim is linked to its best earlier match by the system."""
    if claim.status != State.NEW:
        return
    threshold = settings.FACTCHECK_AUTO_DUPLICATE_THRESHOLD
    for match in matches:
        if match.score < threshold:
            return
        # Only earlier claims, so two near-identical new claims never mark each other as duplicates.
        if match.status == ClaimMatch.Status.SUGGESTED and (
            match.matched_factcheck_id or match.matched_claim_id < claim.pk
        ):
            try:
                with transaction.atomic():
                    _link_duplicate(_decidable(match.pk, claim.pk), user=None)
            except (TransitionNotAllowed, Conflict):
                pass  # staff moved the claim on or decided on the match meanwhile; their call stands
            return


def _decidable(match_id: int, claim_id: int | None) -> ClaimMatch:
    """The match, still a suggestion, locked after its claim: the order in which every transition (and
    mark_duplicate's effect on the claim's matches) locks them, so concurrent decisions cannot deadlock."""
    matches = ClaimMatch.objects.filter(pk=match_id)
    if claim_id is not None:
        # A match is decided only through its own claim, so no claim's match is reachable through another.
        matches = matches.filter(claim_id=claim_id)
    owner_id = matches.values_list("claim_id", flat=True).first()
    if owner_id is None:
        if claim_id is None:
            raise NotFound(f"Match {match_id} does not exist.")
        raise NotFound(f"Claim {claim_id} has no match {match_id}.")
    Claim.objects.select_for_update().filter(pk=owner_id).values_list("pk").first()
    match = ClaimMatch.objects.select_for_update().get(pk=match_id)
    if match.status != ClaimMatch.Status.SUGGESTED:
        raise Conflict(f"This match was already {match.get_status_display().lower()}.")
    return match


def claim_match_confirm(*, match_id: int, user, claim_id: int | None = None) -> ClaimMatch:
    """Staff confirm a suggestion: the claim is marked as a duplicate of the match through the workflow.

    With `claim_id` the match must be one of that claim's (NotFound otherwise)."""
    with transaction.atomic():
        match = _decidable(match_id, claim_id)
        _link_duplicate(match, user=user)
    match.refresh_from_db()
    return match


def claim_match_reject(*, match_id: int, user, claim_id: int | None = None) -> ClaimMatch:
    """Editors reject a suggestion; re-running matching keeps it rejected.

    With `claim_id` the match must be one of that claim's (NotFound otherwise)."""
    if EDITOR not in user_roles(user):
        raise TransitionForbidden("Only editors decide on match suggestions.")
    with transaction.atomic():
        match = _decidable(match_id, claim_id)
        match.status = ClaimMatch.Status.REJECTED
        match.decided_by = user
        match.decided_at = timezone.now()
        match.save(update_fields=["status", "decided_by", "decided_at"])
        # A rejected match no longer holds the two claims in one cluster.
        outbox_enqueue("workers.review.claim_regroup", [match.claim_id])
    return match
