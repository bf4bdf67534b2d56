"""Writes for matching across languages: each fact-check's multilingual embedding, computed by a worker.

A fact-check in a known language is queued for its multilingual embedding (through the outbox, in the transaction
that stores or changes it) whenever its text has none: on import, on publishing and when an import or a correction
changes its text. The English embedding stays synchronous (matching needs it at once); the multilingual one is
about ten times slower to compute, so it never holds up an import or a publication.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from claims.intelligence import cross_language
from claims.models import FactCheck
from claims.services.outbox import outbox_enqueue

EMBED_TASK = "workers.ingestion.factcheck_multilingual_embed"


def factchecks_multilingual_queue(*, factcheck_ids: Iterable[int]) -> int:
    """Queue the multilingual embedding of each given fact-check in a known language that lacks one; call it in
    the transaction that stored them. Returns how many were queued."""
    pending = list(
        FactCheck.objects.filter(pk__in=list(factcheck_ids), multilingual_embedding__isnull=True)
        .exclude(language="")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    outbox_enqueue(EMBED_TASK, pending)
    return len(pending)


def factcheck_multilingual_embed(*, factcheck_id: int) -> bool:
    """Store the fact-check's multilingual embedding if it still lacks one; True when this call stored it.

    Idempotent: a redelivered task finds it stored. The text is read before the slow model pass and the row is
    written only if that text is still the fact-check's, so a correction made meanwhile (which queues its own
    task) is never overwritten with the old text's embedding."""
    row = (
        FactCheck.objects.filter(pk=factcheck_id, multilingual_embedding__isnull=True)
        .exclude(language="")
        .values_list("claim_text", flat=True)
        .first()
    )
    if row is None:
        return False
    vector = cross_language.embed([row])[0]
    stored = FactCheck.objects.filter(pk=factcheck_id, claim_text=row, multilingual_embedding__isnull=True).update(
        multilingual_embedding=vector
    )
    return stored == 1


def factchecks_multilingual_requeue(*, batch: int = 1000) -> int:
    """Queue again every fact-check in a known language still without its multilingual embedding (a task that
    failed for good leaves it so), in batches that each commit on their own. The task is idempotent, so one still
    pending is harmless to queue twice. Returns how many were queued."""
    queued, start = 0, 0
    rows = FactCheck.objects.filter(multilingual_embedding__isnull=True).exclude(language="").order_by("pk")
    while ids := list(rows.filter(pk__gt=start).values_list("pk", flat=True)[:batch]):
        with transaction.atomic():
            outbox_enqueue(EMBED_TASK, ids)
        queued += len(ids)
        start = ids[-1]
    return queued
