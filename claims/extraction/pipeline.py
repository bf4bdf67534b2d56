"""The claim pipeline: segment -> attribute -> facets -> score -> select.

Check-worthiness combines the shared model (`claims.intelligence.checkworthiness`, one batched call
per article) with what the model does not see: whether the sentence is attributed, carries figures,
dates or names, makes a health or scientific assertion, states a source's position (what it demands,
rejects or will not accept), reads as opinion, and how central it is to the article. The model was trained on
debate sentences (ClaimBuster); a second logistic layer over the same pooled encoder states, the news head
(`data/news_head.npz`), is fitted on news sentences, and its log-odds count beside the model's. They are added
in log-odds around the model threshold (the model's DEFAULT_THRESHOLD unless
FACTCHECK_CHECKWORTHINESS_THRESHOLD is set):

    checkworthiness = sigmoid(intercept + sum(weight * evidence)
                              + model * clip(logit(p_model) - logit(model_threshold), +-model_clip)
                              + news * clip(news_log_odds, +-news_clip))

The weights live in `data/evidence_weights.json` (EvidenceWeights), fitted with the news head by
`scripts/fit_evidence_weights.py` on the train split of our hand-labelled Wikinews sentences; the validation split
chose the head's penalty, the clips, the penalty and the intercept (see the README's claim-intelligence section). The
models' word counts for most: a plain sentence becomes a claim only on their confident word, and a source, a figure or
a stated position lifts a sentence they are unsure of.

Candidates that can never be claims (headings, questions, service lines, fragments of under four
words, opinions, citations under a "Sources" heading) skip the model, and so do candidates with too
little evidence for the models' clipped margins to lift them to the threshold. A candidate is a claim when
`checkworthiness >= CLAIM_THRESHOLD` (0.5) and it ranks within the article's claim budget (`claim_budget`).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from claims.extraction import facets
from claims.extraction import lexicon as lx
from claims.extraction.attribution import Unit, attribute
from claims.extraction.candidates import (
    CLAIM_THRESHOLD,
    MIN_WORDS,
    NO_LIMITS,
    ExtractedClaim,
    Limits,
    claim_budget,
)
from claims.extraction.centrality import centrality
from claims.extraction.segment import HEADING, Segment, segment
from claims.extraction.topics import Topic, TopicWeights, nearness
from claims.extraction.topics import topic_weights as shipped_topic_weights

if TYPE_CHECKING:
    from claims.intelligence.embeddings import HeldStates

_NEVER = -10.0  # log-odds of a candidate that can never be a claim
# The evidence each candidate carries besides the model's word, in the order of the fitted weights.
FEATURES = (
    "number",
    "date",
    "entity",
    "attributed",
    "reported",  # indirect speech ("adding that ...") carries a proposition, not just a quotation
    "position",  # a named source's stated position (see lexicon.POSITION)
    "normative",
    "central",  # standard deviations of centrality within the article, clipped to +-2
    "science_health",  # distinct health or science terms, up to _MAX_TERMS
    "generic",
)
_MAX_TERMS = 5
WEIGHTS_FILE = Path(__file__).resolve().parent / "data" / "evidence_weights.json"
NEWS_HEAD_FILE = Path(__file__).resolve().parent / "data" / "news_head.npz"

_QUOTES = '"“”'
_REPORTING = (
    r"\b(?:said|says|saying|added|adding|adds|claimed|claiming|claims|argued|arguing|insisted|insisting|"
    r"warned|warning|stated|stating|noted|noting|reported|found|concluded|showed|ruled|told \w+)"
)
_REPORTED = re.compile(
    _REPORTING
    + r"\s+that\b"
    # English drops "that" as often as not ("has said any deployment would be unacceptable"): a reporting verb
    # followed, within one run of words, by the finite verb of the reported clause.
    + r"|"
    + _REPORTING
    + r"\s+(?:[\w'-]+\s+){1,6}?"
    r"(?:would|will|was|were|is|are|had|has|have|could|can|must|should|did|does|do)\b"
    r"|\b(?:has|have|had) (?:proposed|offered|demanded|pledged)\b"  # a proposal carries its terms
)
_REFERENCES = re.compile(r"^(?:sources?|references|bibliography|works cited|citations)\s*:?$", re.IGNORECASE)
_SPECIFIC_DATE = re.compile(r"\d|day\b|(?:last|this|next) ", re.IGNORECASE)
# Sentences go to the model in chunks of this many, so a time limit is checked while it runs.
_MODEL_CHUNK = 256


def clean(quote: str) -> str:
    """The claim as a reader sees it: one line, without an unbalanced quotation mark at either end."""
    text = " ".join(quote.split())
    if sum(text.count(q) for q in _QUOTES) % 2 == 1:
        if text[:1] in _QUOTES:
            text = text[1:]
        elif text[-1:] in _QUOTES:
            text = text[:-1]
        elif text[-2:-1] in _QUOTES and text[-1] in ".!?":
            text = text[:-2] + text[-1]
    return text.strip()


def _is_opinion(text: str, has_numbers: bool) -> bool:
    return bool(lx.OPINION.search(text)) and not has_numbers


def evidence(claim: ExtractedClaim, central: float) -> tuple[float, ...]:
    """The candidate's value for each of FEATURES."""
    cued = bool(claim.cue)
    terms = {m.lower() for m in lx.SCIENCE_HEALTH.findall(claim.text)}
    return (
        float(bool(claim.numbers)),
        float(any(_SPECIFIC_DATE.search(d) for d in claim.dates)),
        float(bool(claim.entities)),
        float(cued),
        float(cued and bool(_REPORTED.search(claim.text))),
        float(cued and bool(lx.POSITION.search(claim.text))),
        float(bool(lx.NORMATIVE.search(claim.text))),
        max(-2.0, min(2.0, central)),
        float(min(len(terms), _MAX_TERMS)),
        float(bool(lx.GENERIC_ASSERTION.search(claim.text))),
    )


