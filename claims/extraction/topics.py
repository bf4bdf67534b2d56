"""Watched topics: the subjects a desk follows, and how near a sentence comes to them.

A desk that follows a subject (an epidemic's transmission, an election's voting rules) describes it by a few
statements of the kind it wants found. A sentence is as near a topic as its nearest statement (the cosine of
their matching embeddings). Extraction adds that nearness to a candidate's log-odds of being a claim, so that
claims on a watched topic come first and the rest give way (`TopicWeights`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

WEIGHTS_FILE = Path(__file__).resolve().parent / "data" / "topic_weights.json"


@dataclass(frozen=True, slots=True)
class Topic:
    name: str
    statements: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TopicWeights:
    """A candidate's log-odds gain `weight * (cosine - centre)`, the cosine clipped to [floor, 1]: below the
    floor, every sentence is equally far from the desk's topics."""

    weight: float
    centre: float
    floor: float

    def gain(self, cosine: float) -> float:
        return self.weight * (max(cosine, self.floor) - self.centre)

    def reach(self) -> float:
        """The most a watched topic can add to a candidate's log-odds."""
        return self.weight * (1.0 - self.centre)


@cache
def topic_weights() -> TopicWeights:
    """The shipped weights (data/topic_weights.json, written by scripts/fit_topic_weights.py)."""
    fitted = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    return TopicWeights(
        weight=float(fitted["weight"]),
        centre=float(fitted["centre"]),
        floor=float(fitted["floor"]),
    )


def read_topics(path: Path) -> tuple[Topic, ...]:
    """The topics of a topics file ({"topics": [{"name": ..., "statements": [...]}, ...]}); OSError if it cannot be
    read, ValueError if it is not one."""
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))["topics"]
        topics = []
        for entry in entries:
            if not isinstance(entry["statements"], list) or not entry["statements"]:
                raise TypeError(f"the statements of {entry['name']!r} are not a list of at least one")
            if any(len(str(s).strip().splitlines()) != 1 for s in entry["statements"]):
                # stored one per line, a statement of several lines would come back as several statements
                raise TypeError(f"a statement of {entry['name']!r} is empty or not one line")
            topics.append(Topic(str(entry["name"]), tuple(str(s) for s in entry["statements"])))
    except (KeyError, TypeError) as exc:
        raise ValueError(f"not a topics file: {exc!s}") from exc
    return tuple(topics)


def statements_of(description: str) -> tuple[str, ...]:
    """A topic's statements: the non-empty lines of its description."""
    return tuple(line.strip() for line in description.splitlines() if line.strip())


def nearness(vectors: np.ndarray, statement_vectors: Sequence[np.ndarray]) -> np.ndarray:
    """Each text's cosine with the nearest statement of any topic (rows L2-normalised)."""
    return (vectors @ np.concatenate(statement_vectors).T).max(axis=1)
