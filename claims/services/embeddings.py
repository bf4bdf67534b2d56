"""Stored sentence embeddings of claims and fact-checks.

A claim's or fact-check's embedding is written when it is stored and again whenever its text or claimant
changes, whoever changes it (ingestion, the admin, imports, publishing): `claims.services.matching.claim_edit`,
`factcheck_embedding_store` and `claim_embedding_store` are the only writers of `embedding`
(`embeddings_refresh`, behind `manage.py embed`, calls them for every row after the encoder changes).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from claims.intelligence import matching
from claims.models import Claim, FactCheck

_EMBED_BATCH = 64


def embed_texts(texts: list[str]):
    """The sentence embeddings of `texts` (the model loads on first use, not at import)."""
    from claims.intelligence.embeddings import embed

    return embed(texts)


def _embeddings_store(model: type[Claim] | type[FactCheck], *, ids: Sequence[int], text_field: str, force: bool) -> int:
    """Embed "claimant: text" for each row of `model` in `ids` lacking an embedding (every row with `force`)."""
    queryset = model.objects.filter(pk__in=list(ids))
    if not force:
        queryset = queryset.filter(embedding__isnull=True)
    rows = list(queryset.only("pk", text_field, "claimant"))
    for start in range(0, len(rows), _EMBED_BATCH):
        batch = rows[start : start + _EMBED_BATCH]
        vectors = embed_texts([matching.claim_document(getattr(row, text_field), row.claimant) for row in batch])
        for row, vector in zip(batch, vectors, strict=True):
            row.embedding = vector
        model.objects.bulk_update(batch, ["embedding"])
    return len(rows)


def claim_embedding_store(*, claim_ids: Sequence[int], force: bool = False) -> int:
    """Store the sentence embedding of each given claim that lacks one (all of them with `force`)."""
    return _embeddings_store(Claim, ids=claim_ids, text_field="text", force=force)


def factcheck_embedding_store(*, factcheck_ids: Sequence[int], force: bool = False) -> int:
    """Store the sentence embedding of each given fact-check that lacks one (all of them with `force`)."""
    return _embeddings_store(FactCheck, ids=factcheck_ids, text_field="claim_text", force=force)


def embeddings_refresh(
    *,
    everything: bool = False,
    after: tuple[str, int] | None = None,
    batch: int = 1000,
    progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, int]:
    """Embed the claims and fact-checks lacking an embedding (every one with `everything`, as after an encoder
    upgrade), in id order and in batches that each commit on their own; `after` ("claims"/"factchecks", id)
    resumes an interrupted run. Returns the rows embedded per kind; `progress(kind, last id, embedded so far)` is
    called after each batch."""
    kinds = (
        ("claims", Claim, lambda ids: claim_embedding_store(claim_ids=ids, force=everything)),
        ("factchecks", FactCheck, lambda ids: factcheck_embedding_store(factcheck_ids=ids, force=everything)),
    )
    done = {kind: 0 for kind, _, _ in kinds}
    skipping = after is not None
    for kind, model, store in kinds:
        start = 0
        if skipping:
            if kind != after[0]:
                continue
            skipping = False
            start = after[1]
        rows = model.objects.order_by("pk")
        if not everything:
            rows = rows.filter(embedding__isnull=True)
        while ids := list(rows.filter(pk__gt=start).values_list("pk", flat=True)[:batch]):
            done[kind] += store(ids)
            start = ids[-1]
            if progress:
                progress(kind, start, done[kind])
    return done