@dataclass(frozen=True, slots=True)
class EvidenceWeights:
    """How evidence and the models' clipped margins add up to a candidate's log-odds of being a claim."""

    features: tuple[float, ...]
    model: float
    model_clip: float
    intercept: float
    news: float = 0.0
    news_clip: float = 0.0

    def base(self, values: Sequence[float]) -> float:
        """The log-odds without the models, as if both sat at their thresholds."""
        return self.intercept + sum(w * v for w, v in zip(self.features, values, strict=True))

    def with_model(self, base: float, margin: float, news_margin: float) -> float:
        return (
            base
            + self.model * max(-self.model_clip, min(self.model_clip, margin))
            + self.news * max(-self.news_clip, min(self.news_clip, news_margin))
        )

    def reach(self) -> float:
        """How far the models can move a candidate's log-odds."""
        return abs(self.model) * self.model_clip + abs(self.news) * self.news_clip


@cache
def evidence_weights() -> EvidenceWeights:
    """The shipped weights (data/evidence_weights.json, written by scripts/fit_evidence_weights.py beside the
    hand-set weights it pulled them towards)."""
    fitted = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    return EvidenceWeights(
        features=tuple(float(fitted["features"][name]) for name in FEATURES),
        model=float(fitted["model"]),
        model_clip=float(fitted["model_clip"]),
        intercept=float(fitted["intercept"]),
        news=float(fitted.get("news", 0.0)),
        news_clip=float(fitted.get("news_clip", 0.0)),
    )


@dataclass(frozen=True, slots=True)
class NewsHead:
    """A logistic layer over the check-worthiness model's pooled encoder states, fitted on news sentences.

    `weights` and `bias` act on the pooled states as the model computes them (its standardisation folded in), so the
    head is tied to the shipped model: retraining the model means refitting the head."""

    weights: np.ndarray
    bias: float

    def log_odds(self, pooled: np.ndarray) -> np.ndarray:
        return pooled.astype(np.float64) @ self.weights + self.bias


@cache
def news_head() -> NewsHead:
    with np.load(NEWS_HEAD_FILE) as stored:
        return NewsHead(weights=stored["weights"].astype(np.float64), bias=float(stored["bias"]))


