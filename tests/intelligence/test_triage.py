"""Triage maths: signals, their weights, the rank that stays true as time passes, and reasons in plain words."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from claims.intelligence import triage

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
PLAIN = triage.Signals(
    checkworthiness=0.5,
    has_number=False,
    claimant="",
    claimant_articles=0,
    cluster_size=1,
    outlets=1,
    outlets_last_day=1,
    repeats_last_day=1,
    already_checked_rating="",
    appeared_at=NOW,
)
WEIGHTS = triage.Weights()


def test_reasons_read_as_the_desk_says_them():
    spreading = replace(
        PLAIN,
        has_number=True,
        claimant="Foreign Minister Sergei Lavrov",
        cluster_size=7,
        outlets=6,
        outlets_last_day=6,
        repeats_last_day=7,
    )
    assert triage.reasons(spreading) == [
        "in 6 outlets since yesterday",
        "repeated 7 times since yesterday",
        "said by a minister",
        "contains a number",
    ]
    assert triage.reasons(PLAIN) == []
    quoted = replace(PLAIN, claimant="Jane Holt", claimant_articles=4, already_checked_rating="False")
    assert triage.reasons(quoted) == ["Jane Holt quoted in 4 articles", "already rated False"]
    assert triage.reasons(replace(PLAIN, cluster_size=3)) == ["repeated 3 times"]
    assert triage.office("US Ambassador to the UN") == "ambassador"
    assert triage.reasons(replace(PLAIN, claimant="Ambassador Lee")) == ["said by an ambassador"]


def test_each_signal_moves_the_score_its_way():
    base = triage.rank(PLAIN, WEIGHTS)
    assert triage.rank(replace(PLAIN, checkworthiness=0.9), WEIGHTS) > base
    assert triage.rank(replace(PLAIN, outlets=5, cluster_size=5), WEIGHTS) > base
    assert triage.rank(replace(PLAIN, repeats_last_day=4), WEIGHTS) > base
    assert triage.rank(replace(PLAIN, claimant="President Ruiz"), WEIGHTS) > base
    assert triage.rank(replace(PLAIN, claimant="Ann Lee", claimant_articles=12), WEIGHTS) > base
    # A claim a rated fact-check already covers waits behind one nobody has checked (weights say so).
    assert triage.rank(replace(PLAIN, already_checked_rating="False"), WEIGHTS) < base
    assert triage.rank(replace(PLAIN, appeared_at=NOW - timedelta(days=1)), WEIGHTS) == base - 1.0


def test_the_stored_rank_orders_correctly_at_any_later_time():
    old_spread = replace(PLAIN, outlets=10, cluster_size=10, appeared_at=NOW - timedelta(days=2))
    fresh_single = replace(PLAIN, appeared_at=NOW)
    ranks = triage.rank(old_spread, WEIGHTS), triage.rank(fresh_single, WEIGHTS)
    for later in (NOW, NOW + timedelta(days=3), NOW + timedelta(days=30)):
        scores = [triage.score_at(rank, later, WEIGHTS) for rank in ranks]
        assert (scores[0] > scores[1]) == (ranks[0] > ranks[1])
    # The score shown is what the claim would get if scored now: a claim that has just appeared scores the same
    # whenever that is, and the score falls by recency_per_day per day.
    just_appeared = [
        triage.score_at(triage.rank(replace(PLAIN, appeared_at=at), WEIGHTS), at, WEIGHTS)
        for at in (NOW, NOW + timedelta(days=30))
    ]
    assert just_appeared[0] == pytest.approx(just_appeared[1])
    assert (
        triage.score_at(ranks[1], NOW + timedelta(days=2), WEIGHTS)
        == triage.score_at(ranks[1], NOW, WEIGHTS) - 2 * WEIGHTS.recency_per_day
    )


def test_weights_decide():
    only_spread = triage.Weights(
        checkworthiness=0, cluster_size=0, outlets=1, growth=0, prominence=0, already_checked=0
    )
    worthy = replace(PLAIN, checkworthiness=1.0)
    spread = replace(PLAIN, checkworthiness=0.0, outlets=3)
    assert triage.rank(worthy, WEIGHTS) > triage.rank(spread, WEIGHTS)
    assert triage.rank(worthy, only_spread) < triage.rank(spread, only_spread)
