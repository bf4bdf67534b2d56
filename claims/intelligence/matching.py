"""Claim matching maths: text normalisation, pair features and reranking with sentence embeddings.

Pure (no Django): the service, the `match` command and the CheckThat! evaluation share these functions, so
the score that decides an automatic duplicate is the score that was measured.

A candidate's score is a logistic model over a few pair features (embedding cosines, lexical overlap,
number agreement, and where a candidate stands in its list). The weights below were fitted on the CheckThat!
2020 task 2 training split, on the candidates the product's own selector returns (embedded without the matching
head, see `claims.evaluation.matching`), with `python -m claims.evaluation.matching tune` (five-fold
cross-validation on train, MAP@5 0.907 with the rows of one statement listed together); the score reads as the
probability that the two texts state the same claim.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import snowballstemmer

EMBEDDING_DTYPE = np.float32
EMBEDDING_DIMENSIONS = 384

# A small English stop list: words that carry no claim content and would only add noise to overlap scores.
_STOPWORD_TEXT = """
    a about above after again against all am an and any are aren't as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have having
    he her here hers herself him himself his how i if in into is it its itself just let me more most my myself
    no nor not of off on once only or other our ours ourselves out over own same she should so some such than
    that the their theirs them themselves then there these they this those through to too under until up very
    was we were what when where which while who whom why will with would you your yours yourself yourselves
    s t rt amp via says said say claim claims photo video shows show pic image just now new one also
    wasn isn aren don doesn didn won can couldn shouldn wouldn
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S*", re.IGNORECASE)
# A tweet's trailing attribution as copied from twitter.com: "— Name (@handle) January 6, 2020".
_TWEET_TRAILER = re.compile(r"\s*[\u2014\u2013]\s*([^\u2014\u2013]{0,80}?)\s*\(@\w+\)\s*[A-Z][a-z]+ \d{1,2}, \d{4}\s*$")
_HASHTAG_OR_MENTION = re.compile(r"[#@](\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")
_WORD = re.compile(r"[a-z0-9]+(?:['\u2019][a-z]+)?")
_ALL_WORDS = re.compile(r"\w+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")

_stemmer = snowballstemmer.stemmer("english")


def clean_text(text: str) -> str:
    """Readable claim text: links and markup removed, hashtags split into words, a tweet's author in front.

    The author leads ("Name: text") as in `claim_document`, because who says it is part of the claim.
    """
    text = html.unescape(text or "")
    # Each pattern runs only on texts with a character it needs (most texts have none): reranking cleans every
    # candidate's text, and searching costs more than looking for one character.
    trailer = _TWEET_TRAILER.search(text) if "\u2014" in text or "\u2013" in text else None
    if trailer:
        author = trailer.group(1).strip()
        text = text[: trailer.start()]
        if author:
            text = f"{author}: {text}"
    if "/" in text or "www." in text.lower():
        text = _URL.sub(" ", text)
    if "#" in text or "@" in text:
        text = _HASHTAG_OR_MENTION.sub(lambda m: " " + _CAMEL.sub(" ", m.group(1)) + " ", text)
    # Runs of whitespace as one space, none at the ends (str.split's whitespace is the regex's \s).
    return " ".join(text.split())


@lru_cache(maxsize=200_000)
def _token(word: str) -> str | None:
    """A found word's stem without its clitic ("it's" -> "it"), or None for a stop word."""
    word = word.split("'")[0]
    return _stemmer.stemWord(word) if word and word not in STOPWORDS else None


def tokens(text: str) -> list[str]:
    """Stemmed content words of an already cleaned text (Snowball English, as PostgreSQL's `english`)."""
    found = map(_token, _WORD.findall(text.lower().replace("\u2019", "'")))
    return [token for token in found if token is not None]


def numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in _NUMBER.findall(text)}


def claim_statement(text: str) -> str:
    """What is claimed without who claims it: the cleaned text without a tweet's author in front."""
    trailer = _TWEET_TRAILER.search(html.unescape(text or ""))
    if trailer:
        text = html.unescape(text)[: trailer.start()]
    return clean_text(text)


def claim_document(text: str, claimant: str = "") -> str:
    """The text a claim (or a fact-checked claim) is embedded by: its claimant, then what was claimed."""
    text = clean_text(text)
    claimant = claimant.strip()
    return f"{claimant}: {text}" if claimant and claimant.lower() not in text.lower() else text


def as_embedding(value: Sequence[float] | np.ndarray | None) -> np.ndarray | None:
    """A stored embedding (a list of floats as the database gives it, or an array) as float32, if it is one."""
    if value is None:
        return None
    vector = np.asarray(value, dtype=EMBEDDING_DTYPE)
    return vector if vector.shape == (EMBEDDING_DIMENSIONS,) else None