def never_claim(claim: ExtractedClaim) -> bool:
    """Headings, questions, service lines, fragments and opinions: not worth a trip through the model."""
    return (
        claim.kind == HEADING
        or claim.opinion
        or len(claim.text.split()) < MIN_WORDS
        or claim.text.rstrip(_QUOTES + " ").endswith("?")
        or bool(lx.BOILERPLATE.match(claim.text.lstrip(_QUOTES + "\u2018\u2019'( ")))
    )


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def candidates(text: str, title: str = "", limits: Limits = NO_LIMITS) -> list[ExtractedClaim]:
    segments = segment(text)
    limits.check_sentences(len(segments))
    units: list[Unit] = attribute(text, segments, title=title)
    headings: list[Segment] = [s for s in segments if s.kind == HEADING]
    known = facets.proper_words(text)
    spans = sorted([(u.start, u.end, u) for u in units] + [(h.start, h.end, None) for h in headings])
    out = []
    for start, end, unit in spans:
        quote = text[start:end]
        cleaned = clean(quote)
        date_list, date_spans = facets.dates(cleaned)
        claim = ExtractedClaim(
            text=cleaned,
            quote=quote,
            start=start,
            end=end,
            claimant=unit.claimant if unit else "",
            cue=unit.cue if unit else "",
            numbers=facets.numbers(cleaned, date_spans),
            dates=date_list,
            entities=facets.entities(cleaned, known),
            kind=unit.segment.kind if unit else HEADING,
        )
        claim.opinion = _is_opinion(cleaned, bool(claim.numbers))
        out.append(claim)
    return out


def references_start(claims: Sequence[ExtractedClaim]) -> int:
    """Index of a "Sources" or "References" heading: everything under it is a citation, not something the
    article claims (len(claims) when there is none)."""
    return next((i for i, c in enumerate(claims) if c.kind == HEADING and _REFERENCES.match(c.text)), len(claims))


def candidate_evidence(claims: Sequence[ExtractedClaim]) -> list[tuple[float, ...] | None]:
    """Each candidate's evidence, None for one that can never be a claim."""
    central = centrality([c.text for c in claims])
    cited = references_start(claims)
    return [
        None if i > cited or never_claim(claim) else evidence(claim, c)
        for i, (claim, c) in enumerate(zip(claims, central, strict=True))
    ]


def extract_with(
    text: str,
    *,
    score: Callable[[Sequence[str]], list[float]],
    model_threshold: float,
    news: Callable[[Sequence[str]], Sequence[float]] | None = None,
    title: str = "",
    limits: Limits = NO_LIMITS,
    weights: EvidenceWeights | None = None,
    topics: Sequence[Topic] = (),
    topic_nearness: Callable[[Sequence[str]], np.ndarray] | None = None,
    topic_weights: TopicWeights | None = None,
) -> list[ExtractedClaim]:
    """extract_claims with an explicit sentence scorer (the model's `score` and its threshold; `news`, the news
    head's log-odds of sentences `score` has been given, or None to leave the head at its threshold) and, to
    compare others with them, evidence weights other than the shipped ones.

    With watched `topics`, `topic_nearness` gives each scored sentence's cosine with the nearest of their statements
    (after `score` has seen it), which moves its log-odds by `topic_weights` (the shipped ones unless given)."""
    deadline = limits.deadline()
    claims = candidates(text, title, limits)
    if not claims:
        return []
    limits.check_time(deadline)
    weights = weights or evidence_weights()
    base = [None if e is None else weights.base(e) for e in candidate_evidence(claims)]
    # Only candidates the model could lift to the threshold are sent to it: each distinct sentence once (releases
    # repeat their safety text), in one call per article.
    reach = weights.reach()
    if topics:
        if topic_nearness is None:
            raise ValueError("watched topics need topic_nearness")
        topic_weights = topic_weights or shipped_topic_weights()
        reach += topic_weights.reach()
    texts = [c.text for c in claims]
    asked = list(dict.fromkeys(t for t, b in zip(texts, base, strict=True) if b is not None and b + reach >= 0))
    scores: list[float] = []
    news_of_asked: list[float] = []
    nearness_of_asked: list[float] = []
    for begin in range(0, len(asked), _MODEL_CHUNK):
        chunk = asked[begin : begin + _MODEL_CHUNK]
        limits.check_time(deadline)
        scores += score(chunk)
        news_of_asked += [0.0] * len(chunk) if news is None else [float(value) for value in news(chunk)]
        if topics:
            limits.check_time(deadline)
            nearness_of_asked += [float(value) for value in topic_nearness(chunk)]
    limits.check_time(deadline)
    answers = dict(zip(asked, scores, strict=True))
    news_margins = dict(zip(asked, news_of_asked, strict=True))
    near = dict(zip(asked, nearness_of_asked, strict=True)) if topics else {}
    centre = _logit(model_threshold)
    for claim, b in zip(claims, base, strict=True):
        if b is None:
            z = _NEVER
        elif claim.text in answers:
            z = weights.with_model(b, _logit(float(answers[claim.text])) - centre, news_margins[claim.text])
            if topics:
                z += topic_weights.gain(near[claim.text])
        else:
            z = b  # out of the model's reach: scored as if the model sat at its threshold
        claim.checkworthiness = 1.0 / (1.0 + math.exp(-z))
    budget = claim_budget(len(claims))
    ranked = sorted(
        (c for c, b in zip(claims, base, strict=True) if b is not None and c.checkworthiness >= CLAIM_THRESHOLD),
        key=lambda c: -c.checkworthiness,
    )
    for claim in ranked[:budget]:
        claim.is_claim = True
    return claims


