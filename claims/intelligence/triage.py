"""Triage: which claim the desk should look at first, and why, in plain words.

Pure (no Django). A claim's score is a weighted sum of signals, each scaled to 0..1: how check-worthy it is, how far
it has spread (its cluster's size, the outlets carrying it, how many of its repeats appeared in the last 24 hours),
how prominent its claimant is (an office-holder, or a name the desk keeps meeting), whether a rated fact-check
already covers it, and how recent it is. Recency is linear in time (`recency_per_day` points lost per day), so the
rank stored with a claim (the score plus what recency gives at the epoch) orders the queue correctly at any later
time, and the score shown is that rank less what recency gives now.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime

_DAY_SECONDS = 86_400.0

# Offices whose holders' words travel: "said by a minister" is a reason to look sooner.
_OFFICE = re.compile(
    r"\b(prime minister|minister|president|vice president|chancellor|premier|senator|governor|mayor|secretary"
    r"|spokes(?:wo)?man|spokesperson|ambassador|congress(?:wo)?man|lawmaker|mp|ceo|chairman|chairwoman)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Weights:
    """How much each signal (scaled to 0..1) adds to the score; FACTCHECK_TRIAGE_WEIGHTS in the settings."""

    checkworthiness: float = 2.0
    cluster_size: float = 0.5
    outlets: float = 1.5
    growth: float = 1.0
    prominence: float = 1.0
    already_checked: float = -1.5
    recency_per_day: float = 1.0


@dataclass(frozen=True)
class Signals:
    """What triage reads about one claim and the cluster it belongs to."""

    checkworthiness: float
    has_number: bool
    claimant: str
    claimant_articles: int  # articles the desk has seen the claimant quoted in
    cluster_size: int
    outlets: int
    outlets_last_day: int  # distinct outlets among the cluster's claims of the last 24 hours
    repeats_last_day: int  # the cluster's claims that appeared in the last 24 hours
    already_checked_rating: str  # the rating's label, or "" when no rated fact-check covers it
    appeared_at: datetime  # the cluster's latest appearance


def _log_share(count: float, full: float) -> float:
    """0 for one, 1 from `full` on, logarithmic in between: the tenth outlet adds less than the second."""
    if count <= 1:
        return 0.0
    return min(1.0, math.log(count) / math.log(full))


def office(claimant: str) -> str:
    """The office named in the claimant ("Foreign Minister Sergei Lavrov": "minister"), or ""."""
    found = _OFFICE.search(claimant or "")
    return found.group(1).lower() if found else ""


# A claimant quoted in this many articles is as prominent as any: more changes nothing.
PROMINENT_AFTER = 20


def signal_values(signals: Signals) -> dict[str, float]:
    """Each weighted signal scaled to 0..1 (recency apart: it is linear in time)."""
    seen = _log_share(signals.claimant_articles, PROMINENT_AFTER)
    return {
        "checkworthiness": min(max(signals.checkworthiness, 0.0), 1.0),
        "cluster_size": _log_share(signals.cluster_size, 10),
        "outlets": _log_share(signals.outlets, 10),
        "growth": _log_share(signals.repeats_last_day, 10),
        "prominence": max(seen, 0.6 if office(signals.claimant) else 0.0),
        "already_checked": 1.0 if signals.already_checked_rating else 0.0,
    }


def days(moment: datetime) -> float:
    """Days since the Unix epoch."""
    return moment.timestamp() / _DAY_SECONDS


def rank(signals: Signals, weights: Weights) -> float:
    """The stored ordering key: the score as of the epoch, so it needs no rewriting as time passes."""
    values = signal_values(signals)
    total = sum(getattr(weights, name) * value for name, value in values.items())
    return total + weights.recency_per_day * days(signals.appeared_at)


def score_at(stored_rank: float, now: datetime, weights: Weights) -> float:
    """The score shown now: the stored rank less what recency gives at `now` (0 for a claim appearing now)."""
    return stored_rank - weights.recency_per_day * days(now)


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


def reasons(signals: Signals) -> list[str]:
    """Why the claim ranks where it does, in plain words, the weightiest kinds first."""
    said: list[str] = []
    if signals.outlets_last_day >= 2:
        said.append(f"in {signals.outlets_last_day} outlets since yesterday")
    elif signals.outlets >= 2:
        said.append(f"in {signals.outlets} outlets")
    if signals.repeats_last_day >= 2 and signals.repeats_last_day > signals.outlets_last_day:
        said.append(f"repeated {signals.repeats_last_day} times since yesterday")
    elif signals.cluster_size >= 2 and signals.outlets < 2:
        said.append(f"repeated {signals.cluster_size} times")
    title = office(signals.claimant)
    if title:
        said.append(f"said by {_article(title)} {title}")
    elif signals.claimant and signals.claimant_articles >= 3:
        said.append(f"{signals.claimant} quoted in {signals.claimant_articles} articles")
    if signals.has_number:
        said.append("contains a number")
    if signals.checkworthiness >= 0.7:
        said.append("highly check-worthy")
    if signals.already_checked_rating:
        said.append(f"already rated {signals.already_checked_rating}")
    return said