@dataclass
class Candidate:
    """Something a claim may repeat: a stored claim or a fact-check, with what reranking needs."""

    key: tuple[str, int]  # (kind, id): kind is "claim" or "factcheck"
    text: str
    title: str = ""
    embedding: np.ndarray | None = None
    # The cosine to the query when the database computed it; else it is computed from `embedding`.
    cosine: float | None = None
    lexical: float = 0.0  # the retriever's score, scaled to 0..1 within one query's candidates
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Query:
    """A claim to match. `embedding` is its document's ("claimant: text"); `statement_embedding`, when the
    claimant is named, the statement's alone: a fact-check may or may not name who said it."""

    text: str
    embedding: np.ndarray
    tokens: frozenset[str]
    numbers: frozenset[str]
    statement_embedding: np.ndarray | None = None

    @classmethod
    def build(cls, text: str, embedding: np.ndarray, statement_embedding: np.ndarray | None = None) -> Query:
        cleaned = clean_text(text)
        return cls(cleaned, embedding, frozenset(tokens(cleaned)), frozenset(numbers(cleaned)), statement_embedding)


FEATURES = (
    "cosine",
    "cosine_sq",
    "coverage",
    "overlap",
    "lexical",
    "numbers",
    "cosine_gap",
    "cosine_rank",
    "lexical_rank",
    "cosine_x_overlap",
    "nearest",
)
# The features that describe the pair alone; the others compare a candidate with the rest of its list.
ABSOLUTE = [0, 1, 2, 3, 5]

# Fitted on the CheckThat! 2020 task 2 train split (see module docstring). The ranking model orders one
# query's candidates (class-balanced, list-relative features); the same-claim model gives the score that
# thresholds read: a calibrated probability from the pair alone, so an unrelated best candidate stays low.
RANK_WEIGHTS = np.array([2.3823, -0.3459, -0.4359, 13.0193, 0.593, 0.6288, 16.2629, 1.2156, 3.4014, -13.2838, 1.3769])
RANK_BIAS = -1.8815
SAME_CLAIM_WEIGHTS = np.array([6.2666, 7.09, 1.0974, 5.8661, 0.5373])
SAME_CLAIM_BIAS = -9.5618


@dataclass(frozen=True)
class Model:
    rank_weights: np.ndarray = field(default_factory=lambda: RANK_WEIGHTS)
    rank_bias: float = RANK_BIAS
    same_weights: np.ndarray = field(default_factory=lambda: SAME_CLAIM_WEIGHTS)
    same_bias: float = SAME_CLAIM_BIAS


# Candidates' texts are cleaned once for their features and once for their statement key (`_words`).
_cleaned = lru_cache(maxsize=50_000)(clean_text)


@lru_cache(maxsize=50_000)
def _analysed(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Distinct content tokens and numbers of a candidate's text; cached because the same rows come back often. Kept
    as tuples of strings, not sets: the garbage collector stops tracking those, while a full cache of sets made every
    full collection of a worker's heap take over 100 ms."""
    cleaned = _cleaned(text)
    return tuple(set(tokens(cleaned))), tuple(numbers(cleaned))


def pair_features(query: Query, candidate: Candidate) -> np.ndarray:
    """Features of one (query, candidate) pair: all of FEATURES but the last."""
    return np.array(_pair_values(query, candidate), dtype=np.float64)


def _pair_values(query: Query, candidate: Candidate) -> tuple[float, ...]:
    cosine = candidate.cosine
    if cosine is None:
        cosine = 0.0
        if candidate.embedding is not None:
            cosine = float(np.dot(query.embedding, candidate.embedding))
            if query.statement_embedding is not None:
                cosine = max(cosine, float(np.dot(query.statement_embedding, candidate.embedding)))
    # Without a title, the text alone: cleaning drops the trailing space, and the key is the one `_words` cleans.
    cand_tokens, cand_numbers = _analysed(f"{candidate.text} {candidate.title}" if candidate.title else candidate.text)
    shared = len(query.tokens.intersection(cand_tokens))
    coverage = shared / len(cand_tokens) if cand_tokens else 0.0
    overlap = shared / math.sqrt(len(cand_tokens) * len(query.tokens)) if cand_tokens and query.tokens else 0.0
    # +1 when a number agrees, -1 when both state numbers and none agree: a different figure is a different claim.
    number_agreement = 0.0
    if query.numbers and cand_numbers:
        number_agreement = -1.0 if query.numbers.isdisjoint(cand_numbers) else 1.0
    return (cosine, cosine * cosine, coverage, overlap, candidate.lexical, number_agreement)


def candidate_features(query: Query, candidates: Sequence[Candidate]) -> np.ndarray:
    """One row of FEATURES per candidate: the pair's own, then how it stands in the list (its cosine against the
    best, the reciprocal of its rank by cosine and by lexical score, whether it is the nearest)."""
    pairs = np.array([_pair_values(query, candidate) for candidate in candidates], dtype=np.float64)
    cosine, overlap, lexical = pairs[:, 0], pairs[:, 3], pairs[:, 4]
    cosine_rank = np.argsort(np.argsort(-cosine, kind="stable"), kind="stable")
    lexical_rank = np.argsort(np.argsort(-lexical, kind="stable"), kind="stable")
    return np.column_stack(
        [
            pairs,
            cosine - cosine.max(),
            1.0 / (1.0 + cosine_rank),
            1.0 / (1.0 + lexical_rank),
            cosine * overlap,
            (cosine_rank == 0).astype(np.float64),
        ]
    )


def _sigmoid(logits: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30)))