def extract_claims(
    text: str,
    *,
    title: str = "",
    model_threshold: float | None = None,
    language: str = "en",
    limits: Limits = NO_LIMITS,
    topics: Sequence[Topic] = (),
) -> list[ExtractedClaim]:
    """Every claim candidate of an article, in text order, with `is_claim` set by CLAIM_THRESHOLD.

    Claims on the watched `topics` rank first (see `claims.extraction.topics`); only English text is matched
    against topics.

    `model_threshold` is the model score that counts as check-worthy (the FACTCHECK_CHECKWORTHINESS_THRESHOLD
    setting); None means the model's own DEFAULT_THRESHOLD. The news head's cut moves with it by the same log-odds.
    Work beyond `limits` raises ExtractionLimitExceeded.
    Text in a language extraction does not handle gives no candidates.
    """
    if language != "en":
        from claims.extraction import multilingual

        return (
            multilingual.extract(text, language=language, title=title, limits=limits)
            if multilingual.handles(language)
            else []
        )
    # Imported here so segmentation and attribution stay usable without loading the model stack.
    from claims.intelligence import checkworthiness, matching

    scorer = checkworthiness.get_scorer()
    if model_threshold is None:
        model_threshold = scorer.threshold
    head = news_head()
    # A threshold set above or below the model's own asks as much more or less of the news head, in log-odds.
    news_shift = _logit(model_threshold) - _logit(scorer.threshold)
    passes: list[tuple[HeldStates, Sequence[str]]] = []
    news_log_odds: dict[str, float] = {}

    def score(sentences: Sequence[str]) -> list[float]:
        pooled, states = scorer.pools_holding_states(sentences)
        passes.append((states, sentences))
        news_log_odds.update(zip(sentences, (head.log_odds(pooled) - news_shift).tolist(), strict=True))
        return [float(p) for p in scorer.score_features(pooled)]

    def news(sentences: Sequence[str]) -> list[float]:
        return [news_log_odds[sentence] for sentence in sentences]

    embedded: dict[str, Any] = {}

    def finish(wanted: set[str]) -> None:
        """Finish the embeddings of the scored sentences in `wanted` from the passes that scored them."""
        for states, sentences in passes:
            picked = [i for i, sentence in enumerate(sentences) if sentence in wanted and sentence not in embedded]
            embedded.update(zip((sentences[i] for i in picked), states.embed(picked), strict=True))

    def topic_nearness(sentences: Sequence[str]) -> np.ndarray:
        finish(set(sentences))
        vectors = np.stack([embedded[sentence] for sentence in sentences])
        return nearness(vectors, [_statement_vectors(topic.statements) for topic in topics])

    claims = extract_with(
        text,
        score=score,
        model_threshold=model_threshold,
        news=news,
        title=title,
        limits=limits,
        topics=topics,
        topic_nearness=topic_nearness,
    )
    # Matching embeds "claimant: text" unless the text names its claimant; only then is it the sentence the model
    # scored, and its embedding is finished from that pass (two more layers) instead of embedded afresh (six).
    own = [c for c in claims if c.is_claim and matching.claim_document(c.text, c.claimant) == c.text]
    finish({c.text for c in own})
    for claim in own:
        claim.embedding = embedded.get(claim.text)
    return claims


@lru_cache(maxsize=256)
def _statement_vectors(statements: tuple[str, ...]) -> np.ndarray:
    from claims.intelligence import embeddings

    return embeddings.embed(list(statements))
