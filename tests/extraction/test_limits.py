"""Work on one article is bounded: too many sentences or too much time ends extraction with the limit as its
reason, before the costly steps; an ingested article over a limit is a failed item saying so."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import pytest

from claims.extraction import ExtractionLimitExceeded, Limits, extract_with
from claims.extraction.topics import Topic
from claims.models import IngestionItem
from claims.services.ingestion import ingestion_item_process, ingestion_job_create

SENTENCES = " ".join(f"Prices rose {n} percent in {1990 + n}, Smith said." for n in range(1, 41))


def _scorer(calls: list[int]):
    def score(sentences):
        calls.append(len(sentences))
        return [0.9] * len(sentences)

    return score


def test_within_the_limits_nothing_changes():
    calls: list[int] = []
    limited = extract_with(
        SENTENCES, score=_scorer(calls), model_threshold=0.5, limits=Limits(max_sentences=40, max_seconds=60)
    )
    unlimited = extract_with(SENTENCES, score=_scorer([]), model_threshold=0.5)
    assert [c.as_dict() for c in limited] == [c.as_dict() for c in unlimited]
    assert len(limited) == 40 and sum(calls) > 0


def test_too_many_sentences_stop_before_the_model_runs():
    calls: list[int] = []
    with pytest.raises(ExtractionLimitExceeded, match="40 sentences, more than the 39"):
        extract_with(SENTENCES, score=_scorer(calls), model_threshold=0.5, limits=Limits(max_sentences=39))
    assert calls == []


def test_the_time_limit_stops_between_model_chunks(monkeypatch):
    clock = itertools.count(0.0, 1.0)  # every look at the clock is one second later
    monkeypatch.setattr("claims.extraction.candidates.time", SimpleNamespace(monotonic=lambda: next(clock)))
    monkeypatch.setattr("claims.extraction.pipeline._MODEL_CHUNK", 5)
    calls: list[int] = []
    with pytest.raises(ExtractionLimitExceeded, match="longer than the 3 seconds"):
        extract_with(SENTENCES, score=_scorer(calls), model_threshold=0.5, limits=Limits(max_seconds=3))
    assert 0 < len(calls) < 8  # some chunks ran, not all of them


def test_the_time_limit_also_stops_between_chunks_placed_against_watched_topics(monkeypatch):
    clock = itertools.count(0.0, 1.0)
    monkeypatch.setattr("claims.extraction.candidates.time", SimpleNamespace(monotonic=lambda: next(clock)))
    monkeypatch.setattr("claims.extraction.pipeline._MODEL_CHUNK", 5)
    placed: list[int] = []

    def nearness(sentences):
        placed.append(len(sentences))
        return [0.5] * len(sentences)

    with pytest.raises(ExtractionLimitExceeded, match="longer than the 5 seconds"):
        extract_with(
            SENTENCES,
            score=_scorer([]),
            model_threshold=0.5,
            limits=Limits(max_seconds=5),
            topics=(Topic("Prices", ("Prices rose.",)),),
            topic_nearness=nearness,
        )
    assert 0 < len(placed) < 8


@pytest.mark.django_db
def test_an_article_over_the_sentence_limit_is_a_failed_item_with_the_reason(settings):
    settings.FACTCHECK_MAX_ARTICLE_SENTENCES = 10
    job = ingestion_job_create(items=[{"text": SENTENCES}, {"text": "Prices rose 5 percent, Smith said."}], kind="text")
    for item_id in job.items.order_by("position").values_list("id", flat=True):
        ingestion_item_process(item_id=item_id)
    failed, done = job.items.order_by("position")
    assert failed.status == IngestionItem.Status.FAILED
    assert "40 sentences, more than the 10 one article may have" in failed.error
    assert failed.article is None
    assert done.status == IngestionItem.Status.DONE