# What each same-claim feature measures, in the words the desk reads next to a score.
FEATURE_LABELS = {
    "cosine": "meaning (sentence embedding cosine)",
    "cosine_sq": "meaning, near-identical wording (cosine squared)",
    "coverage": "share of the candidate's words in the claim",
    "overlap": "words in common",
    "numbers": "numbers agree (+1) or differ (-1)",
}


@dataclass(frozen=True)
class Contribution:
    """One feature's part in a same-claim score: its value and value x weight, in log-odds."""

    feature: str
    label: str
    value: float
    contribution: float


def contributions(names: Sequence[str], labels: dict[str, str], values, weights) -> tuple[Contribution, ...]:
    """value x weight per feature of a logistic score, largest share first."""
    terms = [
        Contribution(name, labels[name], float(value), float(value * weight))
        for name, value, weight in zip(names, values, weights, strict=True)
    ]
    return tuple(sorted(terms, key=lambda term: -abs(term.contribution)))


class Ranked(NamedTuple):
    candidate: Candidate
    score: float
    # The same-claim model's features for this pair, largest share of the log-odds first; with SAME_CLAIM_BIAS
    # they sum to the logit of `score`.
    contributions: tuple[Contribution, ...]


def explain(row: np.ndarray, model: Model) -> tuple[Contribution, ...]:
    """The per-feature terms of one same-claim score, from the feature row the score was computed from."""
    return contributions([FEATURES[index] for index in ABSOLUTE], FEATURE_LABELS, row[ABSOLUTE], model.same_weights)


def rerank(
    query: Query, candidates: Sequence[Candidate], *, model: Model | None = None, top: int | None = None
) -> list[Ranked]:
    """Candidates in the ranking model's order, each with its same-claim probability (0..1) and what weighed in it;
    the first `top` only when given (the others' explanations are not worked out)."""
    if not candidates:
        return []
    model = model or Model()
    features = candidate_features(query, candidates)
    rank = features @ model.rank_weights + model.rank_bias
    same = _sigmoid(features[:, ABSOLUTE] @ model.same_weights + model.same_bias)
    order = np.argsort(-rank, kind="stable")
    listed = statements_together(order, candidates)[:top]
    return [Ranked(candidates[i], float(same[i]), explain(features[i], model)) for i in listed]


@lru_cache(maxsize=50_000)
def _words(text: str) -> tuple[str, ...]:
    return tuple(_ALL_WORDS.findall(_cleaned(text).lower()))


def statement_key(candidate: Candidate) -> tuple:
    """What makes two candidates one statement: their kind, claimant and every word of the text (punctuation and
    quote marks aside)."""
    return (candidate.key[0], (candidate.extra.get("claimant") or "").strip().lower(), _words(candidate.text))


def statements_together(order: Sequence[int], candidates: Sequence[Candidate]) -> list[int]:
    """The ranked candidates (indices in rank order) with the rows of one statement stored more than once (a
    fact-check imported under two URLs, two publishers' fact-checks of the same words) listed together, earliest
    stored first, from the best rank any of them reached."""
    keys = [statement_key(candidate) for candidate in candidates]
    rows: dict[tuple, list[int]] = {}
    for i, key in enumerate(keys):
        rows.setdefault(key, []).append(i)
    listed = []
    seen = set()
    for i in order:
        if keys[i] not in seen:
            seen.add(keys[i])
            listed += sorted(rows[keys[i]], key=lambda j: candidates[j].key[1])
    return listed


def scale_lexical(candidates: Sequence[Candidate]) -> None:
    """Scale retriever scores to 0..1 by the best one, so BM25 and ts_rank read alike."""
    best = max((c.lexical for c in candidates), default=0.0)
    for candidate in candidates:
        candidate.lexical = candidate.lexical / best if best > 0 else 0.0


def fit_logistic(
    features: np.ndarray, labels: np.ndarray, *, balanced: bool = False, l2: float = 1e-3, steps: int = 4000
) -> tuple[np.ndarray, float]:
    """L2-regularised logistic regression by gradient descent on standardised features.

    Returns weights and bias for the raw features. Unweighted classes keep the output a calibrated
    probability; `balanced` weighs the rare positives up, which ranks better.
    """
    mean = features.mean(axis=0)
    scale = features.std(axis=0)
    scale[scale == 0] = 1.0
    x = (features - mean) / scale
    n, d = x.shape
    positives = min(max(float(labels.sum()), 1.0), n - 1.0)
    sample = np.where(labels > 0, n / (2 * positives), n / (2 * (n - positives))) if balanced else np.ones(n)
    w = np.zeros(d)
    b = 0.0
    for _ in range(steps):
        g = (_sigmoid(x @ w + b) - labels) * sample
        w -= 0.5 * (x.T @ g / n + l2 * w)
        b -= 0.5 * float(g.mean())
    weights = w / scale
    return weights, b - float(weights @ mean)
